package rules

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

const express4 = `{"name":"app","dependencies":{"express":"^4.21.2"}}`

func TestNoSyncFSInHandler(t *testing.T) {
	runCases(t, NoSyncFSInHandler, []ruleCase{
		{name: "catalog positive", src: `const fs = require('node:fs');
const app = require('express')();
app.get('/report/:id', (req, res) => {
  const csv = fs.readFileSync(` + "`./reports/${req.params.id}.csv`" + `, 'utf8');
  res.type('text/csv').send(csv);
});`, want: []string{"warning: fs.readFileSync"}},
		{name: "catalog negative", file: "app.mjs", src: `import express from 'express';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
const app = express();
const tlsKey = readFileSync('./key.pem');
app.get('/report/:id', async (req, res, next) => {
  try { res.send(await readFile(reportPath(req.params.id))); } catch (err) { next(err); }
});`},
		{name: "destructured alias in router", src: `const { writeFileSync: save } = require('fs');
const router = require('express').Router();
router.post('/notes', function (req, res) { save('n.txt', req.body.text); res.end(); });`, want: []string{"warning: save"}},
		{name: "esm namespace in TS handler", file: "app.ts", src: `import * as fs from 'node:fs';
import express from 'express';
const app = express();
app.get('/x', async (req, res) => { res.json(fs.readdirSync('.')); });`, want: []string{"warning: fs.readdirSync"}},
		{name: "nested callback in handler", src: `const fs = require('fs');
const app = require('express')();
app.get('/x', (req, res) => { setTimeout(() => fs.statSync('a'), 1); res.end(); });`, want: []string{"warning: fs.statSync"}},
		{name: "inline require", src: `const app = require('express')();
app.get('/x', (req, res) => res.send(require('fs').readFileSync('a')));`, want: []string{"warning: require('fs').readFileSync"}},
		{name: "existsSync is information", src: `const fs = require('fs');
const app = require('express')();
app.get('/x', (req, res) => res.send(fs.existsSync('a')));`, want: []string{"information: fs.existsSync"}},
		{name: "typed controller in another file", file: "users.controller.ts", src: `import type { Request, Response } from 'express';
import { readFileSync } from 'fs';
export function show(req: Request, res: Response) { res.send(readFileSync('u.json')); }`, want: []string{"warning: readFileSync"}},
		{name: "heuristic tier with express dependency", pkg: express4, src: `const fs = require('fs');
exports.show = (req, res) => res.send(fs.readFileSync('a'));`, want: []string{"warning: fs.readFileSync"}},
		{name: "heuristic tier without express is only an async hint or nothing", pkg: `{"name":"x"}`, src: `const fs = require('fs');
exports.show = (req, res) => res.send(fs.readFileSync('a'));`},
		{name: "other async function nothing reaches is not reported by default", src: `const fs = require('fs');
async function loadUser(id) { return JSON.parse(fs.readFileSync(id + '.json')); }`},
		{name: "async helper of an exported function no handler is known to call is not reported by default", src: `const fs = require('fs');
async function load(id) { return fs.readFileSync(id); }
module.exports = async function show(id) { return load(id); };`},
		{name: "existsSync in an exported async function is not reported by default", src: `const fs = require('fs');
async function has(p) { return fs.existsSync(p); }
module.exports = { has };`},
		{name: "http.createServer callback", src: `const http = require('http'); const fs = require('fs');
http.createServer((req, res) => res.end(fs.readFileSync('index.html'))).listen(8080);`, want: []string{"warning: fs.readFileSync"}},

		{name: "top level is startup", src: `const fs = require('fs');
const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));`},
		{name: "listen callback is startup", src: `const fs = require('fs');
const app = require('express')();
app.listen(3000, async () => { fs.writeFileSync('pid', String(process.pid)); });`},
		{name: "main function is startup", src: `const fs = require('fs');
async function main() { fs.readFileSync('a'); }
main();`},
		{name: "corpus: async function called only at top level is startup", file: "bank-factory.mjs", src: `import fs from 'node:fs';
async function loadBanks() {
  const files = fs.readdirSync('banks');
  return Promise.all(files.map((f) => import('./banks/' + f)));
}
export const banks = await loadBanks();`},
		{name: "corpus: async IIFE script is startup", src: `const fs = require('fs');
(async () => {
  const apikey = fs.readFileSync('APIKEY.txt', { encoding: 'utf-8' });
  await run(apikey);
})();`},
		{name: "corpus: function that creates and serves the app is startup", src: `const fs = require('fs');
const express = require('express');
exports.restartServer = async () => {
  const app = express();
  const options = { key: fs.readFileSync(settings.ssl.key), cert: fs.readFileSync(settings.ssl.cert) };
  require('https').createServer(options, app);
};`},
		{name: "corpus: method that builds the app before listening is startup", src: `const fs = require('fs');
const express = require('express');
class Server {
  async startApp(options) {
    const app = express();
    const typeDefs = parse(fs.readFileSync(options.graphQLSchema, 'utf8'));
    await new Promise((resolve) => app.listen(options.port, resolve));
  }
}`},
		{name: "corpus: node:test suite", src: `const { test } = require('node:test');
const fs = require('node:fs');
test('stream', async (t) => {
  const buf = fs.readFileSync(__filename);
  t.assert.ok(buf);
});`},
		{name: "corpus: jest suite helper", src: `const fs = require('fs');
const createFile = async (p, html) => { if (!fs.existsSync(p)) fs.writeFileSync(p, html); };
describe('page', () => {
  it('serves the file', async () => { await createFile('a.html', '<p>'); });
});`},
		{name: "fs/promises and callbacks are fine", src: `const fs = require('fs');
const app = require('express')();
app.get('/x', async (req, res) => { await fs.promises.readFile('a'); fs.readFile('b', () => {}); res.end(); });`},
		{name: "local function named readFileSync", src: `function readFileSync() { return 1; }
const app = require('express')();
app.get('/x', (req, res) => res.send(readFileSync('a')));`},
		{name: "shadowed fs parameter", src: `const fs = require('fs');
const app = require('express')();
app.get('/x', (req, res) => { const fs = makeFake(); res.send(fs.readFileSync('a')); });`},
		{name: "comment and string", src: `const app = require('express')();
app.get('/x', (req, res) => { /* fs.readFileSync('a') */ res.send("fs.readFileSync('a')"); });`},
		{name: "shebang script", src: `#!/usr/bin/env node
const fs = require('fs');
exports.run = async (req, res) => fs.readFileSync('a');`},
		{name: "CLI package", pkg: `{"name":"tool","bin":{"tool":"cli.js"}}`, src: `const fs = require('fs');
async function run() { fs.readFileSync('a'); }`},
		{name: "half-typed file still reports the complete handler", src: `const fs = require('fs');
const app = require('express')();
app.get('/x', (req, res) => { res.send(fs.readFileSync('a')); });
app.post('/y', (req, res) => { if (`, want: []string{"warning: fs.readFileSync"}},
	})
}

func TestNoSyncFSInHandlerFixes(t *testing.T) {
	runFixes(t, NoSyncFSInHandler, []fixCase{
		{name: "namespace in direct handler gains async", src: `const fs = require('node:fs');
const app = require('express')();
app.get('/r', (req, res) => {
  const csv = fs.readFileSync('r.csv', 'utf8');
  res.send(csv);
});
`, want: `const fs = require('node:fs');
const app = require('express')();
app.get('/r', async (req, res) => {
  const csv = await fs.promises.readFile('r.csv', 'utf8');
  res.send(csv);
});
`},
		{name: "member of the result is parenthesised", src: `const fs = require('fs');
const app = require('express')();
app.get('/r', async (req, res) => res.send(fs.readFileSync('r').toString()));
`, want: `const fs = require('fs');
const app = require('express')();
app.get('/r', async (req, res) => res.send((await fs.promises.readFile('r')).toString()));
`},
		{name: "named import adds an ESM import", file: "app.ts", src: `import express from 'express';
import { readFileSync } from 'node:fs';
const app = express();
app.get('/r', async (req, res) => { res.send(readFileSync('r')); });
`, want: `import { readFile } from 'node:fs/promises';
import express from 'express';
import { readFileSync } from 'node:fs';
const app = express();
app.get('/r', async (req, res) => { res.send(await readFile('r')); });
`},
		{name: "destructured require adds a require after use strict", src: `'use strict';
const { readdirSync } = require('fs');
const app = require('express')();
app.get('/r', async (req, res) => { res.json(readdirSync('.')); });
`, want: `'use strict';
const { readdir } = require('node:fs/promises');
const { readdirSync } = require('fs');
const app = require('express')();
app.get('/r', async (req, res) => { res.json(await readdir('.')); });
`},
	})
}

func TestNoSyncFSInHandlerNoFixWithoutAsyncContext(t *testing.T) {
	// The controller is typed, not registered here: making it async could change what
	// its callers get back, so no mechanical fix is offered.
	findings, _ := check(t, NoSyncFSInHandler, "c.ts", "", `import type { Request, Response } from 'express';
import fs from 'fs';
export function show(req: Request, res: Response) { res.send(fs.readFileSync('u')); }`)
	if len(findings) != 1 || findings[0].Fix != nil {
		t.Fatalf("want one finding without a fix, got %+v", findings)
	}
}

// asyncContextOption sets the rule's asyncContext option.
func asyncContextOption(v string) map[string]map[string]any {
	return map[string]map[string]any{"no-sync-fs-in-handler": {"asyncContext": v}}
}

func TestNoSyncFSInHandlerOptions(t *testing.T) {
	src := `const fs = require('fs');
const app = require('express')();
app.get('/a', (req, res) => res.send(fs.readFileSync('a')));
exports.show = (req, res) => res.send(fs.readFileSync('b'));
async function load() { return fs.readFileSync('c'); }`
	cases := []struct {
		name string
		opts analysis.Options
		want int
	}{
		{"defaults: direct and heuristic, no async hint", analysis.Options{}, 2},
		{"asyncContext hint adds the async function", analysis.Options{RuleOptions: asyncContextOption("hint")}, 3},
		{"asyncContext off drops the hint", analysis.Options{RuleOptions: asyncContextOption("off")}, 2},
		{"typed tier drops the heuristic handler", analysis.Options{HandlerTier: resolve.Typed, RuleOptions: asyncContextOption("off")}, 1},
		{"rule set to error", analysis.Options{Severity: map[string]analysis.Severity{"no-sync-fs-in-handler": analysis.Error}}, 2},
		{"rule off", analysis.Options{Severity: map[string]analysis.Severity{"no-sync-fs-in-handler": analysis.Off}}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			findings, _ := checkWith(t, NoSyncFSInHandler, "", express4, src, tc.opts)
			if len(findings) != tc.want {
				t.Fatalf("%d findings, want %d: %+v", len(findings), tc.want, findings)
			}
			if tc.opts.Severity != nil && len(findings) > 0 && findings[0].Severity != analysis.Error {
				t.Errorf("severity override not applied: %v", findings[0].Severity)
			}
		})
	}
}

// TestNoSyncFSInHandlerRequestPath: one call below a handler, in a same-file helper
// only handlers call, is the request path; a memoised one-time read, a script, a
// package that serves no HTTP and a function that registers routes are not.
func TestNoSyncFSInHandlerRequestPath(t *testing.T) {
	runCases(t, NoSyncFSInHandler, []ruleCase{
		{name: "helper only handlers call", src: `const fs = require('fs');
const app = require('express')();
function subtitles() { return fs.readFileSync('promo.vtt', 'utf8'); }
app.get('/video', (req, res) => res.send(subtitles()));
app.get('/subs', (req, res) => res.type('text/vtt').send(subtitles()));`, want: []string{"warning: fs.readFileSync"}},
		{name: "TS helper only a handler calls", file: "video.ts", src: `import * as fs from 'node:fs';
import express from 'express';
const app = express();
const subtitles = (): string => fs.readFileSync('promo.vtt', 'utf8');
app.get('/video', (req, res) => { res.send(subtitles()); });`, want: []string{"warning: fs.readFileSync"}},
		{name: "helper also called at startup still runs for every request", src: `const fs = require('fs');
const app = require('express')();
function subtitles() { return fs.readFileSync('promo.vtt', 'utf8'); }
const warm = subtitles();
app.get('/video', (req, res) => res.send(subtitles()));`, want: []string{"warning: fs.readFileSync"}},
		{name: "helper called only at startup and by a job is not the request path", src: `const fs = require('fs');
const app = require('express')();
function subtitles() { return fs.readFileSync('promo.vtt', 'utf8'); }
const warm = subtitles();
setInterval(() => subtitles(), 60000);
app.get('/video', (req, res) => res.send(warm));`},
		{name: "exported helper is not judged by this file's calls", file: "video.ts", src: `import * as fs from 'node:fs';
import express from 'express';
const app = express();
export function subtitles(): string { return fs.readFileSync('promo.vtt', 'utf8'); }
app.get('/video', (req, res) => { res.send(subtitles()); });`},
		{name: "memoised read in a handler", src: `const fs = require('fs');
const app = require('express')();
let robots = '';
app.get('/robots.txt', (req, res) => {
  if (!robots) {
    if (fs.existsSync('robots.txt')) robots = fs.readFileSync('robots.txt', 'utf8');
  }
  res.send(robots);
});`},
		{name: "TS memoised read with == null and a property cache", file: "spec.ts", src: `import { readFileSync } from 'node:fs';
import express from 'express';
class Spec { text?: string;
  load(): string { if (this.text == null) { this.text = readFileSync('spec.yaml', 'utf8'); } return this.text; } }
const spec = new Spec();
const router = express.Router();
router.get('/openapi.yaml', (req, res) => {
  let yaml: string | undefined;
  if (yaml === undefined) { yaml = readFileSync('spec.yaml', 'utf8'); }
  res.send(yaml + spec.load());
});`, want: []string{"warning: readFileSync"}},
		{name: "cache tested but not filled is not memoised", src: `const fs = require('fs');
const app = require('express')();
let robots;
app.get('/robots.txt', (req, res) => {
  if (!robots) { res.send(fs.readFileSync('robots.txt', 'utf8')); return; }
  res.send(robots);
});`, want: []string{"warning: fs.readFileSync"}},
		{name: "script that reads process.argv", file: "release.mjs", src: `import fs from 'node:fs';
export async function buildImages() { if (!fs.existsSync('dist')) throw new Error('build first'); }
if (process.argv.includes('--images')) await buildImages();`},
		{name: "TS script guarded by require.main", file: "install.ts", src: `import { readdirSync } from 'fs';
export async function install(): Promise<void> { for (const d of readdirSync('services')) await run(d); }
if (require.main === module) { install(); }`},
		{name: "async function in a package that serves no HTTP", pkg: `{"name":"tools","dependencies":{"semver":"^7.0.0"}}`, src: `const fs = require('fs');
async function persist(list) { fs.writeFileSync('installed.json', JSON.stringify(list)); }
module.exports = { persist };`},
		{name: "TS async function in a server package nothing reaches is not reported by default", file: "license.ts", pkg: express4, src: `import * as fs from 'fs';
export async function licenseMeta(): Promise<string> { return fs.readFileSync('buildinfo', 'utf8'); }`},
		{name: "hook that registers routes is setup", pkg: express4, src: `const fs = require('fs');
exports.expressCreateServer = async (hook, { app }) => {
  if (!fs.existsSync('var/js')) fs.mkdirSync('var/js');
  app.get('/pad.js', (req, res) => res.sendFile('var/js/pad.js'));
};`},
		{name: "TS function that registers routes is setup, its handler is not", file: "pages.ts", src: `import fs from 'node:fs';
import type { Express } from 'express';
export async function mount(app: Express): Promise<void> {
  fs.mkdirSync('var/js', { recursive: true });
  app.get('/pad', (req, res) => { res.send(fs.readFileSync('var/js/pad.html')); });
}`, want: []string{"warning: fs.readFileSync"}},
	})
}
