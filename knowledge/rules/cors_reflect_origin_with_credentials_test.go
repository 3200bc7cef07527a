package rules

import "testing"

func TestCORSReflectOriginWithCredentials(t *testing.T) {
	const head = "const cors = require('cors');\nconst app = require('express')();\n"
	runCases(t, CORSReflectOriginWithCredentials, []ruleCase{
		{name: "a: origin true", src: head + "app.use(cors({ origin: true, credentials: true }));", want: []string{"error: origin: true"}},
		{name: "a: options const", src: head + "const corsOptions = { credentials: true, origin: true };\napp.use(cors(corsOptions));", want: []string{"error: origin: true"}},
		{name: "b: arrow allows all", src: head + "app.use(cors({ origin: (o, cb) => cb(null, true), credentials: true }));", want: []string{"error: cb(null, true)"}},
		{name: "b: function reflects origin", src: head + "app.use(cors({\n  origin: function (origin, callback) {\n    callback(null, origin);\n  },\n  credentials: true,\n}));", want: []string{"error: callback(null, origin)"}},
		{name: "b: method shorthand", file: "app.ts", src: "import cors from 'cors';\napp.use(cors({ origin(origin, cb) { return cb(null, true); }, credentials: true }));", want: []string{"error: cb(null, true)"}},
		{name: "b: named function", src: head + "function allowAll(origin, cb) { cb(undefined, true); }\napp.use(cors({ origin: allowAll, credentials: true }));", want: []string{"error: cb(undefined, true)"}},
		{name: "c: manual reflection", src: "app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  next();\n});",
			want: []string{"error: res.setHeader('Access-Control-Allow-Origin', req.headers.origin)"}},
		{name: "c: through a const and req.get", file: "mw.ts", src: "import { Request, Response, NextFunction } from 'express';\nexport function corsMw(req: Request, res: Response, next: NextFunction) {\n  const origin = req.get('Origin');\n  res.header('Access-Control-Allow-Origin', origin);\n  res.header('Access-Control-Allow-Credentials', true);\n  next();\n}",
			want: []string{"error: res.header('Access-Control-Allow-Origin', origin)"}},
		{name: "d: star with credentials is a warning", src: head + "app.use(cors({ origin: '*', credentials: true }));", want: []string{"warning: origin: '*'"}},
		{name: "d: default origin with credentials", src: head + "app.use(cors({ credentials: true }));", want: []string{"warning: credentials: true"}},

		{name: "allowlist", src: head + "app.use(cors({ origin: ['https://app.example.com'], credentials: true }));"},
		{name: "origin function consults a list", src: head + "app.use(cors({ origin: (o, cb) => cb(null, allowed.includes(o)), credentials: true }));"},
		{name: "origin function with a check", src: head + "app.use(cors({ origin(o, cb) { if (!o || list.has(o)) return cb(null, true); cb(new Error('no')); }, credentials: true }));"},
		{name: "origin true without credentials is cors-allow-all's", src: head + "app.use(cors({ origin: true }));"},
		{name: "credentials from a variable", src: head + "app.use(cors({ origin: true, credentials: withCreds }));"},
		{name: "origin variable", src: head + "app.use(cors({ origin, credentials: true }));"},
		{name: "dev only", src: head + "if (process.env.NODE_ENV === 'development') app.use(cors({ origin: true, credentials: true }));"},
		{name: "not the cors package", src: "const cors = require('./cors');\napp.use(cors({ origin: true, credentials: true }));"},
		{name: "c: origin checked first", src: "app.use((req, res, next) => {\n  const origin = req.headers.origin;\n  if (allowed.includes(origin)) {\n    res.setHeader('Access-Control-Allow-Origin', origin);\n    res.setHeader('Access-Control-Allow-Credentials', 'true');\n  }\n  next();\n});"},
		{name: "c: no credentials header", src: "app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n  next();\n});"},
		{name: "c: a different origin value", src: "app.use((req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', config.origin);\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  next();\n});"},
	})
}

// TestCORSReflectOriginGate: the rule runs only in files that import cors and spell
// credentials, or spell both Access-Control-Allow-Origin and -Credentials.
func TestCORSReflectOriginGate(t *testing.T) {
	runGates(t, CORSReflectOriginWithCredentials, []fileGate{
		{"a default import with origin true and credentials", "app.ts", "",
			"import c from \"cors\";\nexport const corsMiddleware = c({ origin: true, credentials: true });\n", true},
		{"the origin reflected by hand", "app.js", express4,
			"module.exports = (req, res, next) => {\n  res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\n  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  next();\n};\n", true},
		{"cors without credentials", "app.js", "",
			"const cors = require('cors');\nmodule.exports = cors({ origin: true });\n", false},
		{"the origin reflected without credentials", "app.js", express4,
			"module.exports = (req, res, next) => { res.setHeader('Access-Control-Allow-Origin', req.headers.origin); next(); };\n", false},
	})
}
