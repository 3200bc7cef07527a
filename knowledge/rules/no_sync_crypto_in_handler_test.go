package rules

import "testing"

func TestNoSyncCryptoInHandler(t *testing.T) {
	const head = "const crypto = require('crypto');\nconst app = require('express')();\n"
	runCases(t, NoSyncCryptoInHandler, []ruleCase{
		{name: "catalog positive", src: head + `app.post('/login', (req, res) => {
  const h = crypto.pbkdf2Sync(req.body.pw, salt, 310000, 32, 'sha256');
  res.json({ ok: check(h) });
});`, want: []string{"warning: crypto.pbkdf2Sync"}},
		{name: "destructured scryptSync in TS router", file: "auth.ts", src: `import { Router } from 'express';
import { scryptSync } from 'node:crypto';
const r = Router();
r.post('/signup', (req, res) => { res.json({ key: scryptSync(req.body.pw, 'salt', 64) }); });`, want: []string{"warning: scryptSync"}},
		{name: "zlib on a request body", src: `const zlib = require('node:zlib');
const app = require('express')();
app.get('/export', async (req, res) => { res.send(zlib.gzipSync(await build(req.query))); });`, want: []string{"warning: zlib.gzipSync"}},
		{name: "execSync in a typed controller", file: "c.ts", src: `import type { Request, Response } from 'express';
import { execSync } from 'child_process';
export function version(req: Request, res: Response) { res.send(execSync('git rev-parse HEAD')); }`, want: []string{"warning: execSync"}},
		{name: "http.createServer callback", src: `const http = require('http'); const crypto = require('crypto');
http.createServer((req, res) => res.end(crypto.generateKeyPairSync('rsa', { modulusLength: 4096 }).publicKey.export())).listen(1);`, want: []string{"warning: crypto.generateKeyPairSync"}},
		{name: "catalog negative promisify", src: head + `const { promisify } = require('util');
app.post('/login', async (req, res) => {
  const h = await promisify(crypto.pbkdf2)(req.body.pw, salt, 310000, 32, 'sha256');
  res.json({ ok: check(h) });
});`},
		{name: "fast primitives", src: head + `app.post('/hook', (req, res) => {
  const mac = crypto.createHmac('sha256', key).update(req.body).digest('hex');
  const id = crypto.randomUUID();
  const ok = crypto.timingSafeEqual(a, b);
  const k = crypto.hkdfSync('sha256', key, salt, info, 32);
  res.json({ mac, id, ok, k, r: crypto.randomBytes(16).toString('hex'), h: crypto.createHash('sha1').update('x').digest() });
});`},
		{name: "zlib on a literal", src: `const zlib = require('zlib');
const app = require('express')();
app.get('/x', (req, res) => res.send(zlib.gzipSync('hello')));
app.get('/y', (req, res) => res.send(zlib.gzipSync(Buffer.from('hello'))));`},
		{name: "top level is startup", src: `const crypto = require('crypto');
const KEY = crypto.scryptSync(process.env.SECRET, 'salt', 32);`},
		{name: "listen callback", src: head + `app.listen(3000, () => { crypto.generateKeyPairSync('ed25519'); });`},
		{name: "shebang script", src: "#!/usr/bin/env node\n" + head + `app.post('/x', (req, res) => res.send(crypto.pbkdf2Sync('a', 'b', 1, 32, 'sha256')));`},
		{name: "local function with the same name", src: `function pbkdf2Sync() { return 1; }
const app = require('express')();
app.post('/x', (req, res) => res.json(pbkdf2Sync(req.body)));`},
		{name: "shadowed module", src: head + `app.post('/x', (req, res) => { const crypto = fake(); res.json(crypto.pbkdf2Sync(req.body)); });`},
		{name: "crypto-js look-alike", src: `const crypto = require('crypto-js');
const app = require('express')();
app.post('/x', (req, res) => res.json(crypto.pbkdf2Sync(req.body)));`},
		{name: "comment and string", src: head + `app.post('/x', (req, res) => { /* crypto.pbkdf2Sync(a) */ res.send("crypto.pbkdf2Sync(a)"); });`},
		{name: "plain helper outside handlers", src: `const crypto = require('crypto');
function derive(pw) { return crypto.pbkdf2Sync(pw, 's', 1000, 32, 'sha256'); }`},
	})
}

func TestNoSyncCryptoInHandlerFixes(t *testing.T) {
	runFixes(t, NoSyncCryptoInHandler, []fixCase{
		{name: "namespace gains promisify and async", src: `const crypto = require('node:crypto');
const app = require('express')();
app.post('/login', (req, res) => {
  const h = crypto.pbkdf2Sync(req.body.pw, salt, 310000, 32, 'sha256');
  res.json({ h });
});
`, want: `const { promisify } = require('node:util');
const crypto = require('node:crypto');
const app = require('express')();
app.post('/login', async (req, res) => {
  const h = await promisify(crypto.pbkdf2)(req.body.pw, salt, 310000, 32, 'sha256');
  res.json({ h });
});
`},
		{name: "existing promisify and member use", file: "app.mjs", src: `import zlib from 'node:zlib';
import { promisify } from 'node:util';
import express from 'express';
const app = express();
app.get('/x', async (req, res) => res.send(zlib.gzipSync(await body(req)).toString('base64')));
`, want: `import zlib from 'node:zlib';
import { promisify } from 'node:util';
import express from 'express';
const app = express();
app.get('/x', async (req, res) => res.send((await promisify(zlib.gzip)(await body(req))).toString('base64')));
`},
		{name: "named import gains its async twin", file: "auth.ts", src: `import express from 'express';
import { scryptSync } from 'node:crypto';
const app = express();
app.post('/s', async (req, res) => { res.json(scryptSync(req.body.pw, 'salt', 64)); });
`, want: `import { scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import express from 'express';
import { scryptSync } from 'node:crypto';
const app = express();
app.post('/s', async (req, res) => { res.json(await promisify(scrypt)(req.body.pw, 'salt', 64)); });
`},
	})
}

func TestNoSyncCryptoInHandlerNoFix(t *testing.T) {
	for name, src := range map[string]string{
		"execSync changes its result shape": `const { execSync } = require('child_process');
const app = require('express')();
app.get('/v', async (req, res) => res.send(execSync('git describe')));`,
		"promisify is taken": `const crypto = require('crypto');
const promisify = (f) => f;
const app = require('express')();
app.post('/x', async (req, res) => res.json(crypto.pbkdf2Sync(req.body.pw, 's', 1, 32, 'sha256')));`,
	} {
		t.Run(name, func(t *testing.T) {
			findings, _ := check(t, NoSyncCryptoInHandler, "", "", src)
			if len(findings) != 1 || findings[0].Fix != nil {
				t.Fatalf("want one finding without a fix, got %+v", findings)
			}
		})
	}
}

// TestNoSyncCryptoInHandlerMemoised: a call memoised in a cache that outlives the
// request runs once, on the first request.
func TestNoSyncCryptoInHandlerMemoised(t *testing.T) {
	runCases(t, NoSyncCryptoInHandler, []ruleCase{
		{name: "TS key pair generated on first use", file: "keys.ts", src: `import { generateKeyPairSync, KeyPairKeyObjectResult } from 'node:crypto';
import express from 'express';
const app = express();
let keys: KeyPairKeyObjectResult | undefined;
app.get('/jwks', (req, res) => {
  if (!keys) { keys = generateKeyPairSync('ed25519'); }
  res.json(keys.publicKey.export({ format: 'jwk' }));
});`},
		{name: "JS key pair memoised with == null", src: `const crypto = require('crypto');
const app = require('express')();
let keys = null;
app.get('/jwks', (req, res) => {
  if (keys == null) keys = crypto.generateKeyPairSync('ed25519');
  res.json(keys.publicKey);
});`},
		{name: "memo block that does not fill the cache", src: `const crypto = require('crypto');
const app = require('express')();
let keys;
app.get('/jwks', (req, res) => {
  if (!keys) { res.json(crypto.generateKeyPairSync('ed25519').publicKey); return; }
  res.json(keys);
});`, want: []string{"warning: crypto.generateKeyPairSync"}},
	})
}

// TestNoSyncCryptoInHandlerGate: NoSyncCryptoInHandler runs only in files that name a
// flagged function and its module: a call through a quoted key or a renamed import
// still names it; a handler hashing with createHash or the async pbkdf2 does not.
func TestNoSyncCryptoInHandlerGate(t *testing.T) {
	checkGates(t, NoSyncCryptoInHandler, []gateCase{
		{name: "a quoted key", reported: `const c = require('crypto');
const app = require('express')();
app.post('/login', (req, res) => { res.json({ k: c['pbkdf2Sync'](req.body.pw, 's', 100000, 32, 'sha256') }); });
`, skipped: `const crypto = require('crypto');
const app = require('express')();
app.post('/login', (req, res) => { crypto.pbkdf2(req.body.pw, 's', 100000, 32, 'sha256', (err, k) => res.json({ k, h: crypto.createHash('sha1').update('x').digest('hex') })); });
`},
		{name: "a renamed import in TypeScript", file: "auth.ts", reported: `import express from 'express';
import { scryptSync as derive } from 'node:crypto';
const app = express();
app.post('/signup', (req, res) => { res.json({ key: derive(req.body.pw, 'salt', 64) }); });
`, skipped: `import express from 'express';
import { scrypt } from 'node:crypto';
const app = express();
app.post('/signup', (req, res) => { scrypt(req.body.pw, 'salt', 64, (err, key) => res.json({ key })); });
`},
	})
}
