// The "Node.js topics" view in the explorer: the knowledge entries the workspace
// touches, most places first, from the server's nodecoach/topics request. A topic
// opens its entry; its children are its places, each jumping to the code; the
// Practice action asks the entry's interview question and keeps the answer folded
// until asked for (see practice.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const topicsViewId = 'nodecoach.topics';
const topicsMethod = 'nodecoach/topics';

interface Position {
  line: number;
  character: number;
}

export interface TopicPlace {
  uri: string;
  range: { start: Position; end: Position };
  api?: string;
  rule?: string;
}

export interface Topic {
  id: string;
  title: string;
  summary: string;
  total: number;
  files: number;
  more: number;
  places: TopicPlace[];
}

interface TopicsResult {
  topics: Topic[];
  files: number;
}

/** A row of the view: a topic, one of its places, or the count of places left out. */
export type TopicsNode =
  | { kind: 'topic'; topic: Topic }
  | { kind: 'place'; topic: Topic; place: TopicPlace }
  | { kind: 'more'; topic: Topic };

export class TopicsProvider implements vscode.TreeDataProvider<TopicsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TopicsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  /** The topics of the last answer, for commands and the test. */
  last: Topic[] = [];
  /** An answer already fetched for the next redraw. */
  private prefetched: Topic[] | undefined;

  constructor(
    private readonly client: () => Promise<LanguageClient | undefined>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Asks the server again now. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Asks again once things settle: diagnostics arrive in bursts while the index runs. */
  refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refreshIfChanged(), 750);
  }

  /**
   * Asks the server, and redraws only when the answer differs. A redraw replaces every
   * row and the command it carries, so a click landing on a row meanwhile (opening a
   * place changes the diagnostics, which asks again) would find its command gone.
   */
  private async refreshIfChanged(): Promise<void> {
    const before = JSON.stringify(this.last);
    const next = await this.fetch();
    if (JSON.stringify(next) !== before) {
      this.prefetched = next;
      this.changed.fire(undefined);
    }
  }

  async fetch(): Promise<Topic[]> {
    const c = await this.client();
    if (!c) {
      return [];
    }
    try {
      const result = await c.sendRequest<TopicsResult>(topicsMethod, {});
      this.last = result?.topics ?? [];
    } catch (err) {
      this.log.warn(`${topicsMethod} failed: ${err instanceof Error ? err.message : String(err)}`);
      this.last = [];
    }
    return this.last;
  }

  async getChildren(node?: TopicsNode): Promise<TopicsNode[]> {
    if (!node) {
      const topics = this.prefetched ?? (await this.fetch());
      this.prefetched = undefined;
      return topics.map((topic) => ({ kind: 'topic', topic }));
    }
    if (node.kind !== 'topic') {
      return [];
    }
    const rows: TopicsNode[] = node.topic.places.map((place) => ({ kind: 'place', topic: node.topic, place }));
    if (node.topic.more > 0) {
      rows.push({ kind: 'more', topic: node.topic });
    }
    return rows;
  }

  getTreeItem(node: TopicsNode): vscode.TreeItem {
    const { topic } = node;
    if (node.kind === 'topic') {
      const item = new vscode.TreeItem(topic.title, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `topic:${topic.id}`;
      item.description = `${topic.total} ${topic.total === 1 ? 'place' : 'places'}${topic.files > 1 ? ` in ${topic.files} files` : ''}`;
      item.tooltip = new vscode.MarkdownString(`**${topic.title}**\n\n${topic.summary}`);
      item.contextValue = 'nodecoach.topic';
      item.iconPath = new vscode.ThemeIcon('book');
      item.command = { command: 'nodecoach.topics.open', title: 'Open Topic', arguments: [node] };
      return item;
    }
    if (node.kind === 'more') {
      const item = new vscode.TreeItem(`… ${topic.more} more ${topic.more === 1 ? 'place' : 'places'}`);
      item.id = `more:${topic.id}`;
      return item;
    }
    const { place } = node;
    const uri = vscode.Uri.parse(place.uri);
    const start = new vscode.Position(place.range.start.line, place.range.start.character);
    const end = new vscode.Position(place.range.end.line, place.range.end.character);
    const item = new vscode.TreeItem(`${path.basename(uri.path)}:${start.line + 1}`);
    item.id = `place:${topic.id}:${place.uri}:${start.line}:${start.character}`;
    item.description = place.api ?? place.rule ?? '';
    item.tooltip = `${vscode.workspace.asRelativePath(uri)}:${start.line + 1}:${start.character + 1}${place.rule ? ` (finding: ${place.rule})` : ''}`;
    item.resourceUri = uri;
    item.iconPath = place.rule ? new vscode.ThemeIcon('warning') : new vscode.ThemeIcon('symbol-method');
    item.command = {
      command: 'vscode.open',
      title: 'Go to Place',
      arguments: [uri, { selection: new vscode.Range(start, end) } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}

/** The topic a command was run on: a row of the view, or, from the palette, one picked. */
export async function topicOf(provider: TopicsProvider, node?: TopicsNode): Promise<Topic | undefined> {
  if (node) {
    return node.topic;
  }
  const topics = provider.last.length > 0 ? provider.last : await provider.fetch();
  if (topics.length === 0) {
    void vscode.window.showInformationMessage('nodecoach: no Node.js topics in this workspace yet. Open a JavaScript or TypeScript file.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    topics.map((t) => ({ label: t.title, description: `${t.total} places`, detail: t.summary, topic: t })),
    { placeHolder: 'Which Node.js topic?', matchOnDetail: true },
  );
  return picked?.topic;
}
