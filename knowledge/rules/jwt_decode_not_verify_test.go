package rules

import "testing"

func TestJWTDecodeNotVerify(t *testing.T) {
	const head = "const jwt = require('jsonwebtoken');\nconst app = require('express')();\n"
	const pkg = `{"name":"api","dependencies":{"express":"^4.21.2","jsonwebtoken":"^9.0.2"}}`
	runCases(t, JWTDecodeNotVerify, []ruleCase{
		{name: "direct assignment in middleware", src: head + "app.use((req, res, next) => {\n  req.user = jwt.decode(req.headers.authorization.split(' ')[1]);\n  next();\n});",
			want: []string{"error: jwt.decode"}},
		{name: "through a local", src: head + "app.get('/me', (req, res) => {\n  const claims = jwt.decode(req.cookies.token);\n  req.userId = claims.sub;\n  res.json({ id: req.userId });\n});",
			want: []string{"error: jwt.decode"}},
		{name: "res.locals", src: head + "app.use(function auth(req, res, next) {\n  const payload = jwt.decode(token);\n  res.locals.user = { id: payload.id };\n  next();\n});",
			want: []string{"error: jwt.decode"}},
		{name: "heuristic middleware with express dependency", pkg: pkg, src: "const { decode } = require('jsonwebtoken');\nmodule.exports = (req, res, next) => { req.user = decode(req.get('x-token')); next(); };",
			want: []string{"error: decode"}},
		{name: "jwt-decode in a typed middleware", file: "auth.ts", src: "import { jwtDecode } from 'jwt-decode';\nimport type { Request, Response, NextFunction } from 'express';\nexport function auth(req: Request, res: Response, next: NextFunction) {\n  (req as any).user = jwtDecode(String(req.headers.authorization));\n  next();\n}",
			want: []string{"error: jwtDecode"}},

		{name: "decode for kid then verify", src: head + "app.use(async (req, res, next) => {\n  const { header } = jwt.decode(token, { complete: true });\n  req.user = jwt.verify(token, await keyFor(header.kid), { algorithms: ['RS256'] });\n  next();\n});"},
		{name: "local verify helper", src: head + "app.use((req, res, next) => {\n  const p = jwt.decode(token);\n  if (!verifySignature(token)) return res.sendStatus(401);\n  req.user = p;\n  next();\n});"},
		{name: "decode for logging only", src: head + "app.use((req, res, next) => {\n  const p = jwt.decode(token);\n  console.log(p && p.sub);\n  next();\n});"},
		{name: "outside a handler", src: head + "function expiresAt(token) { return jwt.decode(token).exp; }"},
		{name: "front end without express", file: "Profile.tsx", pkg: `{"name":"web","dependencies":{"react":"^18.0.0","jwt-decode":"^4.0.0"}}`,
			src: "import { jwtDecode } from 'jwt-decode';\nexport const Profile = (request, response) => { request.user = jwtDecode(t); return null; };"},
		{name: "not jsonwebtoken", src: "const jwt = require('./my-jwt');\nconst app = require('express')();\napp.use((req, res, next) => { req.user = jwt.decode(t); next(); });"},
	})
}

// TestJWTDecodeNotVerifyGate: the rule runs only in files that import jsonwebtoken or
// jwt-decode.
func TestJWTDecodeNotVerifyGate(t *testing.T) {
	runGates(t, JWTDecodeNotVerify, []fileGate{
		{"jwt-decode's named export", "auth.js", express4,
			"const express = require('express');\nconst { jwtDecode } = require(\"jwt-decode\");\nconst app = express();\napp.use((req, res, next) => { req.user = jwtDecode(req.headers.authorization); next(); });\n", true},
		{"claims decoded by hand", "auth.js", express4,
			"// jwt claims, decoded for display\nmodule.exports = (t) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url'));\n", false},
	})
}
