package rules

import "testing"

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
