package rules

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

func TestWriteIgnoresBackpressure(t *testing.T) {
	runCases(t, WriteIgnoresBackpressure, []ruleCase{
		{name: "catalog positive", src: `const fs = require('fs');
function exportRows(rows) { const out = fs.createWriteStream('rows.csv'); for (const row of rows) out.write(toCsv(row)); out.end(); }`,
			want: []string{"information: out.write"}},
		{name: "express response in a while loop", src: `const app = require('express')();
app.get('/export', async (req, res) => {
  const cursor = Order.find().cursor();
  let doc;
  while ((doc = await cursor.next())) { res.write(JSON.stringify(doc) + '\n'); }
  res.end();
});`, want: []string{"information: res.write"}},
		{name: "http response typed by createServer", src: `const http = require('http');
http.createServer((req, res) => { for (let i = 0; i < total; i++) res.write(chunk(i)); res.end(); });`, want: []string{"information: res.write"}},
		{name: "gzip and socket", file: "a.ts", src: `import zlib from 'node:zlib';
import net from 'node:net';
export function f(lines: string[]) {
  const gz = zlib.createGzip();
  const sock = net.connect(9000);
  for (const l of lines) { gz.write(l); sock.write(l); }
}`, want: []string{"information: gz.write", "information: sock.write"}},
		{name: "server-sent events at the source's pace", file: "a.ts", src: `import express from 'express';
const app = express();
app.post('/chat', async (req, res) => {
  res.setHeader('Content-Type', 'text/event-stream');
  for await (const event of llm.stream(req.body)) {
    switch (event.type) {
      case 'text': res.write('data: ' + event.text + '\n\n'); break;
    }
  }
  res.end();
});`},
		{name: "server-sent events from a loop that never waits", src: `const app = require('express')();
app.get('/events', (req, res) => {
  res.set('Content-Type', 'text/event-stream');
  for (const e of history) res.write('data: ' + e + '\n\n');
});`, want: []string{"information: res.write"}},
		{name: "catalog negative drain", src: `const fs = require('fs'); const { once } = require('events');
async function exportRows(rows) { const out = fs.createWriteStream('x'); for (const row of rows) { if (!out.write(toCsv(row))) await once(out, 'drain'); } }`},
		{name: "drain listener elsewhere in the function", src: `const fs = require('fs');
function f(rows) { const out = fs.createWriteStream('x'); out.on('drain', resume); for (const r of rows) out.write(r); }`},
		{name: "process.stdout", src: `for (const l of lines) process.stdout.write(l + '\n');`},
		{name: "small constant loops", src: `const fs = require('fs');
function f() { const out = fs.createWriteStream('x'); for (let i = 0; i < 10; i++) out.write('-'); for (const s of ['a', 'b']) out.write(s); }`},
		{name: "single write", src: `const app = require('express')(); app.get('/', (req, res) => { res.write('a'); res.end(); });`},
		{name: "write in a nested callback of the loop", src: `const fs = require('fs');
function f(rows) { const out = fs.createWriteStream('x'); for (const r of rows) setTimeout(() => out.write(r)); }`},
		{name: "unknown writer", src: `function f(out, rows) { for (const r of rows) out.write(r); }`},
		{name: "forEach is not a loop statement", src: `const fs = require('fs');
function f(rows) { const out = fs.createWriteStream('x'); rows.forEach((r) => out.write(r)); }`},
		{name: "local object with write", src: `const out = { write() {} }; for (const r of rows) out.write(r);`},
	})
}

func TestWriteIgnoresBackpressureFixes(t *testing.T) {
	runFixes(t, WriteIgnoresBackpressure, []fixCase{
		{name: "async loop waits for drain", src: `const fs = require('fs');
async function exportRows(rows) {
  const out = fs.createWriteStream('rows.csv');
  for (const row of rows) out.write(toCsv(row));
}
`, want: `const { once } = require('node:events');
const fs = require('fs');
async function exportRows(rows) {
  const out = fs.createWriteStream('rows.csv');
  for (const row of rows) if (!out.write(toCsv(row))) await once(out, 'drain');
}
`},
		{name: "ESM response", file: "a.mjs", src: `import express from 'express';
import { once } from 'node:events';
const app = express();
app.get('/x', async (req, res) => {
  for await (const doc of cursor) {
    res.write(JSON.stringify(doc));
  }
  res.end();
});
`, want: `import express from 'express';
import { once } from 'node:events';
const app = express();
app.get('/x', async (req, res) => {
  for await (const doc of cursor) {
    if (!res.write(JSON.stringify(doc))) await once(res, 'drain');
  }
  res.end();
});
`},
	})
}

func TestWriteIgnoresBackpressureNoFixWhenSync(t *testing.T) {
	findings, _ := check(t, WriteIgnoresBackpressure, "", "", `const fs = require('fs');
function f(rows) { const out = fs.createWriteStream('x'); for (const r of rows) out.write(r); }`)
	if len(findings) != 1 || findings[0].Fix != nil {
		t.Fatalf("want one finding without a fix, got %+v", findings)
	}
}

// A write followed by a way out of the loop runs once, as the loop ends.
func TestWriteIgnoresBackpressureOneShot(t *testing.T) {
	const head = "const app = require('express')();\n"
	const tsHead = "import express, { Request, Response } from 'express';\nconst app = express();\n"
	runCases(t, WriteIgnoresBackpressure, []ruleCase{
		{name: "final write before break", src: head + `app.get('/events', async (req, res) => {
  while (true) {
    const ev = await feed.next();
    if (ev.done) { res.write('data: [DONE]\n\n'); break; }
    res.write('data: ' + JSON.stringify(ev.value) + '\n\n');
  }
  res.end();
});`, want: []string{"information: res.write"}},
		{name: "TS final write before return, a level up", file: "r.ts", src: tsHead + `app.get('/events', async (req: Request, res: Response) => {
  for (;;) {
    const ev = await feed.next();
    if (ev.done) {
      if (ev.value) { res.write(String(ev.value)); }
      res.end();
      return;
    }
  }
});`},
		{name: "labelled break out of the loop", src: head + `app.get('/a', async (req, res) => {
  outer: for (const row of await rows()) {
    switch (row.kind) { case 'end': res.write('end'); break outer; }
  }
  res.end();
});`},
		{name: "write before a throw", file: "r.ts", src: tsHead + `app.get('/a', async (req: Request, res: Response) => {
  for (const row of await rows()) { if (!row) { res.write('bad row'); throw new Error('bad row'); } }
});`},

		{name: "break that only leaves a switch", src: head + `app.get('/a', async (req, res) => {
  for await (const ev of source) {
    switch (ev.type) { case 'text': res.write(ev.text); break; }
  }
  res.end();
});`, want: []string{"information: res.write"}},
		{name: "TS break of an inner loop repeats in the outer one", file: "r.ts", src: tsHead + `app.get('/a', async (req: Request, res: Response) => {
  for (const file of await files()) {
    for (const line of file.lines) { if (line === '') { res.write(file.name); break; } }
  }
  res.end();
});`, want: []string{"information: res.write"}},
		{name: "continue before the break", src: head + `app.get('/a', async (req, res) => {
  for (const row of await rows()) { if (row.skip) { res.write('-'); continue; } if (row.last) break; }
  res.end();
});`, want: []string{"information: res.write"}},
	})
}

// TestWriteIgnoresBackpressureGate: a write can be judged only on a writable the
// resolver knows, so the rule runs in a file that imports a module that makes one or
// express, names a Node server factory, or has a parameter named as a handler's
// request (in any package); a request of another module written in a loop is not.
// A write it reports is called there, so a file that only reads a property named
// write is skipped.
func TestWriteIgnoresBackpressureGate(t *testing.T) {
	checkHandlerGate(t, WriteIgnoresBackpressure, []handlerGateCase{
		{name: "a (req, res) function in a package without express", file: "export.ts", reports: true,
			src: "export function csv(req: unknown, res: any, rows: string[]) { for (const row of rows) res.write(row); res.end(); }\n"},
		{name: "a (request, response) function with defaults, one to a line", reports: true,
			src: "function csv(\n  request = {},\n  response\n) { for (const row of request.rows) response.write(row); response.end(); }\n"},
		{name: "a request and a response in two lists",
			src: "function csv(req, rows) { const out = open(req); for (const row of rows) out.write(row); }\nconst res = { ok: true };\n"},
		{name: "a socket of a renamed net import", reports: true,
			src: "const { connect: dial } = require(\"node:net\");\nfunction send(lines) { const s = dial(25); for (const l of lines) s.write(l); }\n"},
		{name: "a request of another module",
			src: "const https = require('https');\nfunction post(chunks) { const rq = https.request(url); for (const c of chunks) rq.write(c); rq.end(); }\n"},
		{name: "a write called through optional chaining", file: "export.ts", reports: true,
			src: "export function csv(req: unknown, res: any, rows: string[]) { for (const row of rows) res?.write(row); res.end(); }\n"},
		{name: "write read as a property, never called",
			src: "const stream = require('stream');\nfunction acl(req, entries) { const out = {}; for (const e of entries) out[e]['write'] = true; return out; }\n"},
		{name: "process.stdout, no import", file: "cli.ts",
			src: "export function print(lines: string[]) { for (const l of lines) process.stdout.write(l); }\n"},
	})
}

// TestWriteIgnoresBackpressureGateKeepsEveryCallSpelling: the gate keeps each
// spelling of a write call (a quoted subscript called, optionally or as a tagged
// template too), and skips the same file when the subscript is only read.
func TestWriteIgnoresBackpressureGateKeepsEveryCallSpelling(t *testing.T) {
	head := "const stream = require('stream');\nfunction dump(out, rows) { for (const r of rows) "
	for _, call := range []string{"out.write(r)", "out?.write(r)", "out.write?.(r)", "out.write<string>(r)", "out['write'](r)", `out["write"]?.(r)`, "out[`write`](r)"} {
		q := analysis.NewQuick([]byte(head+call+"; }\n"), nil)
		if len(analysis.Applicable(q, []*analysis.Rule{WriteIgnoresBackpressure}, analysis.Options{})) == 0 {
			t.Errorf("the gate skips a file that calls %s", call)
		}
	}
	q := analysis.NewQuick([]byte(head+"out['write'] = r; }\n"), nil)
	if len(analysis.Applicable(q, []*analysis.Rule{WriteIgnoresBackpressure}, analysis.Options{})) > 0 {
		t.Error("the gate keeps a file that only assigns a field named write")
	}
}
