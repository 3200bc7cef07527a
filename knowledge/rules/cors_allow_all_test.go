package rules

import "testing"

func TestCORSAllowAll(t *testing.T) {
	const head = "const cors = require('cors');\nconst app = require('express')();\n"
	runCases(t, CORSAllowAll, []ruleCase{
		{name: "catalog positive", src: head + "app.use(cors());", want: []string{"information: cors()"}},
		{name: "origin star", src: head + "app.use(cors({ origin: '*' }));", want: []string{"information: cors({ origin: '*' })"}},
		{name: "origin true without credentials", src: head + "app.use(cors({ origin: true, methods: ['GET'] }));", want: []string{"information: cors({ origin: true, methods: ['GET'] })"}},
		{name: "options variable", src: head + "const opts = { origin: '*' };\napp.use(cors(opts));", want: []string{"information: cors(opts)"}},
		{name: "options without origin", src: head + "app.use(cors({ methods: ['GET'] }));", want: []string{"information: cors({ methods: ['GET'] })"}},
		{name: "esm alias per route", file: "app.mjs", src: "import allow from 'cors';\nimport express from 'express';\nconst app = express();\napp.get('/pub', allow(), (req, res) => res.end());", want: []string{"information: allow()"}},
		{name: "TS quoted key", file: "app.ts", src: "import cors from 'cors';\napp.use(cors({ 'origin': '*' }));", want: []string{"information: cors({ 'origin': '*' })"}},
		{name: "literal header", src: "app.use((req, res, next) => { res.setHeader('Access-Control-Allow-Origin', '*'); next(); });", want: []string{"information: res.setHeader('Access-Control-Allow-Origin', '*')"}},
		{name: "res.header lower case", src: "app.use((req, res, next) => { res.header('access-control-allow-origin', '*'); next(); });", want: []string{"information: res.header('access-control-allow-origin', '*')"}},

		{name: "header value that falls back to star", src: "const allowOrigin = settings.cors.allowOrigin || '*';\napp.use((req, res, next) => { res.header('Access-Control-Allow-Origin', allowOrigin); next(); });", want: []string{"information: res.header('Access-Control-Allow-Origin', allowOrigin)"}},
		{name: "origin option that falls back to star", src: head + "app.use(cors({ origin: process.env.CORS_ORIGIN ?? '*' }));", want: []string{"information: cors({ origin: process.env.CORS_ORIGIN ?? '*' })"}},
		{name: "header value from configuration alone", src: "const allowOrigin = settings.cors.allowOrigin || 'https://app.example.com';\napp.use((req, res, next) => { res.header('Access-Control-Allow-Origin', allowOrigin); next(); });"},
		{name: "apollo server express integration", file: "app.ts", src: "import { ApolloServer } from 'apollo-server-express';\nconst server = new ApolloServer({ typeDefs });\nserver.applyMiddleware({ app, path: '/graphql', cors: { origin: '*' } });", want: []string{"information: { origin: '*' }"}},
		{name: "apollo server with an allowlist", file: "app.ts", src: "import { ApolloServer } from 'apollo-server-express';\nconst server = new ApolloServer({ typeDefs });\nserver.applyMiddleware({ app, cors: { origin: ['https://app.example.com'] } });"},
		{name: "catalog negative allowlist", src: head + "app.use(cors({ origin: ['https://app.example.com'], credentials: true }));"},
		{name: "string origin", src: head + "app.use(cors({ origin: 'https://app.example.com' }));"},
		{name: "regexp origin", src: head + "app.use(cors({ origin: /\\.example\\.com$/ }));"},
		{name: "origin callback", src: head + "app.use(cors({ origin: (o, cb) => cb(null, allowed.includes(o)) }));"},
		{name: "credentials variants belong to another rule", src: head + "app.use(cors({ origin: true, credentials: true }));"},
		{name: "spread options unknown", src: head + "app.use(cors({ ...base }));"},
		{name: "dev only", src: head + "if (process.env.NODE_ENV !== 'production') {\n  app.use(cors());\n}"},
		{name: "development branch", src: head + "if (process.env.NODE_ENV === 'development') app.use(cors());"},
		{name: "else of production", src: head + "if (process.env.NODE_ENV === 'production') { app.use(cors({ origin: list })); } else { app.use(cors()); }"},
		{name: "production branch still flagged", src: head + "if (process.env.NODE_ENV === 'production') { app.use(cors()); }", want: []string{"information: cors()"}},
		{name: "not the cors package", src: "const cors = require('./my-cors');\napp.use(cors());"},
		{name: "local function named cors", src: "function cors() { return (q, s, n) => n(); }\napp.use(cors());"},
		{name: "specific origin header", src: "res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');"},
	})
}

func TestCORSAllowAllFixes(t *testing.T) {
	runFixes(t, CORSAllowAll, []fixCase{
		{name: "no options gets an allowlist", src: "const cors = require('cors');\napp.use(cors());\n",
			want: "const cors = require('cors');\napp.use(cors({ origin: process.env.CORS_ORIGINS?.split(',') ?? [] }));\n"},
	})
}

// TestCORSAllowAllGate: the rule runs only in files that import cors or
// apollo-server-express, or set Access-Control-Allow-Origin through a header setter;
// the word cors or the header named in a comment holds no file open.
func TestCORSAllowAllGate(t *testing.T) {
	runGates(t, CORSAllowAll, []fileGate{
		{"import = require of cors", "app.ts", express4,
			"import c = require(\"cors\");\nimport express from 'express';\nexpress().use(c());\n", true},
		{"cors required in a template literal", "app.js", "", "app.use(require(`cors`)());\n", true},
		{"Apollo Server's cors option", "server.js", "",
			"const { ApolloServer } = require('apollo-server-express');\nconst server = new ApolloServer({ typeDefs });\nserver.applyMiddleware({ app, cors: { origin: '*' } });\n", true},
		{"the header set by hand", "app.js", "",
			"module.exports = (req, res, next) => { res.header(\"access-control-allow-origin\", '*'); next(); };\n", true},
		{"the header in a comment, no setter", "options.js", "",
			"// sends Access-Control-Allow-Origin: * when enabled\nmodule.exports = { allowOrigin: '*' };\n", false},
		{"the word cors, no import", "options.js", "",
			"// cors is configured in app.js\nconst corsOptions = { origin: '*' };\nmodule.exports = corsOptions;\n", false},
	})
}
