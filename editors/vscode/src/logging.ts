// Logging glue between vscode-languageclient 11 and nodecoach.
import * as readline from 'node:readline';
import type { Readable } from 'node:stream';
import * as vscode from 'vscode';

/**
 * Forwards the server's stderr to the log at the level the server wrote. The server logs
 * with zap's console encoder: `2026-01-02T03:04:05.678Z<TAB>INFO<TAB>message<TAB>{fields}`.
 * (The client's default would log every stderr line as an error.)
 */
export function pipeServerLog(input: Readable, log: vscode.LogOutputChannel): void {
  readline.createInterface({ input, crlfDelay: Infinity, terminal: false, historySize: 0 }).on('line', (line) => {
    const parts = line.split('\t');
    const level = parts.length >= 3 && /^\d{4}-\d\d-\d\dT/.test(parts[0]) ? parts[1] : '';
    const msg = level ? `[server] ${parts.slice(2).join(' ')}` : `[server] ${line}`;
    switch (level) {
      case 'DEBUG':
        log.debug(msg);
        break;
      case 'INFO':
        log.info(msg);
        break;
      case 'WARN':
        log.warn(msg);
        break;
      case '':
        // Not a zap line (a Go panic, say): keep it visible.
        log.error(msg);
        break;
      default:
        log.error(msg);
    }
  });
}

/**
 * The LSP trace channel. vscode-languageclient 11 traces only when its trace channel's
 * log level is Trace, which a LogOutputChannel leaves to the user (Output view → gear).
 * This channel instead reports Trace whenever `nodecoach.trace.server` is not "off", so
 * that the setting alone turns tracing on, and writes the messages to a plain output
 * channel named "nodecoach LSP trace".
 */
export class TraceChannel implements vscode.LogOutputChannel {
  readonly name = 'nodecoach LSP trace';
  private readonly out = vscode.window.createOutputChannel(this.name);
  private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.levelChanged.event;
  private level = TraceChannel.configured();
  private readonly watcher = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('nodecoach.trace.server')) {
      const level = TraceChannel.configured();
      if (level !== this.level) {
        this.level = level;
        this.levelChanged.fire(level);
      }
    }
  });

  private static configured(): vscode.LogLevel {
    const v = vscode.workspace.getConfiguration('nodecoach').get<string>('trace.server', 'off');
    return v === 'messages' || v === 'verbose' ? vscode.LogLevel.Trace : vscode.LogLevel.Info;
  }

  get logLevel(): vscode.LogLevel {
    return this.level;
  }

  private write(tag: string, message: string | Error, args: unknown[]): void {
    const text = message instanceof Error ? (message.stack ?? message.message) : message;
    const extra = args.length ? ' ' + args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : '';
    this.out.appendLine(`${new Date().toISOString()} [${tag}] ${text}${extra}`);
  }

  trace(message: string, ...args: unknown[]): void {
    this.write('trace', message, args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.write('debug', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.write('info', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.write('warning', message, args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.write('error', error, args);
  }
  append(value: string): void {
    this.out.append(value);
  }
  appendLine(value: string): void {
    this.out.appendLine(value);
  }
  replace(value: string): void {
    this.out.replace(value);
  }
  clear(): void {
    this.out.clear();
  }
  show(preserveFocusOrColumn?: boolean | vscode.ViewColumn, preserveFocus?: boolean): void {
    if (typeof preserveFocusOrColumn === 'boolean' || preserveFocusOrColumn === undefined) {
      this.out.show(preserveFocusOrColumn);
    } else {
      this.out.show(preserveFocusOrColumn, preserveFocus);
    }
  }
  hide(): void {
    this.out.hide();
  }
  dispose(): void {
    this.watcher.dispose();
    this.levelChanged.dispose();
    this.out.dispose();
  }
}
