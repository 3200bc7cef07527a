// nodecoach for VS Code: starts `nodecoach serve` as a language server for JavaScript
// and TypeScript files, adds commands to explain, restart and show the log, and the
// "Node.js topics" view of the explorer.
import * as vscode from 'vscode';
import { LanguageClient, State, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

import { ExplanationProvider, explainAt, explainEntry, explainRule, explainScheme, isExplainResult, showExplanation } from './explain';
import { TraceChannel, pipeServerLog } from './logging';
import { showPractice } from './practice';
import { ResolvedServer, ServerNotFoundError, resolveServer } from './serverPath';
import { TopicsProvider, type TopicsNode, topicOf, topicsViewId } from './topics';

const languages = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

let client: LanguageClient | undefined;
let log: vscode.LogOutputChannel;
let traceChannel: TraceChannel;
let starting: Promise<void> = Promise.resolve();

/** The settings the extension itself uses; the server reads the whole nodecoach section. */
function settings() {
  const c = vscode.workspace.getConfiguration('nodecoach');
  return { enable: c.get<boolean>('enable', true), path: c.get<string>('path', '') };
}

function firstWorkspaceFolder(): string | undefined {
  const f = vscode.workspace.workspaceFolders?.[0];
  return f?.uri.scheme === 'file' ? f.uri.fsPath : undefined;
}

async function notFound(message: string): Promise<void> {
  log.error(message);
  const choice = await vscode.window.showErrorMessage(`nodecoach: ${message}`, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'nodecoach.path');
  } else if (choice === 'Show Output') {
    log.show();
  }
}

async function start(context: vscode.ExtensionContext, provider: ExplanationProvider): Promise<void> {
  const s = settings();
  if (!s.enable) {
    log.info('nodecoach.enable is false: the server is not started');
    return;
  }

  let server: ResolvedServer;
  try {
    server = resolveServer({ setting: s.path, extensionPath: context.extensionPath, workspaceFolder: firstWorkspaceFolder() });
  } catch (err) {
    if (err instanceof ServerNotFoundError) {
      void notFound(err.message);
      return;
    }
    throw err;
  }
  log.info(`starting ${server.command} serve (from ${server.source})`);

  // No transport: the server speaks LSP on stdin/stdout and takes no extra argument.
  const serverOptions: ServerOptions = {
    command: server.command,
    args: ['serve'],
    options: { cwd: firstWorkspaceFolder() },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    outputChannel: log,
    traceOutputChannel: traceChannel,
    stdioOptions: {
      stdout: (input) => pipeServerLog(input, log), // unused: stdout carries LSP
      stderr: (input) => pipeServerLog(input, log),
    },
    // The server pulls the nodecoach section with workspace/configuration after
    // initialize; on every change it also gets it pushed (workspace/didChangeConfiguration).
    synchronize: { configurationSection: 'nodecoach' },
    middleware: {
      // The server's code actions run nodecoach.explain with `open: true`, asking the
      // server to show the result itself (a temporary Markdown file via
      // window/showDocument). In VS Code the Markdown preview is better: take the result
      // and show it here instead.
      executeCommand: async (command, args, next) => {
        const arg: unknown = args[0];
        if (command === 'nodecoach.explain' && args.length === 1 && typeof arg === 'object' && arg !== null && (arg as { open?: unknown }).open) {
          const result: unknown = await next(command, [{ ...arg, open: false }]);
          if (isExplainResult(result)) {
            await showExplanation(provider, result);
          } else {
            void vscode.window.showInformationMessage('nodecoach: nothing to explain here.');
          }
          return result;
        }
        return next(command, args);
      },
    },
  };

  const c = new LanguageClient('nodecoach', 'nodecoach', serverOptions, clientOptions);
  client = c;
  try {
    await c.start();
    log.info('server started');
  } catch (err) {
    log.error(`the server failed to start: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window
      .showErrorMessage(`nodecoach: the language server (${server.command}) failed to start. See the output for details.`, 'Show Output')
      .then((choice) => choice === 'Show Output' && log.show());
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) {
    return;
  }
  try {
    if (c.state !== State.Stopped) {
      await c.stop(5000);
    }
  } catch (err) {
    log.warn(`stopping the server: ${err instanceof Error ? err.message : String(err)}`);
  }
  await c.dispose().catch(() => undefined);
}

/** Runs start/stop/restart one after another, never two at once. */
function serialize(context: vscode.ExtensionContext, provider: ExplanationProvider, what: 'start' | 'restart' | 'stop'): Promise<void> {
  starting = starting
    .catch(() => undefined)
    .then(async () => {
      if (what !== 'start') {
        await stop();
      }
      if (what !== 'stop') {
        await start(context, provider);
      }
    });
  return starting;
}

async function explainCommand(provider: ExplanationProvider): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !languages.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage('nodecoach: open a JavaScript or TypeScript file and put the cursor on a call or a finding.');
    return;
  }
  await starting.catch(() => undefined);
  const c = client;
  if (!settings().enable) {
    void vscode.window.showInformationMessage('nodecoach is turned off (the nodecoach.enable setting).');
    return;
  }
  if (!c || c.state !== State.Running) {
    void vscode.window.showErrorMessage('nodecoach: the language server is not running.', 'Restart Server').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('nodecoach.restartServer');
      }
    });
    return;
  }
  try {
    let result = await explainAt(c, editor);
    if (!result) {
      // Nothing under the cursor itself: explain a nodecoach finding on the cursor's line.
      const line = editor.selection.active.line;
      const diag = vscode.languages
        .getDiagnostics(editor.document.uri)
        .find((d) => d.source === 'nodecoach' && d.range.start.line <= line && line <= d.range.end.line);
      const rule = typeof diag?.code === 'object' ? String(diag.code.value) : diag?.code !== undefined ? String(diag.code) : undefined;
      if (rule) {
        result = await explainRule(c, rule);
      }
    }
    if (!result) {
      void vscode.window.showInformationMessage('nodecoach: nothing to explain here. Put the cursor on a Node API call or a nodecoach finding.');
      return;
    }
    await showExplanation(provider, result);
  } catch (err) {
    log.error(`nodecoach.explain failed: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage(`nodecoach: explain failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The running client, once any start or restart in progress is done; undefined when it is not running. */
async function runningClient(): Promise<LanguageClient | undefined> {
  await starting.catch(() => undefined);
  return client?.state === State.Running ? client : undefined;
}

/** Runs a topics view command with the running client, or says why it cannot. */
async function withClient(what: string, run: (c: LanguageClient) => Promise<void>): Promise<void> {
  const c = await runningClient();
  if (!c) {
    void vscode.window.showErrorMessage(`nodecoach: ${what}: the language server is not running.`);
    return;
  }
  try {
    await run(c);
  } catch (err) {
    log.error(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage(`nodecoach: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function topicsView(provider: ExplanationProvider): vscode.Disposable[] {
  const topics = new TopicsProvider(runningClient, log);
  const view = vscode.window.createTreeView(topicsViewId, { treeDataProvider: topics, showCollapseAll: true });
  return [
    topics,
    view,
    vscode.commands.registerCommand('nodecoach.topics.refresh', () => topics.refresh()),
    vscode.commands.registerCommand('nodecoach.topics.open', async (node?: TopicsNode) => {
      const topic = await topicOf(topics, node);
      if (topic) {
        await withClient('open topic', async (c) => {
          const result = await explainEntry(c, topic.id);
          if (result) {
            await showExplanation(provider, result);
          }
        });
      }
    }),
    vscode.commands.registerCommand('nodecoach.topics.practice', async (node?: TopicsNode) => {
      const topic = await topicOf(topics, node);
      if (topic) {
        await withClient('practice', (c) => showPractice(c, topic.id));
      }
    }),
    // Findings and the workspace index change the places: ask again once they settle.
    vscode.languages.onDidChangeDiagnostics(() => view.visible && topics.refreshSoon()),
    view.onDidChangeVisibility((e) => e.visible && topics.refresh()),
  ];
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  log = vscode.window.createOutputChannel('nodecoach', { log: true });
  traceChannel = new TraceChannel();
  const provider = new ExplanationProvider();
  context.subscriptions.push(
    log,
    traceChannel,
    provider,
    ...topicsView(provider),
    vscode.workspace.registerTextDocumentContentProvider(explainScheme, provider),
    // The server registers nodecoach.explain itself (executeCommandProvider), so the
    // extension's own commands use other ids.
    vscode.commands.registerCommand('nodecoach.explainAtCursor', () => explainCommand(provider)),
    vscode.commands.registerCommand('nodecoach.restartServer', () => serialize(context, provider, 'restart')),
    vscode.commands.registerCommand('nodecoach.showOutput', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('nodecoach.enable') || e.affectsConfiguration('nodecoach.path')) {
        log.info('nodecoach.enable or nodecoach.path changed: restarting');
        void serialize(context, provider, 'restart');
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      // nodecoach.path from the workspace applies only once the workspace is trusted.
      if (vscode.workspace.getConfiguration('nodecoach').inspect<string>('path')?.workspaceValue) {
        void serialize(context, provider, 'restart');
      }
    }),
  );
  await serialize(context, provider, 'start');
}

export async function deactivate(): Promise<void> {
  await stop();
}
