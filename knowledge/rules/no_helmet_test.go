package rules

import "testing"

func TestNoHelmet(t *testing.T) {
	const head = "const express = require('express');\n"
	const pkg = `{"name":"api","dependencies":{"express":"^4.21.2"}}`
	const withHelmet = `{"name":"api","dependencies":{"express":"^4.21.2","helmet":"^8.0.0"}}`
	const withLusca = `{"name":"api","dependencies":{"express":"^4.21.2","lusca":"^1.7.0"}}`
	runCases(t, NoHelmet, []ruleCase{
		{name: "catalog positive", pkg: pkg, src: head + "const app = express();\napp.get('/', h);\napp.listen(3000);",
			want: []string{"information: express()"}},
		{name: "TS entry with createServer", file: "main.ts", pkg: pkg, src: "import express from 'express';\nimport http from 'node:http';\nconst app = express();\nhttp.createServer(app).listen(3000);",
			want: []string{"information: express()"}},

		{name: "catalog negative", pkg: withHelmet, file: "app.mjs", src: "import express from 'express';\nimport helmet from 'helmet';\nconst app = express();\napp.use(helmet());\napp.listen(3000);"},
		{name: "helmet dependency used elsewhere", pkg: withHelmet, src: head + "const app = express();\nrequire('./middleware');\napp.listen(3000);"},
		{name: "lusca", pkg: withLusca, src: head + "const app = express();\napp.listen(3000);"},
		{name: "imported without a dependency entry", pkg: pkg, src: head + "const helmet = require('helmet');\nconst app = express();\napp.listen(3000);"},
		{name: "headers set by hand", pkg: pkg, src: head + "const app = express();\napp.use((req, res, next) => { res.setHeader('Content-Security-Policy', \"default-src 'self'\"); next(); });\napp.listen(3000);"},
		{name: "headers object", pkg: pkg, src: head + "const app = express();\napp.use((req, res, next) => { res.set({ 'Strict-Transport-Security': 'max-age=63072000' }); next(); });\napp.listen(3000);"},
		{name: "no package.json", src: head + "const app = express();\napp.listen(3000);"},
		{name: "not served in this file", pkg: pkg, src: head + "const app = express();\nmodule.exports = app;"},
		{name: "handed off", pkg: pkg, src: head + "const app = express();\nsetupSecurity(app);\napp.listen(3000);"},
		{name: "not express", pkg: pkg, src: "const express = require('./lib/express');\nconst app = express();\napp.listen(1);"},
	})
}

func TestNoHelmetFixes(t *testing.T) {
	const pkg = `{"name":"api","dependencies":{"express":"^4.21.2"}}`
	runFixes(t, NoHelmet, []fixCase{
		{name: "cjs", pkg: pkg, src: "'use strict';\nconst express = require('express');\nconst app = express();\napp.listen(3000);\n",
			want: "'use strict';\nconst helmet = require('helmet');\nconst express = require('express');\nconst app = express();\napp.use(helmet());\napp.listen(3000);\n"},
		{name: "esm", pkg: pkg, file: "app.mjs", src: "import express from 'express';\nconst app = express();\napp.listen(3000);\n",
			want: "import helmet from 'helmet';\nimport express from 'express';\nconst app = express();\napp.use(helmet());\napp.listen(3000);\n"},
	})
}

// TestNoHelmetGate: the rule runs only in a file of an Express package that imports
// express and names a way to serve the app, or spells a security header another file
// reads; "regular expression" in a comment no longer holds a file open.
func TestNoHelmetGate(t *testing.T) {
	const noExpress = `{"name":"api","dependencies":{"koa":"^2.15.0"}}`
	runGates(t, NoHelmet, []fileGate{
		{"import = require and https.Server through a namespace", "main.ts", express4,
			"import e = require(\"express\");\nimport * as h from 'node:https';\nconst app = e();\nnew h.Server({}, app);\n", true},
		{"required in a template literal, a renamed createServer", "app.js", express4,
			"const app = require(`express`)();\nconst { createServer: serve } = require('http');\nserve(app);\n", true},
		{"a header set by hand, read by other files", "headers.js", express4,
			"module.exports = (req, res, next) => { res.setHeader('Strict-Transport-Security', 'max-age=63072000'); next(); };\n", true},
		{"a regular expression and a server, no express", "server.js", express4,
			"// each route is matched by a regular expression\nconst http = require('http');\nconst server = http.createServer(handle);\nserver.listen(3000);\n", false},
		{"express imported, nothing served", "routes.js", express4,
			"const express = require('express');\nconst router = express.Router();\nmodule.exports = router;\n", false},
		{"a served app in a package without express", "app.js", noExpress,
			"const express = require('express');\nconst app = express();\napp.listen(3000);\n", false},
		{"a header in a package without express", "headers.js", noExpress,
			"module.exports = (ctx) => ctx.set('Content-Security-Policy', \"default-src 'self'\");\n", false},
	})
}
