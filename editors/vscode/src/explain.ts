// "Explain rule or API at cursor": asks the server's nodecoach.explain command and
// shows the Markdown it returns in VS Code's Markdown preview, through a read-only
// virtual document (nothing to save, nothing left dirty).
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

export const explainScheme = 'nodecoach-explain';
const serverCommand = 'nodecoach.explain';

export interface ExplainResult {
  title: string;
  markdown: string;
}

/** Serves the explanations as read-only Markdown documents. */
export class ExplanationProvider implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }

  /** Stores an explanation and returns the URI of its document. */
  put(result: ExplainResult): vscode.Uri {
    const name = result.title.replace(/[\\/:*?"<>|#%]+/g, ' ').trim() || 'explanation';
    const uri = vscode.Uri.from({ scheme: explainScheme, path: `/${name}.md` });
    let body = result.markdown.trim();
    if (!/^#\s/.test(body)) {
      body = `# ${result.title}\n\n${body}`;
    }
    this.docs.set(uri.toString(), body + '\n');
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function isExplainResult(v: unknown): v is ExplainResult {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ExplainResult).title === 'string' &&
    typeof (v as ExplainResult).markdown === 'string'
  );
}

/** Asks the server what is at the editor's cursor; undefined when there is nothing. */
export async function explainAt(client: LanguageClient, editor: vscode.TextEditor): Promise<ExplainResult | undefined> {
  const pos = editor.selection.active;
  return explainBy(client, {
    uri: client.code2ProtocolConverter.asUri(editor.document.uri),
    position: { line: pos.line, character: pos.character },
  });
}

/** Asks the server about a rule id (e.g. the code of a diagnostic). */
export async function explainRule(client: LanguageClient, rule: string): Promise<ExplainResult | undefined> {
  return explainBy(client, { rule });
}

/** Asks the server for a knowledge entry by id (a topic of the topics view). */
export async function explainEntry(client: LanguageClient, entry: string): Promise<ExplainResult | undefined> {
  return explainBy(client, { entry });
}

/** Runs the server's explain command with its one argument: a place, a rule or an entry. */
async function explainBy(
  client: LanguageClient,
  what: { uri: string; position: { line: number; character: number } } | { rule: string } | { entry: string },
): Promise<ExplainResult | undefined> {
  const result: unknown = await client.sendRequest(ExecuteCommandRequest.type, {
    command: serverCommand,
    arguments: [what],
  });
  return isExplainResult(result) ? result : undefined;
}

/** Opens the explanation in the Markdown preview beside the editor. */
export async function showExplanation(provider: ExplanationProvider, result: ExplainResult): Promise<void> {
  const uri = provider.put(result);
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
}
