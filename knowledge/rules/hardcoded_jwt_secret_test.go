package rules

import "testing"

func TestHardcodedJWTSecret(t *testing.T) {
	const head = "const jwt = require('jsonwebtoken');\n"
	runCases(t, HardcodedJWTSecret, []ruleCase{
		{name: "literal in sign", src: head + "jwt.sign({ id }, 'supersecret', { expiresIn: '1h' });", want: []string{"error: 'supersecret'"}},
		{name: "template without substitutions in verify", src: head + "jwt.verify(token, `s3cr3t`);", want: []string{"error: `s3cr3t`"}},
		{name: "const bound to a literal", src: head + "const SECRET = 'abc123';\njwt.sign({ id }, SECRET);\njwt.verify(t, SECRET);",
			want: []string{"error: SECRET", "error: SECRET"}},
		{name: "env fallback inline", src: head + "jwt.sign({ id }, process.env.JWT_SECRET || 'dev-secret');", want: []string{"error: 'dev-secret'"}},
		{name: "env fallback through const with ??", file: "auth.ts", src: "import jwt from 'jsonwebtoken';\nconst secret = process.env.TOKEN_KEY ?? 'changeme';\nexport const issue = (id: string) => jwt.sign({ id }, secret);",
			want: []string{"error: secret"}},
		{name: "express-jwt", src: "const { expressjwt } = require('express-jwt');\napp.use(expressjwt({ secret: 'shhhh', algorithms: ['HS256'] }));", want: []string{"error: 'shhhh'"}},
		{name: "passport-jwt", src: "const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');\npassport.use(new JwtStrategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: 'secret' }, verify));",
			want: []string{"error: 'secret'"}},
		{name: "jose SignJWT and jwtVerify", file: "a.mjs", src: "import { SignJWT, jwtVerify } from 'jose';\nconst key = new TextEncoder().encode('my-secret');\nawait new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).sign(key);\nawait jwtVerify(token, new TextEncoder().encode(process.env.K || 'x'));",
			want: []string{"error: 'my-secret'", "error: 'x'"}},

		{name: "env alone", src: head + "jwt.sign({ id }, process.env.JWT_SECRET);"},
		{name: "config getter", src: head + "jwt.sign({ id }, config.get('jwt.secret'));"},
		{name: "key from file", src: head + "const key = require('fs').readFileSync('private.pem');\njwt.sign({ id }, key, { algorithm: 'RS256' });"},
		{name: "public key literal", src: head + "const PUB = '-----BEGIN PUBLIC KEY-----\\nMIIB...';\njwt.verify(t, PUB, { algorithms: ['RS256'] });"},
		{name: "empty fallback", src: head + "jwt.sign({ id }, process.env.JWT_SECRET || '');"},
		{name: "parameter", src: head + "function issue(secret) { return jwt.sign({ id }, secret); }"},
		{name: "other fallback", src: head + "jwt.sign({ id }, config.secret || 'x');"},
		{name: "not jsonwebtoken", src: "const jwt = require('./jwt');\njwt.sign({ id }, 'secret');"},
		{name: "local TextEncoder", file: "a.mjs", src: "import { jwtVerify } from 'jose';\nclass TextEncoder { encode(s) { return s; } }\nawait jwtVerify(t, new TextEncoder().encode('x'));"},
	})
}

func TestHardcodedJWTSecretFixes(t *testing.T) {
	const head = "const jwt = require('jsonwebtoken');\n"
	runFixes(t, HardcodedJWTSecret, []fixCase{
		{name: "literal", src: head + "app.post('/login', (req, res) => {\n  res.json({ token: jwt.sign({ id }, 'supersecret') });\n});\n",
			want: head + "if (!process.env.JWT_SECRET) throw new Error('JWT_SECRET is not set');\napp.post('/login', (req, res) => {\n  res.json({ token: jwt.sign({ id }, process.env.JWT_SECRET) });\n});\n"},
		{name: "fallback keeps its variable", src: head + "const secret = process.env.AUTH_SECRET || 'dev';\njwt.sign({ id }, secret);\n",
			want: head + "if (!process.env.AUTH_SECRET) throw new Error('AUTH_SECRET is not set');\nconst secret = process.env.AUTH_SECRET;\njwt.sign({ id }, secret);\n"},
		{name: "TS asserts", file: "a.ts", src: "import jwt from 'jsonwebtoken';\nexport const t = jwt.sign({ id: 1 }, 'k');\n",
			want: "import jwt from 'jsonwebtoken';\nif (!process.env.JWT_SECRET) throw new Error('JWT_SECRET is not set');\nexport const t = jwt.sign({ id: 1 }, process.env.JWT_SECRET!);\n"},
		{name: "guard not repeated", src: head + "if (!process.env.JWT_SECRET) throw new Error('JWT_SECRET is not set');\njwt.verify(t, 'k');\n",
			want: head + "if (!process.env.JWT_SECRET) throw new Error('JWT_SECRET is not set');\njwt.verify(t, process.env.JWT_SECRET);\n"},
	})
}

// TestHardcodedJWTSecretGate: the rule runs only in files that import jsonwebtoken,
// express-jwt, passport-jwt or jose; the words jwt or secretOrKey hold no file open.
func TestHardcodedJWTSecretGate(t *testing.T) {
	runGates(t, HardcodedJWTSecret, []fileGate{
		{"express-jwt's named export, renamed", "auth.ts", "",
			"import { expressjwt as guard } from \"express-jwt\";\nexport const auth = guard({ secret: 'shh', algorithms: ['HS256'] });\n", true},
		{"passport-jwt's Strategy destructured", "passport.js", "",
			"const { Strategy } = require(`passport-jwt`);\nmodule.exports = new Strategy({ secretOrKey: 'keyboard cat' }, verify);\n", true},
		{"the option named, no library imported", "options.js", "",
			"// the jwt strategy reads secretOrKey from here\nmodule.exports = { secretOrKey: 'keyboard cat' };\n", false},
		{"a local jwt module", "auth.js", "",
			"const jwt = require('./jwt');\nmodule.exports = (user) => jwt.sign({ sub: user.id }, 'shh');\n", false},
	})
}
