// End-to-end smoke test of the VSIX in a real VS Code: code-server 4.100.3 (VS Code 1.100.3)
// driven by playwright-core and Debian's Chromium. It installs the VSIX, opens a copy of
// testdata/express-js, and checks from the DOM that
//   1. the Problems panel lists nodecoach's no-sync-fs-in-handler finding, and shows
//      express-async-missing-next as an error because the nodecoach.rules setting says so,
//   2. hovering readFileSync in src/routes/reports.js shows nodecoach's explanation,
//   3. "nodecoach: Explain Rule or API at Cursor" opens the explanation in the Markdown preview,
//   4. so does the server's "Explain no-sync-fs-in-handler" code action (Ctrl+.),
//   5. "nodecoach: Restart Server" restarts it and "nodecoach: Show Output" shows the log,
//   6. the server that ran is the binary bundled in the VSIX, and nodecoach.trace.server works,
//   7. the "Node.js topics" view lists what `nodecoach topics` finds, most places first; a
//      place jumps to its line, a topic opens its entry, Practice folds the answer,
//   8. turning a rule off in the user settings removes its row (skipped while the server
//      does not refresh pulled diagnostics after a settings change).
// Screenshots go to editors/vscode/test-results/. Exits 1 with the DOM text seen on failure.
//
// Run `make test-vscode` from the repository root (it builds the VSIX and installs code-server
// first). Environment: CODE_SERVER_DIR (the install), NODECOACH_VSIX (the VSIX to test),
// CHROMIUM (default /usr/bin/chromium).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const extDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(extDir, '../..');
const codeServerDir = process.env.CODE_SERVER_DIR ?? path.join(extDir, '.vscode-test', 'code-server-4.100.3');
const runDir = path.join(extDir, '.vscode-test', 'run');
const resultsDir = path.join(extDir, 'test-results');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const overallTimeoutMs = 8 * 60_000;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (msg) => console.log(`[${elapsed()}] ${msg}`);

let codeServer;
let context;
let page;
let passed = 0;
let skipped = 0;
// True until the server sends workspace/diagnostic/refresh after a settings change: then
// step 8 is reported as skipped instead of failed when the Problems panel keeps old rows.
const settingsChangeNeedsServerRefresh = false;
const seen = {}; // DOM text gathered along the way, printed on failure

function fail(message) {
  const err = new Error(message);
  err.expected = true;
  throw err;
}

function findVsix() {
  if (process.env.NODECOACH_VSIX) {
    return path.resolve(process.env.NODECOACH_VSIX);
  }
  const found = fs
    .readdirSync(extDir)
    .filter((f) => /^nodecoach-.*\.vsix$/.test(f))
    .map((f) => path.join(extDir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (found.length === 0) {
    fail(`no nodecoach-*.vsix in ${extDir}: run \`make vsix\` first`);
  }
  return found[0];
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (codeServer?.exitCode !== null) {
      fail(`code-server exited with ${codeServer.exitCode} before answering; see ${path.join(runDir, 'code-server.log')}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`code-server did not answer ${url} within ${timeoutMs / 1000}s`);
}

/** The PATH without folders that hold a nodecoach executable, so the bundled one must be used. */
function pathWithoutNodecoach() {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((d) => d && !fs.existsSync(path.join(d, 'nodecoach')))
    .join(path.delimiter);
}

function findFiles(dir, pred, out = []) {
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      findFiles(p, pred, out);
    } else if (pred(p)) {
      out.push(p);
    }
  }
  return out;
}

function nodecoachLog(userDataDir, trace = false) {
  const files = findFiles(path.join(userDataDir, 'logs'), (p) => /nodecoach[^/]*\.log$/.test(p) && /LSP trace/.test(p) === trace);
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Visible text of every element matching selector (innerText, trimmed, non-empty). */
async function texts(selector) {
  return page
    .locator(selector)
    .evaluateAll((els) => els.filter((e) => e.offsetParent !== null || e.getClientRects().length > 0).map((e) => e.innerText.trim()).filter(Boolean))
    .catch(() => []);
}

/** The nodecoach executable of the installed VSIX: the one the extension runs. */
function bundledBinary() {
  const installed = path.join(runDir, 'extensions');
  const found = findFiles(installed, (p) => /nodecoach(\.exe)?$/.test(path.basename(p)) && path.basename(path.dirname(path.dirname(p))) === 'bin');
  if (found.length !== 1) {
    fail(`expected one bundled nodecoach in the installed extension under ${installed}, found ${found.length}`);
  }
  return found[0];
}

/** Runs a command from the Command Palette by its label. */
async function runCommand(label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Waits for a Markdown preview (a webview frame) whose text contains want. */
async function waitForPreview(want, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const t = await frame.evaluate(() => (document.querySelector('.markdown-body') ? document.body.innerText : '')).catch(() => '');
      if (t.includes(want)) {
        return t.trim();
      }
    }
    await page.waitForTimeout(500);
  }
  return undefined;
}

/** Puts the cursor inside readFileSync on line 10 with Go to Line (10:16), no mouse. */
async function cursorOnReadFileSync() {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
  await page.keyboard.insertText('10:16');
  await page.keyboard.press('Enter');
  await page.locator('.statusbar', { hasText: 'Ln 10, Col 16' }).waitFor({ timeout: 15_000 });
}

/** Opens src/routes/reports.js with Quick Open and returns its line 10. */
async function openReports() {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill('src/routes/reports.js');
  // File search is the slowest part of a loaded machine's workbench.
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'reports.js' }).first().waitFor({ timeout: 60_000 });
  await page.keyboard.press('Enter');
  const line10 = page.locator('.monaco-editor .view-line', { hasText: 'const csv = readFileSync' });
  await line10.waitFor({ timeout: 30_000 });
  return line10;
}

async function main() {
  const vsix = findVsix();
  const entry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(path.join(codeServerDir, '.installed')) || !fs.existsSync(entry)) {
    fail(`code-server is not installed in ${codeServerDir}: run editors/vscode/scripts/install-code-server.sh`);
  }
  if (!fs.existsSync(chromiumPath)) {
    fail(`${chromiumPath} not found: apt-get install -y chromium`);
  }
  const require = createRequire(path.join(codeServerDir, 'package.json'));
  const { chromium } = require('playwright-core');

  // A fresh run folder: HOME, VS Code's user data, extensions, and a copy of the sample app.
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });
  const home = path.join(runDir, 'home');
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const workspace = path.join(runDir, 'workspace', 'express-js');
  for (const d of [home, path.join(userDataDir, 'User'), extensionsDir]) {
    fs.mkdirSync(d, { recursive: true });
  }
  fs.cpSync(path.join(repo, 'testdata', 'express-js'), workspace, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  fs.writeFileSync(
    settingsFile,
    JSON.stringify(
      {
        // Keep the built-in TypeScript diagnostics out of the Problems panel.
        'typescript.validate.enable': false,
        'javascript.validate.enable': false,
        'typescript.disableAutomaticTypeAcquisition': true,
        'git.enabled': false,
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'chat.commandCenter.enabled': false,
        // Step 8 types the user settings JSON: no auto-closing or re-indenting.
        'editor.autoClosingBrackets': 'never',
        'editor.autoClosingQuotes': 'never',
        'editor.autoIndent': 'none',
        'nodecoach.trace.server': 'messages',
        // Raised from warning: the Problems panel must show it as an error.
        'nodecoach.rules': { 'express-async-missing-next': 'error' },
      },
      null,
      2,
    ),
  );
  const env = { ...process.env, HOME: home, PATH: pathWithoutNodecoach(), XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share'), XDG_CACHE_HOME: path.join(home, '.cache') };
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  say(`installing ${path.relative(repo, vsix)}`);
  const install = spawnSync(process.execPath, [entry, ...common, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
  const installOut = `${install.stdout}${install.stderr}`;
  if (install.status !== 0 || !/successfully installed/i.test(installOut)) {
    fail(`installing the VSIX failed (exit ${install.status}):\n${installOut}`);
  }
  say(installOut.trim().split('\n').pop());

  const port = await freePort();
  const logFd = fs.openSync(path.join(runDir, 'code-server.log'), 'w');
  codeServer = spawn(
    process.execPath,
    [entry, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { env, stdio: ['ignore', logFd, logFd], detached: true },
  );
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  say(`code-server is up on port ${port}`);

  context = await chromium.launchPersistentContext(path.join(runDir, 'chromium'), {
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    viewport: { width: 1600, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The explorer shows the folder once the workbench has restored.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  say('workbench loaded');

  // Open src/routes/reports.js with Quick Open.
  await page.locator('.monaco-workbench').click({ position: { x: 800, y: 500 } });
  let line10 = await openReports();
  say('src/routes/reports.js is open');

  // 1. The Problems panel lists the finding (the extension activates on JavaScript, starts
  // the server and gets the diagnostics; all of it is bounded by this wait).
  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'no-sync-fs-in-handler' });
  try {
    await row.first().waitFor({ timeout: 60_000 });
  } catch {
    seen.problems = await texts('.markers-panel .monaco-list-row');
    fail('no Problems row with "no-sync-fs-in-handler" within 60s');
  }
  seen.problems = await texts('.markers-panel .monaco-list-row');
  const problemRow = (await row.first().innerText()).replace(/\s+/g, ' ').trim();
  if (!/nodecoach/.test(problemRow) || !/readFileSync/.test(problemRow)) {
    fail(`the Problems row does not name nodecoach and readFileSync: ${problemRow}`);
  }
  say(`Problems row: ${problemRow}`);
  // nodecoach.rules reached the server: express-async-missing-next is an error.
  const errorRow = page.locator('.markers-panel .monaco-list-row', { hasText: 'express-async-missing-next' }).filter({ has: page.locator('.codicon-error') });
  try {
    await errorRow.first().waitFor({ timeout: 30_000 });
  } catch {
    seen.problems = await texts('.markers-panel .monaco-list-row');
    fail('nodecoach.rules sets express-async-missing-next to "error", but no error row for it within 30s');
  }
  say(`Problems row (error, from nodecoach.rules): ${(await errorRow.first().innerText()).replace(/\s+/g, ' ').trim()}`);
  passed++;

  // 2. Hovering readFileSync on line 10 shows nodecoach's explanation. The token's place is
  // measured right before each use: code lenses and other decorations move lines when they
  // arrive.
  const token = line10.locator('span > span', { hasText: /^readFileSync$/ }).first();
  const tokenCenter = async () => {
    // The line is drawn as one span until the tokenizer has been through it.
    await token.waitFor({ timeout: 30_000 }).catch(() => undefined);
    const box = (await token.count()) > 0 ? await token.boundingBox() : null;
    if (!box) {
      seen.line10 = await line10.innerText().catch(() => '');
      fail('could not find the readFileSync token on line 10');
    }
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  const hover = page.locator('.monaco-hover', { hasText: 'Synchronous' });
  let hoverText;
  for (let attempt = 1; attempt <= 3 && !hoverText; attempt++) {
    await page.mouse.move(10, 10);
    await page.waitForTimeout(300);
    const at = await tokenCenter();
    await page.mouse.move(at.x, at.y, { steps: 5 });
    try {
      await hover.first().waitFor({ state: 'visible', timeout: 10_000 });
      hoverText = (await hover.first().innerText()).trim();
    } catch {
      seen[`hover attempt ${attempt}`] = await texts('.monaco-hover');
    }
  }
  if (!hoverText) {
    fail('no hover with "Synchronous" on readFileSync after 3 tries');
  }
  seen.hover = hoverText;
  if (!hoverText.includes('no-sync-fs-in-handler')) {
    fail(`the hover does not name the rule no-sync-fs-in-handler:\n${hoverText}`);
  }
  say(`hover:\n${hoverText.split('\n').map((l) => `    ${l}`).join('\n')}`);
  await page.screenshot({ path: path.join(resultsDir, 'vscode.png') });
  say(`screenshot: ${path.relative(repo, path.join(resultsDir, 'vscode.png'))}`);
  passed++;

  // 3. "Explain Rule or API at Cursor" on readFileSync opens the Markdown preview.
  await page.mouse.move(10, 10);
  await cursorOnReadFileSync();
  await runCommand('nodecoach: Explain Rule or API at Cursor');
  const previewText = await waitForPreview('Synchronous', 30_000);
  seen.tabs = await texts('.tabs-container .tab');
  if (!previewText) {
    seen.notifications = await texts('.notifications-toasts');
    fail('no Markdown preview with "Synchronous" within 30s of running nodecoach: Explain Rule or API at Cursor');
  }
  say(`Explain at cursor: Markdown preview (tabs: ${seen.tabs.join(' | ')}) starting "${previewText.split('\n')[0]}"`);
  await page.screenshot({ path: path.join(resultsDir, 'vscode-explain.png') });
  passed++;

  // 4. The server's "Explain no-sync-fs-in-handler" code action (Ctrl+.) also ends in the
  // Markdown preview (the extension's middleware takes over the server's `open`).
  await runCommand('View: Close All Editors');
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
  line10 = await openReports();
  // The reopened document's diagnostics come back first (the squiggle), then the menu.
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30_000 }).catch(() => undefined);
  await cursorOnReadFileSync();
  const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Explain no-sync-fs-in-handler' });
  let menuShown = false;
  for (let attempt = 1; attempt <= 3 && !menuShown; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await action.first().waitFor({ timeout: 8_000 });
      menuShown = true;
    } catch {
      seen[`code actions attempt ${attempt}`] = await texts('.action-widget, .monaco-editor-overlaymessage');
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
  if (!menuShown) {
    fail('no "Explain no-sync-fs-in-handler" code action on readFileSync after 3 tries of Ctrl+.');
  }
  seen.codeActions = await texts('.action-widget .monaco-list-row');
  // Choose it with the keyboard: the menu puts a pointer block over itself.
  let chosen = false;
  for (let i = 0; i < 12 && !chosen; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label', { timeout: 5_000 }).catch(() => null);
    if (focused?.includes('Explain no-sync-fs-in-handler')) {
      await page.keyboard.press('Enter');
      chosen = true;
    } else {
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(100);
    }
  }
  if (!chosen) {
    fail('could not select "Explain no-sync-fs-in-handler" in the code action menu');
  }
  const actionPreview = await waitForPreview('Synchronous', 30_000);
  if (!actionPreview) {
    seen.tabs = await texts('.tabs-container .tab');
    seen.notifications = await texts('.notifications-toasts');
    fail('the Explain code action did not open a Markdown preview with "Synchronous" within 30s');
  }
  say(`code actions: ${seen.codeActions.map((t) => t.replace(/\s+/g, ' ')).join(' | ')}; "Explain no-sync-fs-in-handler" opened the preview`);
  passed++;

  // 5. Restart Server brings the diagnostics back; Show Output shows the log.
  await runCommand('nodecoach: Restart Server');
  const restartDeadline = Date.now() + 30_000;
  let starts = 0;
  while (Date.now() < restartDeadline) {
    starts = nodecoachLog(userDataDir).split('\n').filter((l) => l.includes('server started')).length;
    if (starts >= 2) {
      break;
    }
    await page.waitForTimeout(250);
  }
  if (starts < 2) {
    seen.nodecoachLog = nodecoachLog(userDataDir).slice(-4000);
    fail('nodecoach: Restart Server did not start the server again within 30s');
  }
  await page.keyboard.press('Control+Shift+M');
  await row.first().waitFor({ timeout: 30_000 });
  await runCommand('nodecoach: Show Output');
  const output = page.locator('.part.panel .monaco-editor .view-lines', { hasText: 'server started' });
  try {
    await output.first().waitFor({ timeout: 15_000 });
  } catch {
    seen.panel = await texts('.part.panel');
    fail('nodecoach: Show Output did not show the nodecoach log within 15s');
  }
  say('Restart Server: the server started again and the Problems row came back; Show Output shows the log');
  await page.screenshot({ path: path.join(resultsDir, 'vscode-output.png') });
  passed++;

  // 6. The server that ran is the bundled one (PATH had no nodecoach).
  const log = nodecoachLog(userDataDir);
  const startLine = log.split('\n').find((l) => l.includes('starting ') && l.includes(' serve'));
  if (!startLine || !startLine.includes('from bundled')) {
    seen.nodecoachLog = log.slice(-4000);
    fail(`the nodecoach output does not show the bundled binary starting: ${startLine ?? '(no "starting" line)'}`);
  }
  say(`output: ${startLine.trim()}`);
  // nodecoach.trace.server is "messages" in this run's settings: the trace channel has the LSP messages.
  const trace = nodecoachLog(userDataDir, true);
  if (!/Sending request 'initialize/.test(trace)) {
    seen.traceLog = trace.slice(-2000);
    fail('nodecoach.trace.server is "messages" but the "nodecoach LSP trace" output has no initialize request');
  }
  say(`trace: ${trace.split('\n').length} lines, first: ${trace.split('\n').find((l) => l.includes('initialize'))}`);
  passed++;

  // 7. The "Node.js topics" view lists the entries the workspace touches, most places
  // first, as `nodecoach topics` (the bundled binary) counts them on the same files;
  // expanding a topic lists its places, a place jumps to its line, the topic opens its
  // entry, and Practice shows the interview question with the answer folded until asked.
  const cli = spawnSync(bundledBinary(), ['topics', '--format', 'json', 'src'], { cwd: workspace, encoding: 'utf8' });
  if (cli.status !== 0) {
    fail(`nodecoach topics failed (exit ${cli.status}): ${cli.stderr}`);
  }
  const expected = JSON.parse(cli.stdout);
  const top = expected.topics[0];
  // The topic of readFileSync, and its first place in reports.js as the CLI reports it.
  const reportsTopics = expected.files.find((f) => f.file.endsWith('reports.js'))?.topics ?? [];
  const syncTopic = reportsTopics.find((t) => t.id === 'sync-vs-async-io');
  if (!top || !syncTopic) {
    fail(`nodecoach topics gave no topics, or none for readFileSync in reports.js: ${cli.stdout.slice(0, 2000)}`);
  }
  const syncTitle = expected.topics.find((t) => t.id === 'sync-vs-async-io').title;
  await runCommand('View: Close All Editors');
  await page.keyboard.press('Control+Shift+E');
  await runCommand('Focus on Node.js topics View');
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Node.js topics' }) });
  await pane.first().waitFor({ timeout: 15_000 });
  // Room for the tree: the list draws only the rows that fit. Close the panel and fold
  // the folders view above it.
  await runCommand('View: Hide Panel');
  const foldersHeader = page.locator('.pane', { has: page.locator('.explorer-folders-view') }).locator('.pane-header').first();
  if ((await foldersHeader.getAttribute('aria-expanded').catch(() => null)) === 'true') {
    await foldersHeader.click();
  }
  const topicRows = pane.first().locator('.pane-body .monaco-list-row');
  // A row as "label description": innerText runs the two together.
  const rowTexts = async () =>
    topicRows
      .evaluateAll((els) => els.map((e) => [e.querySelector('.label-name'), e.querySelector('.label-description')].map((p) => p?.textContent.trim() ?? '').join(' ').trim()))
      .catch(() => []);
  // The index of app.js and the open documents arrive in their own time: refresh until
  // the first row is the CLI's first topic with its count.
  const wantFirst = `${top.title} ${top.places} places${top.files > 1 ? ` in ${top.files} files` : ''}`;
  const topicsDeadline = Date.now() + 60_000;
  let rows = [];
  while (Date.now() < topicsDeadline) {
    rows = await rowTexts();
    if (rows[0]?.startsWith(wantFirst)) {
      break;
    }
    await pane.first().hover();
    await pane.first().locator('.pane-header .action-label[aria-label*="Refresh Node.js Topics"]').click({ timeout: 5_000 }).catch(() => undefined);
    await page.waitForTimeout(2_000);
  }
  seen.topics = rows;
  if (!rows[0]?.startsWith(wantFirst)) {
    fail(`the topics view's first row is not "${wantFirst}" (from nodecoach topics) within 60s`);
  }
  const wantOrder = expected.topics.map((t) => t.title);
  const shownOrder = rows.map((r) => wantOrder.find((title) => r.startsWith(title)));
  if (shownOrder.join('|') !== wantOrder.join('|')) {
    fail(`the topics view lists ${shownOrder.join(' | ')}; nodecoach topics: ${wantOrder.join(' | ')}`);
  }
  say(`topics view: ${rows.join(' | ')}`);
  // Expand the readFileSync topic: its place in reports.js is listed with its API.
  const syncRow = topicRows.filter({ hasText: syncTitle }).first();
  await syncRow.locator('.monaco-tl-twistie').click();
  const placeLabel = `reports.js:${syncTopic.line}`;
  const placeRow = topicRows.filter({ hasText: placeLabel }).first();
  try {
    await placeRow.waitFor({ timeout: 15_000 });
  } catch {
    seen.topics = await rowTexts();
    fail(`expanding "${syncTitle}" did not list the place ${placeLabel}`);
  }
  const placeText = `${await placeRow.locator('.label-name').innerText()} ${await placeRow.locator('.label-description').innerText().catch(() => '')}`;
  if (!placeText.includes('fs.readFileSync')) {
    fail(`the place row "${placeText}" does not name fs.readFileSync`);
  }
  await pane.first().screenshot({ path: path.join(resultsDir, 'vscode-topics.png') });
  await page.screenshot({ path: path.join(resultsDir, 'vscode-topics-window.png') });
  say(`topics view expanded: ${(await rowTexts()).join(' | ')}`);
  say(`screenshot of the tree: ${path.join(resultsDir, 'vscode-topics.png')}`);
  // A place jumps to its line.
  await placeRow.click();
  try {
    await page.locator('.statusbar', { hasText: `Ln ${syncTopic.line},` }).waitFor({ timeout: 15_000 });
    await page.locator('.tabs-container .tab', { hasText: 'reports.js' }).first().waitFor({ timeout: 5_000 });
  } catch {
    seen.tabs = await texts('.tabs-container .tab');
    seen.statusbar = await texts('.statusbar');
    fail(`clicking ${placeLabel} did not open reports.js at line ${syncTopic.line}`);
  }
  say(`clicking ${placeText} opened reports.js at line ${syncTopic.line}`);
  // The topic opens its entry in the Markdown preview.
  await syncRow.locator('.label-name').click();
  const entryPreview = await waitForPreview(syncTitle, 30_000);
  if (!entryPreview) {
    seen.tabs = await texts('.tabs-container .tab');
    fail(`clicking the topic "${syncTitle}" did not open its entry in the Markdown preview within 30s`);
  }
  say(`clicking the topic opened its entry: "${entryPreview.split('\n')[0]}"`);
  // Practice (the row's inline action): the question first, the answer folded.
  await syncRow.hover();
  await syncRow.locator('.action-label[aria-label*="Practice Topic"]').click({ timeout: 10_000 });
  const question = expected.topics.find((t) => t.id === 'sync-vs-async-io').questions[0].text;
  let drill;
  const drillDeadline = Date.now() + 30_000;
  while (!drill && Date.now() < drillDeadline) {
    for (const frame of page.frames()) {
      if (await frame.evaluate(() => !!document.querySelector('details.answer')).catch(() => false)) {
        drill = frame;
        break;
      }
    }
    if (!drill) {
      await page.waitForTimeout(500);
    }
  }
  if (!drill) {
    seen.tabs = await texts('.tabs-container .tab');
    fail('Practice Topic did not open the practice page within 30s');
  }
  const before = await drill.evaluate(() => ({ text: document.body.innerText, open: document.querySelector('details.answer').open }));
  if (!before.text.includes(question.trim()) || before.open) {
    fail(`the practice page should show the question "${question}" with the answer folded:\n${before.text.slice(0, 1500)}`);
  }
  await drill.locator('details.answer > summary').click();
  const after = await drill.evaluate(() => ({ open: document.querySelector('details.answer').open, text: document.querySelector('details.answer').innerText }));
  if (!after.open || !after.text.includes('In short')) {
    fail(`"Show the answer" did not reveal the answer: ${after.text.slice(0, 500)}`);
  }
  if (await drill.locator('details.corrections > summary').count()) {
    await drill.locator('details.corrections > summary').click();
  }
  await page.screenshot({ path: path.join(resultsDir, 'vscode-practice.png') });
  say(`practice: "${question.trim()}" first; "Show the answer" revealed ${after.text.split('\n').length} lines`);
  passed++;

  // 8. A settings change reaches the running server: turning no-sync-fs-in-handler off in
  // the user settings (edited and saved in VS Code) removes its row, and only that one.
  // The edit a person makes: go to the "nodecoach.rules": { line, add the rule, save.
  const rulesLine = fs.readFileSync(settingsFile, 'utf8').split('\n').findIndex((l) => l.includes('"nodecoach.rules"')) + 1;
  await runCommand('Preferences: Open User Settings (JSON)');
  const settingsEditor = page.locator('.editor-instance .monaco-editor', { hasText: 'nodecoach.trace.server' });
  await settingsEditor.first().waitFor({ timeout: 15_000 });
  await settingsEditor.first().locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
  await page.keyboard.insertText(String(rulesLine));
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.insertText(' "no-sync-fs-in-handler": "off",');
  await page.keyboard.press('Control+S');
  await page.waitForTimeout(500);
  if (!(await page.locator('.markers-panel').isVisible())) {
    await page.keyboard.press('Control+Shift+M');
  }
  const settingsDeadline = Date.now() + 20_000;
  let applied = false;
  while (!applied && Date.now() < settingsDeadline) {
    applied = (await row.count()) === 0 && (await errorRow.count()) > 0 && (await page.locator('.markers-panel').isVisible());
    if (!applied) {
      await page.waitForTimeout(250);
    }
  }
  let onDisk;
  try {
    onDisk = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  } catch (err) {
    fail(`the user settings saved from VS Code are not valid JSON: ${err.message}`);
  }
  if (onDisk['nodecoach.rules']?.['no-sync-fs-in-handler'] !== 'off') {
    fail(`the user settings were not saved with the change: ${JSON.stringify(onDisk['nodecoach.rules'])}`);
  }
  if (applied) {
    say('settings change: "no-sync-fs-in-handler": "off" removed its Problems row, the express-async-missing-next error stayed');
    passed++;
  } else if (settingsChangeNeedsServerRefresh) {
    // Known server issue: with pull diagnostics, the server re-checks open documents after
    // a settings change but does not send workspace/diagnostic/refresh, so VS Code keeps
    // the old diagnostics until the document is edited. Reported; skipped until fixed.
    seen.problems = await texts('.markers-panel .monaco-list-row');
    say(`SKIP settings change: the Problems row stayed (the server sends no workspace/diagnostic/refresh after a settings change); rows: ${seen.problems.map((t) => t.replace(/\s+/g, ' ')).join(' | ')}`);
    skipped++;
  } else {
    seen.problems = await texts('.markers-panel .monaco-list-row');
    fail('after setting nodecoach.rules["no-sync-fs-in-handler"] to "off", the Problems panel did not drop its row (and keep the others) within 20s');
  }
}

async function cleanup() {
  await context?.close().catch(() => undefined);
  if (codeServer && codeServer.exitCode === null) {
    try {
      process.kill(-codeServer.pid, 'SIGTERM'); // its own process group (detached)
    } catch {
      // already gone
    }
  }
}

const watchdog = setTimeout(async () => {
  console.error(`FAIL: the test did not finish within ${overallTimeoutMs / 1000}s`);
  console.error(JSON.stringify(seen, null, 2));
  await cleanup();
  process.exit(1);
}, overallTimeoutMs);

let code = 0;
try {
  await main();
  say('all checks passed');
} catch (err) {
  code = 1;
  console.error(`FAIL: ${err.expected ? err.message : err.stack}`);
  if (page) {
    await page.screenshot({ path: path.join(resultsDir, 'vscode-failure.png') }).catch(() => undefined);
    seen.notifications ??= await texts('.notifications-toasts');
    seen.workbench = (await page.locator('.monaco-workbench').innerText().catch(() => '')).slice(0, 4000);
    console.error(`screenshot: ${path.join(resultsDir, 'vscode-failure.png')}`);
  }
  console.error('DOM text seen:');
  console.error(JSON.stringify(seen, null, 2));
  const csLog = path.join(runDir, 'code-server.log');
  if (fs.existsSync(csLog)) {
    console.error(`code-server log (tail):\n${fs.readFileSync(csLog, 'utf8').slice(-3000)}`);
  }
  const ncLog = nodecoachLog(path.join(runDir, 'user-data'));
  if (ncLog) {
    console.error(`nodecoach output (tail):\n${ncLog.slice(-3000)}`);
  }
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
console.log(`vscode e2e: ${passed} passed, ${code === 0 ? 0 : 1} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(code);
