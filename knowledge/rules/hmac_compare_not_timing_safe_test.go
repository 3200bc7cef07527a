package rules

import "testing"

func TestHMACCompareNotTimingSafe(t *testing.T) {
	const head = "const crypto = require('crypto');\n"
	runCases(t, HMACCompareNotTimingSafe, []ruleCase{
		{name: "catalog positive", src: head + "app.post('/hook', (req, res) => {\n  if (req.get('X-Signature') !== crypto.createHmac('sha256', secret).update(raw).digest('hex')) return res.sendStatus(401);\n});",
			want: []string{"warning: req.get('X-Signature') !== crypto.createHmac('sha256', secret).update(raw).digest('hex')"}},
		{name: "const digest", src: head + "function ok(sig, body) {\n  const expected = crypto.createHmac('sha256', key).update(body).digest('hex');\n  return sig === expected;\n}",
			want: []string{"warning: sig === expected"}},
		{name: "hmac object and prefix", file: "hook.ts", src: "import { createHmac } from 'node:crypto';\nexport function check(sig: string, body: string) {\n  const hmac = createHmac('sha256', key);\n  hmac.update(body);\n  const digest = 'sha256=' + hmac.digest('hex');\n  return sig == digest;\n}",
			want: []string{"warning: sig == digest"}},
		{name: "template prefix", src: head + "const d = crypto.createHmac('sha1', k).update(b).digest('hex');\nif (`sha1=${d}` != header) deny();",
			want: []string{"warning: `sha1=${d}` != header"}},
		{name: "Buffer equals", src: head + "const mac = crypto.createHmac('sha256', k).update(b).digest();\nif (!mac.equals(Buffer.from(sig, 'hex'))) deny();",
			want: []string{"warning: mac.equals(Buffer.from(sig, 'hex'))"}},

		{name: "catalog negative", src: head + "const expected = crypto.createHmac('sha256', k).update(raw).digest('hex');\nconst a = Buffer.from(sig), b = Buffer.from(expected);\nif (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return res.sendStatus(401);"},
		{name: "createHash etag", src: head + "const etag = crypto.createHash('sha1').update(body).digest('hex');\nif (req.headers['if-none-match'] === etag) res.status(304).end();"},
		{name: "length comparison", src: head + "const d = crypto.createHmac('sha256', k).update(b).digest('hex');\nif (d.length !== sig.length) deny();"},
		{name: "other createHmac", src: "const crypto = require('./my-crypto');\nif (sig === crypto.createHmac('a', k).update(b).digest('hex')) ok();"},
		{name: "unrelated comparison", src: "if (a === b) ok();"},
	})
}

func TestHMACCompareNotTimingSafeFixes(t *testing.T) {
	const head = "const crypto = require('crypto');\n"
	runFixes(t, HMACCompareNotTimingSafe, []fixCase{
		{name: "negated inline chain", src: head + "if (sig !== crypto.createHmac('sha256', k).update(b).digest('hex')) deny();\n",
			want: head + "if (!(Buffer.byteLength(sig) === Buffer.byteLength(crypto.createHmac('sha256', k).update(b).digest('hex')) && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(crypto.createHmac('sha256', k).update(b).digest('hex'))))) deny();\n"},
		{name: "variables", src: head + "const expected = crypto.createHmac('sha256', k).update(b).digest('hex');\nreturn sig === expected;\n",
			want: head + "const expected = crypto.createHmac('sha256', k).update(b).digest('hex');\nreturn (Buffer.byteLength(sig) === Buffer.byteLength(expected) && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected)));\n"},
		{name: "adds the import for named createHmac", file: "hook.mjs", src: "import { createHmac } from 'node:crypto';\nconst d = createHmac('sha256', k).update(b).digest('hex');\nexport const ok = (sig) => sig === d;\n",
			want: "import crypto from 'node:crypto';\nimport { createHmac } from 'node:crypto';\nconst d = createHmac('sha256', k).update(b).digest('hex');\nexport const ok = (sig) => (Buffer.byteLength(sig) === Buffer.byteLength(d) && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(d)));\n"},
	})
}

func TestHMACCompareSharedHmacHasNoFix(t *testing.T) {
	findings, _ := check(t, HMACCompareNotTimingSafe, "", "", "const crypto = require('crypto');\nconst h = crypto.createHmac('sha256', k);\nh.update(b);\nif (sig === h.digest('hex')) ok();")
	if len(findings) != 1 || findings[0].Fix != nil {
		t.Fatalf("want one finding without a fix, got %+v", findings)
	}
}

// TestHMACCompareNotTimingSafeGate: HMACCompareNotTimingSafe runs only in files that
// call createHmac and a digest method: a renamed createHmac and a quoted digest still
// spell them; comparing a plain hash or a random token does not.
func TestHMACCompareNotTimingSafeGate(t *testing.T) {
	checkGates(t, HMACCompareNotTimingSafe, []gateCase{
		{name: "a renamed createHmac and a quoted digest", reported: `const { createHmac: mac } = require('node:crypto');
function verify(sig, body) {
  const expected = mac('sha256', process.env.KEY).update(body)['digest']('hex');
  return sig === expected;
}
`, skipped: `const crypto = require('crypto');
function verify(sig, body) {
  const expected = crypto.createHash('sha256').update(body).digest('hex');
  return sig === expected;
}
`},
		{name: "a template specifier, and a look-alike module", reported: "const crypto = require(`crypto`);\n" +
			"const ok = (sig, body) => sig === crypto.createHmac('sha256', k).update(body).digest('hex');\n",
			skipped: "const crypto = require('./crypto');\n" +
				"const ok = (sig, body) => sig === crypto.createHmac('sha256', k).update(body).digest('hex');\n"},
		{name: "Buffer#equals in TypeScript", file: "sign.ts", reported: `import * as crypto from 'crypto';
export const ok = (sig: string, body: string) => Buffer.from(sig).equals(Buffer.from(crypto.createHmac('sha1', key).update(body).digest()));
`, skipped: `import * as crypto from 'crypto';
export const ok = (token: string) => Buffer.from(token).equals(Buffer.from(crypto.randomBytes(16).toString('hex')));
`},
	})
}
