// lsp-smoke.mjs: one LSP session against a nodecoach binary (or a launcher), as an
// editor would run it: initialize, initialized, didOpen, the diagnostics it pushes,
// hover, shutdown, exit. It fails (exit 1) unless each step answers as it should.
//
//   node scripts/lsp-smoke.mjs [--windows | --drive-c DIR] FILE -- COMMAND [ARGS...]
//
// FILE is a source file of a sample app; its folder's parent is the workspace. With
// --windows the URIs are those of a Windows client under wine, whose Z: drive is this
// machine's /: the workspace as Neovim spells it (file:///Z:/...), the document as
// VS Code does (file:///z%3A/...). With --drive-c DIR, DIR is the C: drive of the wine
// prefix the server runs in, FILE lies under it, and the URIs are file:///C:/... and
// file:///c%3A/..., as a Windows editor sends for a project on C:.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
let windows = false;
let driveC = '';
if (args[0] === '--windows') {
  windows = true;
  args.shift();
} else if (args[0] === '--drive-c' && args.length > 1) {
  windows = true;
  driveC = path.resolve(args[1]);
  args.splice(0, 2);
}
const sep = args.indexOf('--');
if (sep !== 1 || args.length < 3) {
  console.error('usage: node lsp-smoke.mjs [--windows | --drive-c DIR] FILE -- COMMAND [ARGS...]');
  process.exit(2);
}
const file = path.resolve(args[0]);
const [command, ...commandArgs] = args.slice(2);
const root = path.dirname(path.dirname(file));

function toURI(p, escapedDrive) {
  if (!windows) return pathToFileURL(p).href;
  if (driveC) {
    const rel = path.relative(driveC, p);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      console.error(`lsp-smoke: ${p} is not under the C: drive ${driveC}`);
      process.exit(2);
    }
    const rest = rel.split(path.sep).map(encodeURIComponent).join('/');
    return escapedDrive ? `file:///c%3A/${rest}` : `file:///C:/${rest}`;
  }
  const rest = pathToFileURL(p).pathname; // /tmp/x, escaped
  return escapedDrive ? `file:///z%3A${rest}` : `file:///Z:${rest}`;
}
const rootURI = toURI(root, false);
const docURI = toURI(file, true);
const text = readFileSync(file, 'utf8');

const server = spawn(command, [...commandArgs, 'serve', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
let log = ''; // the server's stderr, shown when the session fails
server.stderr.on('data', (chunk) => { log += chunk; });
const deadline = setTimeout(() => fail('no complete session within 60 s'), 60_000);
function fail(why) {
  console.error(`${log}lsp-smoke: ${why}`);
  server.kill();
  process.exit(1);
}
server.on('error', (err) => fail(`cannot start ${command}: ${err.message}`));
server.stdin.on('error', () => {}); // a server that died is reported by its exit
let exitExpected = false;
server.on('exit', (code, signal) => exitExpected || fail(`the server ended (${signal ?? code}) before exit was sent`));

let nextID = 1;
const pending = new Map();
const waiters = [];
function send(msg) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}
function request(method, params) {
  const id = nextID++;
  send({ id, method, params });
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}
function notification(method, params) {
  send({ method, params });
}
function waitFor(predicate) {
  return new Promise((resolve) => waiters.push({ predicate, resolve }));
}

let buf = Buffer.alloc(0);
server.stdout.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const header = buf.subarray(0, end).toString('ascii');
    const m = /Content-Length: *(\d+)/i.exec(header);
    if (!m) fail(`a message without Content-Length: ${JSON.stringify(header)}`);
    const len = Number(m[1]);
    if (buf.length < end + 4 + len) return;
    const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString('utf8'));
    buf = buf.subarray(end + 4 + len);
    if (msg.id !== undefined && msg.method) {
      send({ id: msg.id, result: null }); // configuration, registrations: nothing to add
      continue;
    }
    if (msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`${msg.error.code}: ${msg.error.message}`));
      else p?.resolve(msg.result);
      continue;
    }
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].predicate(msg)) waiters.splice(i, 1)[0].resolve(msg);
    }
  }
});

try {
  const init = await request('initialize', {
    processId: process.pid,
    rootUri: rootURI,
    workspaceFolders: [{ uri: rootURI, name: path.basename(root) }],
    capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } },
  });
  if (!init?.capabilities?.hoverProvider) fail('initialize: no hoverProvider');
  notification('initialized', {});
  const diagnostics = waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === docURI && m.params.diagnostics.length > 0);
  notification('textDocument/didOpen', { textDocument: { uri: docURI, languageId: 'javascript', version: 1, text } });
  const pushed = (await diagnostics).params.diagnostics;
  const rules = pushed.map((d) => `${d.range.start.line + 1}:${d.code}`);

  // Hover the first call of readFileSync: the sample's blocking read.
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('readFileSync('));
  if (line < 0) fail(`${file} calls no readFileSync`);
  const hover = await request('textDocument/hover', {
    textDocument: { uri: docURI },
    position: { line, character: lines[line].indexOf('readFileSync(') + 2 },
  });
  const shown = hover?.contents?.value ?? '';
  if (!shown.includes('readFileSync')) fail(`hover on line ${line + 1} says nothing of readFileSync: ${JSON.stringify(hover)}`);

  await request('shutdown', null);
  exitExpected = true;
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  notification('exit', null);
  const code = await exited;
  if (code !== 0) fail(`exit code ${code} after shutdown and exit`);
  clearTimeout(deadline);
  console.log(`lsp-smoke: ${docURI}: ${pushed.length} diagnostics (${rules.join(', ')}), hover ${shown.split('\n')[0].slice(0, 60)}…, exit 0`);
} catch (err) {
  fail(err.message);
}
