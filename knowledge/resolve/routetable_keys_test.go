package resolve

import (
	"slices"
	"testing"
)

// Routes declared as an object's "verb path" keys are one row per key, with the
// value's property the registration runs last as the handler; keys that cannot be
// read keep the one computed row.
func TestRouteTableVerbPathKeys(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"keys of what another module's function returns, assigned in (js)", []tableSource{
			{"api/index.js", "const express = require('express');\nconst setupRoutes = require('./setupRoutes');\nconst app = express();\napp.use('/', setupRoutes());\n"},
			{"api/setupRoutes.js", "const express = require('express');\nconst getRoutes = require('./routes');\nfunction auth(req, res, next) { next() }\nfunction setupRoutes() {\n  const router = express.Router();\n  const routes = getRoutes();\n  const keys = Object.keys(routes);\n  keys.forEach((routeKey) => {\n    const splitted = routeKey.split(' ');\n    const method = splitted[0];\n    const path = splitted[1];\n    const params = [];\n    if (routes[routeKey].authenticated) {\n      params.push(auth);\n    }\n    params.push(routes[routeKey].controller);\n    router[method](path, ...params);\n  });\n  return router;\n}\nmodule.exports = setupRoutes;\n"},
			{"api/routes.js", "function ping(req, res) { res.end() }\nasync function login(req, res) { res.end() }\nconst extra = { 'delete /api/session': { controller: logout } };\nfunction getRoutes() {\n  const routes = {};\n  Object.assign(routes, someService.controllers);\n  const core = {\n    'get /api/ping': { authenticated: false, controller: ping },\n    'post /api/login': { rateLimit: true, controller: login },\n    ...extra,\n    'not a route': { controller: ping },\n  };\n  Object.assign(routes, core);\n  return routes;\n}\nmodule.exports = getRoutes;\n"},
		}, []string{
			"GET /api/ping on router [] ping at api/routes.js:1",
			"POST /api/login on router [] login async at api/routes.js:2",
			"DELETE /api/session on router [] logout",
			"{method} {path} on router [] routes[routeKey].controller", // the keys someService.controllers adds
		}},
		{"entries of a literal of this file, a value without the property (ts)", []tableSource{
			{"src/app.ts", "import express, { Request, Response } from 'express';\nconst app = express();\nconst list = (req: Request, res: Response) => res.end();\nconst create = async (req: Request, res: Response) => res.end();\nconst auth = (req: Request, res: Response, next: () => void) => next();\nconst routes: Record<string, any> = {\n  'get /items': list,\n  'POST /items': { handler: create },\n};\nfor (const [key, value] of Object.entries(routes)) {\n  const [method, path] = key.split(' ');\n  app[method](path, auth, value.handler);\n}\n"},
		}, []string{
			"GET /items on app [auth] value.handler",
			"POST /items on app [auth] create async at src/app.ts:4",
		}},
		{"for…in over what a function of this file returns, the value itself (js)", []tableSource{
			{"server.js", "const express = require('express');\nconst app = express();\nfunction show(req, res) { res.end() }\nfunction getRoutes() {\n  return { 'put /things/:id': show };\n}\nconst routes = getRoutes();\nfor (const k in routes) {\n  app[k.split(' ')[0]](k.split(' ')[1], routes[k]);\n}\n"},
		}, []string{"PUT /things/:id on app [] show at server.js:3"}},
		{"an object exported as it is (ts)", []tableSource{
			{"src/routes.ts", "import { Request, Response } from 'express';\nexport function health(req: Request, res: Response) { res.end() }\nexport const routes = { 'get /health': { action: health } };\n"},
			{"src/app.ts", "import express from 'express';\nimport { routes } from './routes';\nconst app = express();\nObject.keys(routes).forEach((key: string) => {\n  const [verb, url] = key.split(' ');\n  app[verb](url, routes[key].action);\n});\n"},
		}, []string{"GET /health on app [] health at src/routes.ts:2"}},
		{"a forEach over Object.entries and a for…of over Object.keys (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nconst router = express.Router();\nfunction a(req, res) { res.end() }\nfunction b(req, res) { res.end() }\nconst routes = { 'get /a': a, 'patch /b/:id': b };\nObject.entries(routes).forEach(([key, fn]) => {\n  const [method, path] = key.split(' ');\n  router[method](path, fn);\n});\nfor (const key of Object.keys(routes)) {\n  const parts = key.split(' ');\n  app[parts[0]](parts[1], routes[key]);\n}\napp.use('/v1', router);\n"},
		}, []string{
			"GET /v1/a on router [] a at app.js:4", "PATCH /v1/b/:id on router [] b at app.js:5",
			"GET /a on app [] a at app.js:4", "PATCH /b/:id on app [] b at app.js:5",
		}},
		{"a key split at another separator stays one computed row (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nconst routes = { 'get:/a': { controller: a } };\nObject.keys(routes).forEach((key) => {\n  const [method, path] = key.split(':');\n  app[method](path, routes[key].controller);\n});\n"},
		}, []string{"{method} {path} on app [] routes[key].controller"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
