package rules

import "testing"

func TestRateLimitTrustProxy(t *testing.T) {
	const head = "const express = require('express');\nconst rateLimit = require('express-rate-limit');\nconst app = express();\n"
	const erl7 = `{"name":"api","dependencies":{"express":"^4.21.2","express-rate-limit":"^7.4.0"}}`
	const erl6 = `{"name":"api","dependencies":{"express":"^4.21.2","express-rate-limit":"^6.11.2"}}`
	runCases(t, RateLimitTrustProxy, []ruleCase{
		{name: "a: no trust proxy", src: head + "app.use(rateLimit({ windowMs: 60000, limit: 100 }));\napp.listen(3000);", want: []string{"information: rateLimit"}},
		{name: "a: no options", src: head + "app.use('/api', rateLimit());", want: []string{"information: rateLimit"}},
		{name: "a: esm named and slowDown", file: "app.mts", src: "import express from 'express';\nimport { rateLimit } from 'express-rate-limit';\nimport { slowDown } from 'express-slow-down';\nconst app = express();\napp.use(rateLimit({ limit: 10 }), slowDown({ delayAfter: 5 }));",
			want: []string{"information: rateLimit", "information: slowDown"}},
		{name: "a: options const", src: head + "const opts = { windowMs: 1000 };\napp.use(rateLimit(opts));", want: []string{"information: rateLimit"}},
		{name: "b: trust proxy true with v7", pkg: erl7, src: head + "app.set('trust proxy', true);\napp.use(rateLimit({ limit: 10 }));", want: []string{"warning: true"}},
		{name: "b: enable with v7", pkg: erl7, src: head + "app.enable('trust proxy');\napp.use(rateLimit({ limit: 10 }));", want: []string{"warning: app.enable('trust proxy')"}},

		{name: "keyGenerator", src: head + "app.use(rateLimit({ keyGenerator: (req) => req.user.id }));"},
		{name: "trust proxy hop count", src: head + "app.set('trust proxy', 1);\napp.use(rateLimit({ limit: 10 }));"},
		{name: "trust proxy subnets", pkg: erl7, src: head + "app.set('trust proxy', 'loopback, 10.0.0.0/8');\napp.use(rateLimit({ limit: 10 }));"},
		{name: "b: v6 is not validated", pkg: erl6, src: head + "app.set('trust proxy', true);\napp.use(rateLimit({ limit: 10 }));"},
		{name: "b: version unknown", src: head + "app.set('trust proxy', true);\napp.use(rateLimit({ limit: 10 }));"},
		{name: "router file without the app", src: "const rateLimit = require('express-rate-limit');\nconst router = require('express').Router();\nrouter.use(rateLimit());"},
		{name: "app handed to another file", src: head + "require('./proxy')(app);\napp.use(rateLimit());"},
		{name: "options unknown", src: head + "app.use(rateLimit(config.rateLimit));"},
		{name: "spread options", src: head + "app.use(rateLimit({ ...defaults }));"},
		{name: "local rateLimit", src: "const express = require('express');\nconst app = express();\nfunction rateLimit() { return (q, s, n) => n(); }\napp.use(rateLimit());"},
		{name: "set on something else", pkg: erl7, src: "const map = new Map();\nmap.set('trust proxy', true);"},
	})
}

func TestRateLimitTrustProxyFixes(t *testing.T) {
	const head = "const express = require('express');\nconst rateLimit = require('express-rate-limit');\n"
	const erl7 = `{"name":"api","dependencies":{"express":"^4.21.2","express-rate-limit":"^7.4.0"}}`
	runFixes(t, RateLimitTrustProxy, []fixCase{
		{name: "a: insert trust proxy", src: head + "const app = express();\napp.use(rateLimit());\n",
			want: head + "const app = express();\napp.set('trust proxy', 1); // TODO: number of proxy hops in front of this app\napp.use(rateLimit());\n"},
		{name: "b: hop count", pkg: erl7, src: head + "const app = express();\napp.set('trust proxy', true);\n",
			want: head + "const app = express();\napp.set('trust proxy', 1);\n"},
		{name: "b: enable", pkg: erl7, src: head + "const app = express();\napp.enable('trust proxy');\n",
			want: head + "const app = express();\napp.set('trust proxy', 1);\n"},
	})
}

// TestRateLimitTrustProxyGate: the rule runs in files that name a limiter's module or
// spell trust proxy, and, in a package that lists a limiter, in files that import
// express (their app's place is recorded for the routes files that hold a limiter).
func TestRateLimitTrustProxyGate(t *testing.T) {
	const slowDown = `{"name":"api","dependencies":{"express":"^5.1.0","express-slow-down":"^2.0.0"}}`
	runGates(t, RateLimitTrustProxy, []fileGate{
		{"an app created in a package with a limiter", "app.ts", slowDown,
			"import e from \"express\";\nexport const app = e();\n", true},
		{"a limiter whose app is elsewhere", "limit.mts", "",
			"import { slowDown } from 'express-slow-down';\nexport const limit = slowDown({ delayAfter: 5 });\n", true},
		{"trust proxy set for an app handed in", "proxy.js", "",
			"module.exports = (app) => app['set']('trust proxy', 1);\n", true},
		{"an app created in a package without a limiter", "app.ts", express4,
			"import e from \"express\";\nexport const app = e();\n", false},
		{"a local rateLimit in a package without a limiter", "app.js", express4,
			"const express = require('express');\nconst app = express();\nfunction rateLimit() { return (req, res, next) => next(); }\napp.use(rateLimit());\napp.listen(3000);\n", false},
		{"trust proxy in an option's text, no set or enable", "options.js", express4,
			"module.exports = { trustProxy: { help: \"passed to Express's 'trust proxy' setting\" } };\n", false},
		{"a regular expression in a package with a limiter", "match.js", slowDown,
			"// a regular expression for the paths that are limited\nmodule.exports = /^\\/api\\//;\n", false},
	})
}
