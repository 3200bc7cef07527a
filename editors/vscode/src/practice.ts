// "Practice": an entry as an interview drill in a webview. The question comes first;
// the answer and what the interview answer gets wrong stay folded (<details>) until
// the reader opens them, so one can answer in one's head before reading. The page runs
// no script; the Markdown is rendered by VS Code's own Markdown extension.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

const practiceMethod = 'nodecoach/practice';

interface PracticeResult {
  id: string;
  title: string;
  questions: string[];
  answer: string;
  corrections: string;
}

let panel: vscode.WebviewPanel | undefined;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Markdown as HTML through the built-in Markdown extension; escaped text if it is absent. */
async function render(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string') {
      return html;
    }
  } catch {
    // the Markdown extension is disabled
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

async function page(webview: vscode.Webview, p: PracticeResult): Promise<string> {
  const questions = p.questions.map((q) => `<li>${escapeHtml(q)}</li>`).join('');
  const corrections = p.corrections
    ? `<details class="corrections"><summary>Show what the usual answer gets wrong</summary>${await render(p.corrections)}</details>`
    : '';
  // No script may run, styles only from the page itself.
  const csp = `default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline'; img-src ${webview.cspSource} https:;`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Practice: ${escapeHtml(p.title)}</title>
<style>
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); line-height: 1.5; max-width: 60em; padding: 0 1em; }
  .question { font-size: 1.25em; }
  summary { cursor: pointer; font-weight: 600; margin: 1em 0; color: var(--vscode-textLink-foreground); }
  pre, code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); }
  pre { padding: 0.5em; overflow-x: auto; }
</style></head>
<body>
<h1>Practice: ${escapeHtml(p.title)}</h1>
<p>Answer the question out loud or on paper first, then open the answer.</p>
<ul class="question">${questions}</ul>
<details class="answer"><summary>Show the answer</summary>${await render(p.answer)}</details>
${corrections}
</body></html>`;
}

/** Asks the server for the drill of an entry and shows it, reusing the one panel. */
export async function showPractice(client: LanguageClient, entry: string): Promise<void> {
  const p = await client.sendRequest<PracticeResult>(practiceMethod, { entry });
  if (!panel) {
    panel = vscode.window.createWebviewPanel('nodecoach.practice', `Practice: ${p.title}`, vscode.ViewColumn.Beside, {
      enableScripts: false,
      enableFindWidget: true,
    });
    panel.onDidDispose(() => (panel = undefined));
  }
  panel.title = `Practice: ${p.title}`;
  panel.webview.html = await page(panel.webview, p);
  panel.reveal(vscode.ViewColumn.Beside);
}
