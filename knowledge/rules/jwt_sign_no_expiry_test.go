package rules

import "testing"

func TestJWTSignNoExpiry(t *testing.T) {
	const head = "const jwt = require('jsonwebtoken');\n"
	runCases(t, JWTSignNoExpiry, []ruleCase{
		{name: "catalog positive", src: head + "const token = jwt.sign({ id: user._id }, process.env.JWT_SECRET);", want: []string{"warning: jwt.sign"}},
		{name: "options without expiresIn", src: head + "jwt.sign({ sub }, key, { algorithm: 'RS256' });", want: []string{"warning: jwt.sign"}},
		{name: "callback", src: head + "jwt.sign({ sub }, key, (err, tok) => done(err, tok));", want: []string{"warning: jwt.sign"}},
		{name: "esm named sign in TS", file: "auth.ts", src: "import { sign } from 'jsonwebtoken';\nexport const issue = (id: string) => sign({ id }, process.env.SECRET!);", want: []string{"warning: sign"}},
		{name: "payload const", src: head + "const payload = { id: 1 };\njwt.sign(payload, key);", want: []string{"warning: jwt.sign"}},
		{name: "jose chain", file: "auth.mjs", src: "import { SignJWT } from 'jose';\nconst t = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'HS256' }).sign(key);", want: []string{"warning: SignJWT"}},

		{name: "catalog negative", src: head + "jwt.sign({ id: user._id }, process.env.JWT_SECRET, { expiresIn: '15m' });"},
		{name: "exp claim", src: head + "jwt.sign({ id, exp: Math.floor(Date.now() / 1000) + 3600 }, key);"},
		{name: "payload not a literal", src: head + "jwt.sign(payload, key);"},
		{name: "payload spread", src: head + "jwt.sign({ ...claims }, key);"},
		{name: "mutated payload const", src: head + "const payload = { id: 1 };\npayload.exp = later;\njwt.sign(payload, key);"},
		{name: "options not a literal", src: head + "jwt.sign({ id }, key, signOptions);"},
		{name: "options spread", src: head + "jwt.sign({ id }, key, { ...defaults });"},
		{name: "string payload cannot expire", src: head + "jwt.sign('data', key);"},
		{name: "verify is not sign", src: head + "jwt.verify(token, key);"},
		{name: "other sign", src: "const crypto = require('crypto');\ncrypto.sign('sha256', data, key);"},
		{name: "local sign", src: "function sign(a, b) {}\nsign({ id }, key);"},
		{name: "jose with expiry", file: "a.mjs", src: "import { SignJWT } from 'jose';\nawait new SignJWT({ sub }).setProtectedHeader({ alg }).setExpirationTime('2h').sign(key);"},
		{name: "jose builder in a variable", file: "a.mjs", src: "import { SignJWT } from 'jose';\nconst b = new SignJWT({ sub });\nb.setExpirationTime('1h');\nawait b.sign(key);"},
	})
}

func TestJWTSignNoExpiryFixes(t *testing.T) {
	const head = "const jwt = require('jsonwebtoken');\n"
	runFixes(t, JWTSignNoExpiry, []fixCase{
		{name: "new options argument", src: head + "jwt.sign({ id }, key);\n", want: head + "jwt.sign({ id }, key, { expiresIn: '15m' });\n"},
		{name: "into options", src: head + "jwt.sign({ id }, key, { algorithm: 'HS512' });\n", want: head + "jwt.sign({ id }, key, { algorithm: 'HS512', expiresIn: '15m' });\n"},
		{name: "before the callback", src: head + "jwt.sign({ id }, key, (e, t) => cb(e, t));\n", want: head + "jwt.sign({ id }, key, { expiresIn: '15m' }, (e, t) => cb(e, t));\n"},
		{name: "empty options", src: head + "jwt.sign({ id }, key, {});\n", want: head + "jwt.sign({ id }, key, { expiresIn: '15m' });\n"},
		{name: "jose", file: "a.mjs", src: "import { SignJWT } from 'jose';\nawait new SignJWT({ sub })\n  .setProtectedHeader({ alg })\n  .sign(key);\n",
			want: "import { SignJWT } from 'jose';\nawait new SignJWT({ sub })\n  .setProtectedHeader({ alg }).setExpirationTime('15m')\n  .sign(key);\n"},
	})
}

// TestJWTSignNoExpiryGate: the rule runs only in files that import jsonwebtoken or jose.
func TestJWTSignNoExpiryGate(t *testing.T) {
	runGates(t, JWTSignNoExpiry, []fileGate{
		{"a namespace import", "auth.ts", "",
			"import * as j from \"jsonwebtoken\";\nexport const issue = (id: string) => j.sign({ sub: id }, process.env.KEY!);\n", true},
		{"jose's SignJWT", "auth.mjs", "",
			"import { SignJWT } from 'jose';\nexport const issue = (id, key) => new SignJWT({ sub: id }).setProtectedHeader({ alg: 'HS256' }).sign(key);\n", true},
		{"a local jwt module", "auth.js", "",
			"const jwt = require('./jwt');\nmodule.exports = (user) => jwt.sign({ sub: user.id }, process.env.KEY);\n", false},
	})
}
