package rules

import "testing"

func TestBcryptSync(t *testing.T) {
	const head = "const bcrypt = require('bcrypt');\nconst router = require('express').Router();\n"
	runCases(t, BcryptSync, []ruleCase{
		{name: "catalog positive", src: head + `router.post('/signup', (req, res) => {
  const hash = bcrypt.hashSync(req.body.password, 12);
  res.json({ hash });
});`, want: []string{"warning: bcrypt.hashSync"}},
		{name: "bcryptjs compareSync in TS", file: "auth.ts", src: `import bcrypt from 'bcryptjs';
import express from 'express';
const app = express();
app.post('/login', async (req, res) => { res.json({ ok: bcrypt.compareSync(req.body.pw, await load(req.body.user)) }); });`, want: []string{"warning: bcrypt.compareSync"}},
		{name: "destructured hashSync", src: `const { hashSync } = require('bcrypt-nodejs');
const app = require('express')();
app.post('/x', (req, res) => res.send(hashSync(req.body.pw)));`, want: []string{"warning: hashSync"}},
		// genSaltSync draws random bytes; the cost is paid by the hash, flagged on its own.
		{name: "genSaltSync is cheap", src: head + `router.post('/signup', (req, res) => {
  const salt = bcrypt.genSaltSync(12);
  res.json({ hash: bcrypt.hashSync(req.body.password, salt) });
});`, want: []string{"warning: bcrypt.hashSync"}},
		{name: "TS genSaltSync alone", file: "auth.ts", src: `import { genSaltSync } from 'bcryptjs';
import express from 'express';
const app = express();
app.get('/salt', (req, res) => { res.send(genSaltSync(10)); });`},
		{name: "other function is information", src: `const bcrypt = require('bcrypt');
class UserService { hashPassword(pw) { return bcrypt.hashSync(pw, 12); } }`, want: []string{"information: bcrypt.hashSync"}},
		{name: "heuristic handler without express is information", pkg: `{"name":"x"}`, src: `const bcrypt = require('bcrypt');
exports.signup = (req, res) => res.json(bcrypt.hashSync(req.body.pw, 12));`, want: []string{"information: bcrypt.hashSync"}},
		{name: "catalog negative", src: head + `router.post('/signup', async (req, res) => {
  const hash = await bcrypt.hash(req.body.password, 12);
  res.json({ hash });
});`},
		{name: "module-level dummy hash", src: `const bcrypt = require('bcrypt');
const DUMMY_HASH = bcrypt.hashSync('not-a-password', 12);`},
		{name: "startup function", src: `const bcrypt = require('bcrypt');
async function seedAdmin() {}
function init() { admin.hash = bcrypt.hashSync(process.env.ADMIN_PW, 12); }
init();`},
		{name: "shadowed binding", src: head + `router.post('/x', (req, res) => { const bcrypt = fake(); res.json(bcrypt.hashSync('a', 1)); });`},
		{name: "look-alike module", src: `const bcrypt = require('./my-bcrypt');
const app = require('express')();
app.post('/x', (req, res) => res.json(bcrypt.hashSync(req.body.pw, 12)));`},
		{name: "string and comment", src: head + `router.post('/x', (req, res) => { // bcrypt.hashSync(a)
  res.send('bcrypt.hashSync(a)'); });`},
		{name: "CLI package", pkg: `{"name":"tool","bin":"cli.js","dependencies":{"bcrypt":"^5.1.0"}}`, src: `const bcrypt = require('bcrypt');
function run(pw) { console.log(bcrypt.hashSync(pw, 12)); }`},
	})
}

func TestBcryptSyncFixes(t *testing.T) {
	runFixes(t, BcryptSync, []fixCase{
		{name: "direct handler gains async", src: `const bcrypt = require('bcrypt');
const router = require('express').Router();
router.post('/signup', (req, res) => {
  const hash = bcrypt.hashSync(req.body.password, 12);
  res.json({ hash });
});
`, want: `const bcrypt = require('bcrypt');
const router = require('express').Router();
router.post('/signup', async (req, res) => {
  const hash = await bcrypt.hash(req.body.password, 12);
  res.json({ hash });
});
`},
		{name: "named import in async function", file: "svc.ts", src: `import { compareSync } from 'bcryptjs';
export async function verify(pw: string, hash: string) {
  return compareSync(pw, hash) ? 'ok' : 'no';
}
`, want: `import { compare } from 'bcryptjs';
import { compareSync } from 'bcryptjs';
export async function verify(pw: string, hash: string) {
  return await compare(pw, hash) ? 'ok' : 'no';
}
`},
		{name: "call result used", src: `const bcrypt = require('bcrypt');
const app = require('express')();
app.get('/check', async (req, res) => res.send(bcrypt.compareSync(req.body.pw, req.user.hash).toString()));
`, want: `const bcrypt = require('bcrypt');
const app = require('express')();
app.get('/check', async (req, res) => res.send((await bcrypt.compare(req.body.pw, req.user.hash)).toString()));
`},
	})
}

func TestBcryptSyncNoFix(t *testing.T) {
	for name, src := range map[string]string{
		"plain function stays sync": `const bcrypt = require('bcrypt');
function hashPassword(pw) { return bcrypt.hashSync(pw, 12); }`,
		"bcrypt-nodejs has callbacks only": `const bcrypt = require('bcrypt-nodejs');
const app = require('express')();
app.post('/x', async (req, res) => res.send(bcrypt.hashSync(req.body.pw)));`,
	} {
		t.Run(name, func(t *testing.T) {
			findings, _ := check(t, BcryptSync, "", "", src)
			if len(findings) != 1 || findings[0].Fix != nil {
				t.Fatalf("want one finding without a fix, got %+v", findings)
			}
		})
	}
}

// TestBcryptSyncGate: BcryptSync runs only in files that name hashSync or compareSync
// and import a bcrypt module: a renamed import and a quoted key still spell them; the
// async forms do not.
func TestBcryptSyncGate(t *testing.T) {
	checkGates(t, BcryptSync, []gateCase{
		{name: "a renamed hashSync", reported: `const { hashSync: h } = require('bcryptjs');
module.exports = function register(pw) { return h(pw, 10); };
`, skipped: `const bcrypt = require('bcrypt');
module.exports = async function register(pw) { return bcrypt.hash(pw, 12); };
`},
		{name: "a quoted compareSync in TypeScript", file: "auth.ts", reported: `import * as bcrypt from 'bcrypt';
export function check(pw: string, stored: string) { return bcrypt['compareSync'](pw, stored); }
`, skipped: `import bcrypt from 'bcrypt';
export const check = (pw: string, stored: string) => bcrypt.compare(pw, stored);
`},
	})
}
