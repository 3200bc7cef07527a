package rules

import "testing"

func TestXPoweredByEnabled(t *testing.T) {
	const head = "const express = require('express');\n"
	runCases(t, XPoweredByEnabled, []ruleCase{
		{name: "catalog positive", src: head + "const app = express(); app.use(express.json()); app.listen(3000);",
			want: []string{"information: express()"}},
		{name: "createServer", src: head + "const http = require('http');\nconst app = express();\nhttp.createServer(app).listen(80);",
			want: []string{"information: express()"}},
		{name: "named createServer in TS", file: "server.ts", src: "import express from 'express';\nimport { createServer } from 'node:https';\nconst app = express();\ncreateServer(opts, app).listen(443);",
			want: []string{"information: express()"}},
		{name: "inline listen", src: head + "express().listen(3000);", want: []string{"information: express()"}},
		{name: "class member app", file: "server.ts", src: "import express from 'express';\nclass Server {\n  app = express();\n  start() { this.app.listen(3000); }\n}\nclass S2 {\n  constructor() { this.app = express(); }\n  start() { this.app.listen(1); }\n}",
			want: []string{"information: express()", "information: express()"}},
		{name: "helmet with xPoweredBy false keeps the header", src: head + "const helmet = require('helmet');\nconst app = express();\napp.use(helmet({ xPoweredBy: false }));\napp.listen(3000);",
			want: []string{"information: express()"}},

		{name: "catalog negative helmet", src: head + "const helmet = require('helmet');\nconst app = express();\napp.use(helmet());\napp.listen(3000);"},
		{name: "catalog negative disable", src: head + "const app = express();\napp.disable('x-powered-by');\napp.listen(3000);"},
		{name: "set false", src: head + "const app = express();\napp.set('x-powered-by', false);\napp.listen(3000);"},
		{name: "esm helmet", file: "app.mjs", src: "import express from 'express';\nimport helmet from 'helmet';\nconst app = express();\napp.use(helmet({ contentSecurityPolicy: false }));\napp.listen(3000);"},
		{name: "helmet.xPoweredBy", src: head + "const helmet = require('helmet');\nconst app = express();\napp.use(helmet.xPoweredBy());\napp.listen(3000);"},
		{name: "removeHeader middleware", src: head + "const app = express();\napp.use((req, res, next) => { res.removeHeader('X-Powered-By'); next(); });\napp.listen(3000);"},
		{name: "not served here", src: head + "const app = express();\napp.get('/', h);\nmodule.exports = app;"},
		{name: "sub-app mounted", src: head + "const app = express();\nconst admin = express();\nadmin.disable('x-powered-by');\napp.disable('x-powered-by');\napp.use('/admin', admin);\napp.listen(3000);"},
		{name: "handed to another file", src: head + "const app = express();\nrequire('./config/security')(app);\napp.listen(3000);"},
		{name: "not express", src: "const express = require('./express');\nconst app = express();\napp.listen(1);"},
		{name: "shadowed", src: head + "function f(express) { const app = express(); app.listen(1); }"},
	})
}

func TestXPoweredByEnabledFixes(t *testing.T) {
	const head = "const express = require('express');\n"
	runFixes(t, XPoweredByEnabled, []fixCase{
		{name: "disable after creation", src: head + "const app = express();\napp.listen(3000);\n",
			want: head + "const app = express();\napp.disable('x-powered-by');\napp.listen(3000);\n"},
		{name: "indented in a function", src: head + "function start() {\n  const server = express();\n  server.listen(3000);\n}\n",
			want: head + "function start() {\n  const server = express();\n  server.disable('x-powered-by');\n  server.listen(3000);\n}\n"},
		{name: "constructor member", file: "server.ts", src: "import express from 'express';\nclass S {\n  constructor() {\n    this.app = express();\n  }\n  start() { this.app.listen(1); }\n}\n",
			want: "import express from 'express';\nclass S {\n  constructor() {\n    this.app = express();\n    this.app.disable('x-powered-by');\n  }\n  start() { this.app.listen(1); }\n}\n"},
	})
}

// TestXPoweredByEnabledGate: the rule runs only in a file that imports express and
// names a way to serve the app, or that may turn the header off for another file.
func TestXPoweredByEnabledGate(t *testing.T) {
	runGates(t, XPoweredByEnabled, []fileGate{
		{"a default import served by http2's createSecureServer", "main.ts", "",
			"import e from \"express\";\nimport * as h from 'node:http2';\nconst app = e();\nh.createSecureServer({}, app);\n", true},
		{"express().listen without a package", "app.js", "", "require('express')().listen(3000);\n", true},
		{"hide-powered-by handed the app elsewhere", "security.js", "",
			"const hide = require('hide-powered-by');\nmodule.exports = (app) => app.use(hide());\n", true},
		{"the header turned off for an app handed in", "security.ts", "",
			"export default (app: any) => app.set('X-Powered-By', false);\n", true},
		{"a regular expression and a listen, no express", "server.js", "",
			"// each route is matched by a regular expression\nconst server = require('http').createServer(handle);\nserver.listen(3000);\n", false},
		{"express imported, nothing served", "routes.js", "",
			"const express = require('express');\nconst router = express.Router();\nmodule.exports = router;\n", false},
	})
}
