package rules

import "testing"

func TestJWTVerifyNoAlgorithms(t *testing.T) {
	const head = "const jwt = require('jsonwebtoken');\n"
	const v8 = `{"name":"api","dependencies":{"jsonwebtoken":"^8.5.1"}}`
	const v9 = `{"name":"api","dependencies":{"jsonwebtoken":"^9.0.2"}}`
	runCases(t, JWTVerifyNoAlgorithms, []ruleCase{
		{name: "seed form", src: head + "const payload = jwt.verify(token, process.env.JWT_SECRET);", want: []string{"information: jwt.verify"}},
		{name: "v9 installed", pkg: v9, src: head + "jwt.verify(token, secret);", want: []string{"information: jwt.verify"}},
		{name: "v8 is a warning", pkg: v8, src: head + "jwt.verify(token, secret);", want: []string{"warning: jwt.verify"}},
		{name: "options without algorithms", src: head + "jwt.verify(token, key, { complete: true });", want: []string{"information: jwt.verify"}},
		{name: "callback", src: head + "jwt.verify(token, key, (err, p) => {});", want: []string{"information: jwt.verify"}},
		{name: "TS named import", file: "auth.ts", src: "import { verify } from 'jsonwebtoken';\nexport const check = (t: string) => verify(t, process.env.SECRET as string);", want: []string{"information: verify"}},

		{name: "algorithms pinned", src: head + "jwt.verify(token, key, { algorithms: ['HS256'] });"},
		{name: "options not a literal", src: head + "jwt.verify(token, key, verifyOptions);"},
		{name: "jose jwtVerify", file: "a.mjs", src: "import { jwtVerify } from 'jose';\nawait jwtVerify(token, key);"},
		{name: "local verify", src: "const verify = (a, b) => a === b;\nverify(token, key);"},
		{name: "other module", src: "const jwt = require('./jwt');\njwt.verify(token, key);"},
	})
}

func TestJWTVerifyNoAlgorithmsFixes(t *testing.T) {
	const head = "const jwt = require('jsonwebtoken');\n"
	runFixes(t, JWTVerifyNoAlgorithms, []fixCase{
		{name: "env secret", src: head + "jwt.verify(token, process.env.JWT_SECRET);\n", want: head + "jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });\n"},
		{name: "algorithm from sign", src: head + "jwt.sign({ id }, priv, { algorithm: 'ES256', expiresIn: '1h' });\njwt.verify(token, pub, { complete: true });\n",
			want: head + "jwt.sign({ id }, priv, { algorithm: 'ES256', expiresIn: '1h' });\njwt.verify(token, pub, { complete: true, algorithms: ['ES256'] });\n"},
		{name: "pem file", src: head + "const fs = require('fs');\nconst publicKey = fs.readFileSync('./keys/public.pem');\njwt.verify(token, publicKey, (err, p) => done(p));\n",
			want: head + "const fs = require('fs');\nconst publicKey = fs.readFileSync('./keys/public.pem');\njwt.verify(token, publicKey, { algorithms: ['RS256'] }, (err, p) => done(p));\n"},
		{name: "fallback secret const", src: head + "const SECRET = process.env.JWT_SECRET || 'dev';\njwt.verify(token, SECRET);\n",
			want: head + "const SECRET = process.env.JWT_SECRET || 'dev';\njwt.verify(token, SECRET, { algorithms: ['HS256'] });\n"},
	})
}

func TestJWTVerifyNoAlgorithmsUnknownKeyHasNoFix(t *testing.T) {
	findings, _ := check(t, JWTVerifyNoAlgorithms, "", "", "const jwt = require('jsonwebtoken');\njwt.verify(token, getKey());\njwt.verify(token, process.env.JWT_PUBLIC_KEY);")
	if len(findings) != 2 || findings[0].Fix != nil || findings[1].Fix != nil {
		t.Fatalf("want two findings without fixes, got %+v", findings)
	}
}

// TestJWTVerifyNoAlgorithmsGate: the rule runs only in files that import jsonwebtoken.
func TestJWTVerifyNoAlgorithmsGate(t *testing.T) {
	runGates(t, JWTVerifyNoAlgorithms, []fileGate{
		{"import = require", "auth.ts", "",
			"import jwt = require(\"jsonwebtoken\");\nexport const claims = (t: string) => jwt.verify(t, process.env.KEY!);\n", true},
		{"a local jwt module", "auth.js", "",
			"const jwt = require('./jwt');\nmodule.exports = (t) => jwt.verify(t, process.env.KEY);\n", false},
	})
}
