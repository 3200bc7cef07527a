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
