// index-time.mjs: how long the language server takes to index a workspace folder, as
// an editor sees it: from starting the server to the end of its indexing progress.
//
//   node testdata/bench/index-time.mjs FOLDER [--no-cache] -- COMMAND [ARGS...]
//
// Prints "SECONDS PEAK_RSS_MB CPU_SECONDS" (the server's VmHWM and user + system time,
// read before it exits). The server keeps its index cache under XDG_CACHE_HOME: point
// it at an empty directory for a cold index, and at the one a previous run filled for
// a warm one. --no-cache turns the cache off (the nodecoach.cache setting), for the
// index that compares with a check without --cache.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const noCache = args[1] === '--no-cache';
if (noCache) args.splice(1, 1);
if (args[1] !== '--' || args.length < 3) {
  console.error('usage: node index-time.mjs FOLDER [--no-cache] -- COMMAND [ARGS...]');
  process.exit(2);
}
const folder = path.resolve(args[0]);
const [command, ...commandArgs] = args.slice(2);
const started = process.hrtime.bigint();
const server = spawn(command, [...commandArgs, 'serve', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const deadline = setTimeout(() => fail('the index did not end within 10 minutes'), 600_000);

function fail(why) {
  console.error(`index-time: ${why}`);
  server.kill();
  process.exit(1);
}

let nextId = 1;
const pending = new Map();
function send(msg) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }));
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}

let buf = Buffer.alloc(0);
server.stdout.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const head = buf.indexOf('\r\n\r\n');
    if (head < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString())[1]);
    if (buf.length < head + 4 + length) return;
    const msg = JSON.parse(buf.subarray(head + 4, head + 4 + length).toString());
    buf = buf.subarray(head + 4 + length);
    handle(msg);
  }
});

function handle(msg) {
  if (msg.id !== undefined && msg.method === undefined) {
    pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
    return;
  }
  if (msg.id !== undefined) {
    send({ id: msg.id, result: null }); // progress create, registrations, configuration
    return;
  }
  if (msg.method === '$/progress' && msg.params?.value?.kind === 'end') done(msg.params.value.message);
}

async function done(message) {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let rss = 0;
  try {
    rss = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    // not Linux: no peak RSS
  }
  // The server's CPU time (user + system) until then: on a shared machine the wall
  // time is mostly waiting for a core, the CPU time is what the index cost.
  let cpu = 0;
  try {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    cpu = (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in ticks of 1/100 s
  } catch {
    // not Linux: no CPU time
  }
  await request('shutdown', null);
  send({ method: 'exit' });
  clearTimeout(deadline);
  console.error(`index-time: ${message}`);
  console.log(`${seconds.toFixed(2)} ${rss.toFixed(0)} ${cpu.toFixed(2)}`);
}

const uri = pathToFileURL(folder).href;
await request('initialize', {
  processId: process.pid,
  rootUri: uri,
  workspaceFolders: [{ uri, name: path.basename(folder) }],
  capabilities: { window: { workDoneProgress: true }, textDocument: { diagnostic: {} } },
  ...(noCache ? { initializationOptions: { cache: false } } : {}),
});
send({ method: 'initialized', params: {} });
