package resolve

import (
	"slices"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// joined is the routes of several sources joined as one package, one per line.
func joined(t *testing.T, sources ...tableSource) []string {
	t.Helper()
	var tables []FileRoutes
	for _, s := range sources {
		tables = append(tables, tableOf(t, syntax.ForPath(s.file), s.file, s.src))
	}
	var got []string
	for _, r := range JoinRoutes(tables) {
		got = append(got, describe(r))
	}
	return got
}

type tableSource struct{ file, src string }

// Each cause of a wrong or missing full path, in JavaScript and in TypeScript.
func TestRouteTableFollowsAppsAndRouters(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"a factory's router mounted by its call (js)", []tableSource{
			{"src/app.js", "const express = require('express');\nconst app = express();\napp.use('/api/v1', require('./api')(env, ctx));\n"},
			{"src/api/index.js", "function create(env, ctx) {\n  const express = require('express'), api = express();\n  api.get('/entries/current', (req, res) => res.end());\n  return api;\n}\nmodule.exports = create;\n"},
		}, []string{"GET /api/v1/entries/current on api [] inline at src/api/index.js:3"}},
		{"a factory's router held by a variable, and one that a route method runs (ts)", []tableSource{
			{"src/app.ts", "import express from 'express';\nimport { createApi } from './api';\nconst app = express();\nconst api = createApi(db);\napp.use('/api', api);\n"},
			{"src/api.ts", "import { Router, Request, Response } from 'express';\nimport entries from './entries';\nexport function createApi(db: Db) {\n  const router = Router();\n  router.all('/entries*', entries(db));\n  return router;\n}\n"},
			{"src/entries.ts", "import { Router } from 'express';\nexport default (db: Db) => {\n  const r = Router();\n  r.get('/entries/:id', async (req, res) => { res.end() });\n  return r;\n};\n"},
		}, []string{"ALL /api/entries* on router [] entries(db) at src/entries.ts:2", "GET /api/entries/:id on r [] inline async at src/entries.ts:4"}},
		{"a factory of the same file, and new express()", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nfunction clocks() {\n  const c = new express();\n  c.get('/:face', (req, res) => res.end());\n  return c;\n}\napp.use('/clock', clocks());\n"},
		}, []string{"GET /clock/:face on c [] inline at app.js:5"}},
		{"an app handed to a module's function (js)", []tableSource{
			{"server.js", "const express = require('express');\nconst routes = require('./app/routes');\nconst app = express();\nroutes(app, db);\n"},
			{"app/routes/index.js", "const tutorial = require('./tutorial');\nconst session = require('./session');\nmodule.exports = (app, db) => {\n  app.get('/login', session.displayLogin);\n  app.use('/tutorial', tutorial);\n};\n"},
			{"app/routes/tutorial.js", "const router = require('express').Router();\nrouter.get('/', (req, res) => res.end());\nmodule.exports = router;\n"},
		}, []string{"GET /login on app [] session.displayLogin", "GET /tutorial on router [] inline at app/routes/tutorial.js:2"}},
		{"an app handed to an exported function and a local one (ts)", []tableSource{
			{"src/main.ts", "import express from 'express';\nimport { mountHealth } from './health';\nconst app = express();\nfunction system(a) { a.get('/system', handlers.system); }\nmountHealth(app);\nsystem(app);\n"},
			{"src/health.ts", "import { Application } from 'express';\nexport function mountHealth(server) {\n  server.get('/health', controller.health);\n}\n"},
		}, []string{"GET /health on server [] controller.health", "GET /system on a [] handlers.system"}},
		{"an app a plugin hook is handed, by its name (js and ts)", []tableSource{
			{"hooks/static.js", "exports.expressCreateServer = (hookName, { app }) => {\n  app.all('/static/*filename', minify);\n};\n"},
			{"hooks/io.ts", "export const expressCreateServer = (hookName: string, args: any) => {\n  args.app.use('/p/:pad/export/:type', limiter);\n  args.cache.get('/key', value);\n};\n"},
		}, []string{"USE /p/:pad/export/:type on args.app [] limiter", "ALL /static/*filename on app [] minify"}},
		{"a parameter no app is handed to registers only certain things", []tableSource{
			{"lib.js", "const express = require('express');\nmodule.exports = function (cache, app) {\n  cache.get('/key', value);\n  app.use('/static', express.static('public'));\n};\n"},
		}, []string{"USE /static on app [] express.static('public')"}},
		{"an app a method is handed, matched by name (js)", []tableSource{
			{"js/app.js", "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.end());\nfor (const helper of helpers) helper.setExpressApp(app);\n"},
			{"js/node_helper.js", "module.exports = NodeHelper.extend({\n  setExpressApp(app) {\n    app.use(`/${this.name}`, serveModule);\n  }\n});\n"},
		}, []string{"GET / on app [] inline at js/app.js:3", "USE /{this.name} on app [] serveModule"}},
		{"an app a class's constructor makes, used through an instance (js)", []tableSource{
			{"server/kuma.js", "const express = require('express');\nclass KumaServer {\n  static getInstance() { return new KumaServer(); }\n  constructor() {\n    this.app = express();\n    this.app.use('/screenshots', express.static(dir));\n  }\n}\nmodule.exports = { KumaServer };\n"},
			{"server/server.js", "const { KumaServer } = require('./kuma');\nconst server = KumaServer.getInstance();\nconst app = server.app;\napp.get('/metrics', metrics());\n"},
		}, []string{"USE /screenshots on this.app [] express.static(dir)", "GET /metrics on app [] metrics()"}},
		{"an app a class's constructor makes, used through new (ts)", []tableSource{
			{"src/server.ts", "import express, { Express } from 'express';\nexport default class Server {\n  app: Express;\n  constructor() { this.app = express(); }\n}\n"},
			{"src/index.ts", "import Server from './server';\nconst s = new Server();\ns.app.get('/ping', pong);\n"},
		}, []string{"GET /ping on s.app [] pong"}},
		{"a helper's parameter is the path its calls give (js)", []tableSource{
			{"routes/webhooks.js", "const router = require('express').Router();\nfunction createRouteHandler(path, h) {\n  router.route(path).get(check, h).post(check, h);\n}\ncreateRouteHandler('/flows/:id', byFlow);\ncreateRouteHandler('/:id', byFlow);\napp.use('/webhooks', router);\n"},
		}, []string{"GET /webhooks/flows/:id on router [check] h", "GET /webhooks/:id on router [check] h", "POST /webhooks/flows/:id on router [check] h", "POST /webhooks/:id on router [check] h"}},
		{"computed paths in braces, loops over literal arrays expanded (ts)", []tableSource{
			{"src/app.ts", "import express from 'express';\nconst app = express();\nconst BASE = '/base';\napp.get(config.health.path, health);\napp.get(`/${config.site.baseUrl || '/'}logout`, logout);\napp.get(BASE, base);\nfor (const dir of ['/css', '/js']) app.use(dir, express.static(dir));\nfor (const directory of dirs) app.use(directory, express.static(directory));\n"},
		}, []string{"GET {config.health.path} on app [] health", "GET /{config.site.baseUrl:/}logout on app [] logout", "GET /base on app [] base",
			"USE /css on app [] express.static(dir)", "USE /js on app [] express.static(dir)", "USE {directory} on app [] express.static(directory)"}},
		{"loops over literal arrays and an object literal's keys (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nconst pages = { '/': { file: 'index.html' }, '/admin': { file: 'admin.html' } };\n" +
				"Object.keys(pages).forEach(function (page) { app.get(page, (req, res) => res.render(pages[page].file)); });\n['/a', '/b'].forEach((p) => app.post(p, save));\n" +
				"for (const k of Object.keys({ '/x': 1, ...more })) app.put(k, put);\n"},
		}, []string{"GET / on app [] inline at app.js:4", "GET /admin on app [] inline at app.js:4", "POST /a on app [] save", "POST /b on app [] save", "PUT {k} on app [] put"}},
		{"a use's first argument is its path when its name says so (ts)", []tableSource{
			{"src/api.ts", "import express from 'express';\nconst app = express();\nconst apiRoot = rootFor(version);\napp.use(apiRoot, async (req, res) => { res.end() });\napp.use(auth, router2);\n"},
		}, []string{"USE {apiRoot} on app [] inline async at src/api.ts:4", "USE / on app [auth] router2"}},
		{"a registration chained on the app's settings (ts)", []tableSource{
			{"src/app.ts", "import express from 'express';\nconst app = express().disable('x-powered-by').get('/health-check-db', health);\napp.use(express.json());\n"},
		}, []string{"GET /health-check-db on express().disable('x-powered-by') [] health", "USE / on app [] express.json()"}},
		{"a router mounted in both branches of an if is listed once (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nconst r = express.Router();\nr.get('/x', (req, res) => res.end());\nif (https) { app.use('/', r); } else { app.use('/', r); }\n"},
		}, []string{"GET /x on r [] inline at app.js:4"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// A registration whose method is computed is one row, its method and path shown as
// the expressions that compute them; a string index is an ordinary registration.
func TestRouteTableComputedMethods(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"a loop over route objects (ts)", []tableSource{
			{"src/api.ts", "import { Router } from 'express';\nconst router = Router();\nallRoutes.forEach((route) => {\n  const versionedPath = `/${version}${route.path}`;\n  router[route.method](versionedPath, route.handler);\n});\nrouter['post']('/items', create);\n"},
		}, []string{"{route.method} /{version}{route.path} on router [] route.handler", "POST /items on router [] create"}},
		{"a base controller's app (js)", []tableSource{
			{"controller.js", "const { Router } = require('express');\nclass Controller {\n  constructor() { this.app = Router(); }\n  route(options) { this.app[options.method](options.path, options.handler); }\n}\nclass Other {\n  run(o) { this.jobs[o.kind](o.name, o.fn); }\n}\n"},
		}, []string{"{options.method} {options.path} on this.app [] options.handler"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// A method called get on an object a handler reaches is no registration, even given
// the request's properties.
func TestRouteTableRequestValuesAreNoRouter(t *testing.T) {
	got := joined(t, tableSource{"ctl.js", "module.exports = function (gladys) {\n  async function get(req, res) {\n    res.json(await gladys.calendar.get(req.user.id, req.query));\n  }\n  return { get };\n};\n"})
	if len(got) != 0 {
		t.Errorf("routes: %q, want none", got)
	}
}
