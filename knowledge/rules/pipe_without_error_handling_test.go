package rules

import "testing"

func TestPipeWithoutErrorHandling(t *testing.T) {
	const head = "const fs = require('fs');\nconst app = require('express')();\n"
	runCases(t, PipeWithoutErrorHandling, []ruleCase{
		{name: "catalog positive", src: head + `app.get('/v/:id', (req, res) => { fs.createReadStream(videoPath(req.params.id)).pipe(res); });`,
			want: []string{"warning: fs.createReadStream(videoPath(req.params.id))"}},
		{name: "chain through gzip", src: `const fs = require('fs'); const zlib = require('zlib');
function compress(a, b) { fs.createReadStream(a).pipe(zlib.createGzip()).pipe(fs.createWriteStream(b)); }`,
			want: []string{"warning: fs.createReadStream(a)"}},
		{name: "const in the same function", file: "a.ts", src: `import { createReadStream } from 'node:fs';
export function send(p: string, res: any) { const src = createReadStream(p); src.pipe(res); }`, want: []string{"warning: src"}},
		{name: "zlib factory variable", src: `const zlib = require('zlib');
function inflate(req, out) { const z = zlib.createInflate(); req.pipe(z); z.pipe(out); }`, want: []string{"warning: z"}},
		{name: "child stdout", src: `const { spawn } = require('child_process');
function run(res) { const child = spawn('ls'); child.stdout.pipe(res); }`, want: []string{"warning: child.stdout"}},
		{name: "cipher and Readable.from", file: "a.mjs", src: `import crypto from 'node:crypto';
import { Readable, PassThrough } from 'node:stream';
export function enc(key, iv, out) { Readable.from(gen()).pipe(crypto.createCipheriv('aes-256-gcm', key, iv)).pipe(out); }
export function tee(feed, out) { const p = new PassThrough(); p.pipe(out); feed.on('data', (d) => p.write(d)); feed.on('error', (e) => p.destroy(e)); }`, want: []string{"warning: Readable.from(gen())", "warning: p"}},
		{name: "returned or stored stream", src: `const { PassThrough } = require('stream');
function tee(out) { const p = new PassThrough(); p.pipe(out); return p; }
function keep(out) { const p = new PassThrough(); p.pipe(out); this.input = p; }
function share(out) { const p = new PassThrough(); p.pipe(out); return { p }; }`},
		{name: "corpus: PassThrough fed from memory", src: `const stream = require('stream');
const app = require('express')();
app.get('/files.zip', async (req, res) => {
  const readStream = new stream.PassThrough();
  readStream.end(zip.toBuffer());
  res.type('application/zip');
  readStream.pipe(res);
});`},
		{name: "Readable.from values in memory", src: `const { Readable } = require('stream');
function upload(data, bucket, name) {
  Readable.from([data]).pipe(bucket.openUploadStream(name));
  const s = Readable.from('header\n');
  s.pipe(bucket.openUploadStream(name + '.txt'));
}`},
		{name: "Readable.from computed values may fail", src: `const { Readable } = require('stream');
function upload(bucket, name) { Readable.from([load(name)]).pipe(bucket.openUploadStream(name)); }`, want: []string{"warning: Readable.from([load(name)])"}},
		{name: "catalog negative pipeline", file: "a.mjs", src: `import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
app.get('/v/:id', async (req, res, next) => {
  try { await pipeline(fs.createReadStream(p), res); }
  catch (err) { if (!res.headersSent) next(err); else res.destroy(err); }
});`},
		{name: "error listener", src: head + `app.get('/v', (req, res) => {
  const s = fs.createReadStream(p);
  s.on('error', (err) => res.destroy(err));
  s.pipe(res);
});`},
		{name: "error listener chained before pipe", src: head + `app.get('/v', (req, res) => { fs.createReadStream(p).on('error', () => res.end()).pipe(res); });`},
		{name: "finished and helpers", src: `const fs = require('fs'); const { finished } = require('stream');
function a(res) { const s = fs.createReadStream(p); finished(s, done); s.pipe(res); }
function b(res) { const s = fs.createReadStream(p); track(s); s.pipe(res); }`},
		{name: "rxjs pipe", file: "a.ts", src: `import { of } from 'rxjs';
import { map } from 'rxjs/operators';
of(1, 2).pipe(map((x) => x * 2));`},
		{name: "gulp pipe", src: `const gulp = require('gulp');
gulp.src('*.js').pipe(gulp.dest('out'));`},
		{name: "unresolved receiver", src: `function f(stream, res) { stream.pipe(res); getStream().pipe(res); }`},
		{name: "process.stdin", src: `process.stdin.pipe(process.stdout);`},
		{name: "module-level stream used in a function", src: `const fs = require('fs');
const log = fs.createReadStream('a.log');
function f(res) { log.pipe(res); }`},
		{name: "local function named createReadStream", src: `function createReadStream() { return x; }
createReadStream().pipe(out);`},
	})
}

func TestPipeWithoutErrorHandlingFixes(t *testing.T) {
	runFixes(t, PipeWithoutErrorHandling, []fixCase{
		{name: "async handler gets await pipeline", src: `const fs = require('fs');
const app = require('express')();
app.get('/v', async (req, res) => {
  fs.createReadStream(p).pipe(res);
});
`, want: `const { pipeline } = require('node:stream/promises');
const fs = require('fs');
const app = require('express')();
app.get('/v', async (req, res) => {
  await pipeline(fs.createReadStream(p), res);
});
`},
		{name: "sync function gets the callback pipeline", file: "a.ts", src: `import fs from 'node:fs';
import zlib from 'node:zlib';
export function gz(a: string, b: string) {
  fs.createReadStream(a).pipe(zlib.createGzip()).pipe(fs.createWriteStream(b));
}
`, want: `import { pipeline } from 'node:stream';
import fs from 'node:fs';
import zlib from 'node:zlib';
export function gz(a: string, b: string) {
  pipeline(fs.createReadStream(a), zlib.createGzip(), fs.createWriteStream(b), (err) => { if (err) { /* TODO handle */ } });
}
`},
		{name: "existing pipeline import is reused", src: `const fs = require('fs');
const { pipeline } = require('stream/promises');
async function copy(a, out) {
  const src = fs.createReadStream(a);
  src.pipe(out);
}
`, want: `const fs = require('fs');
const { pipeline } = require('stream/promises');
async function copy(a, out) {
  const src = fs.createReadStream(a);
  await pipeline(src, out);
}
`},
	})
}

func TestPipeWithoutErrorHandlingNoFixWhenUsed(t *testing.T) {
	findings, _ := check(t, PipeWithoutErrorHandling, "", "", `const fs = require('fs');
function f(res) { return fs.createReadStream(p).pipe(res, { end: false }); }`)
	if len(findings) != 1 || findings[0].Fix != nil {
		t.Fatalf("want one finding without a fix, got %+v", findings)
	}
}

// TestPipeWithoutErrorHandlingGate: the rule runs only in a file that imports one of
// the stream modules (fs, zlib, crypto, stream, child_process), under any binding or
// with the node: prefix; a file that names them only in a comment, or imports a
// module whose name merely ends in one, is not parsed.
func TestPipeWithoutErrorHandlingGate(t *testing.T) {
	checkHandlerGate(t, PipeWithoutErrorHandling, []handlerGateCase{
		{name: "renamed named import in TypeScript", file: "copy.ts", reports: true,
			src: "import { createReadStream as open } from \"node:fs\";\nexport function copy(a: string, out: NodeJS.WritableStream) { open(a).pipe(out); }\n"},
		{name: "require by a template literal", reports: true,
			src: "const z = require(`zlib`);\nfunction gz(out) { const g = z.createGzip(); g.pipe(out); }\n"},
		{name: "a module whose name ends in fs",
			src: "const gfs = require('graceful-fs');\nfunction copy(a, out) { gfs.createReadStream(a).pipe(out); }\n"},
		{name: "a stream module in a comment only",
			src: "// Like fs.createReadStream(path).pipe(res), for URLs.\nconst got = require('got');\nfunction proxy(url, res) { got.stream(url).pipe(res); }\n"},
	})
}
