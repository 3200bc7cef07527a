package resolve

import (
	"slices"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Routes declared as an array of route objects and registered in a loop are one row
// per element whose method and path can be read, with the element's handler and
// middleware; elements that cannot be read keep the one computed row.
func TestRouteTableRouteObjectLists(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"a forEach over a literal, its elements' middleware and a name bound to one (js)", []tableSource{
			{"routes.js", "const express = require('express');\nconst router = express.Router();\nfunction listA(req, res) { res.end() }\nfunction auth(req, res, next) { next() }\n" +
				"const getOne = { method: 'GET', path: '/one/:id', handler: (req, res) => res.end(), middleware: [auth] };\n" +
				"const routes = [{ method: 'get', path: '/a', handler: listA }, getOne];\n" +
				"routes.forEach((route) => {\n  router[route.method](`/v1${route.path}`, route.middleware ?? [], route.handler);\n});\n" +
				"const app = express();\napp.use('/api', router);\n"},
		}, []string{
			"GET /api/v1/a on router [] listA at routes.js:3",
			"GET /api/v1/one/:id on router [auth] inline at routes.js:5",
		}},
		{"a for…of with a subscript, a concatenation and a fixed middleware (ts)", []tableSource{
			{"src/app.ts", "import express, { Request, Response } from 'express';\nconst app = express();\nconst list = (req: Request, res: Response) => res.end();\nconst auth = (req: Request, res: Response, next: () => void) => next();\n" +
				"const routes = [\n  { method: 'delete', path: '/items/:id', handler: list },\n  { method: 'all', path: '/any', handler: list },\n];\n" +
				"for (const r of routes) {\n  app[r['method']]('/base' + r.path, auth, r.handler);\n}\n"},
		}, []string{
			"DELETE /base/items/:id on app [auth] list at src/app.ts:3",
			"ALL /base/any on app [auth] list at src/app.ts:3",
		}},
		{"a destructured map callback and a default in the path (ts)", []tableSource{
			{"src/app.ts", "import { Router, Request, Response } from 'express';\nconst router = Router();\nasync function show(req: Request, res: Response) { res.end() }\n" +
				"const routes = [\n  { method: 'get', path: '/things/:id', handler: show, version: 'v2' },\n  { method: 'put', path: '/things/:id', handler: show },\n];\n" +
				"routes.map(({ method, path, handler, version = 'v1' }) => router[method](`/${version}${path}`, handler));\n"},
		}, []string{
			"GET /v2/things/:id on router [] show async at src/app.ts:3",
			"PUT /v1/things/:id on router [] show async at src/app.ts:3",
		}},
		{"a default bound to a name, and a path through a name (ts)", []tableSource{
			{"src/api.ts", "import { Router } from 'express';\nconst router = Router();\nconst a = (req, res) => res.end();\n" +
				"const routes = [{ method: 'get', path: '/a', handler: a }, { method: 'post', path: '/b', handler: a, version: 'v3' }];\n" +
				"routes.forEach((route) => {\n  const version = (route as { version?: string }).version ?? 'v1';\n  const versionedPath = `/${version}${route.path}`;\n  router[route.method](versionedPath, route.handler);\n});\n"},
		}, []string{
			"GET /v1/a on router [] a at src/api.ts:3",
			"POST /v3/b on router [] a at src/api.ts:3",
		}},
		{"a factory's objects, plain and curried (js)", []tableSource{
			{"api.js", "const express = require('express');\nconst router = express.Router();\n" +
				"const make = (spec) => ({ method: spec.method, path: spec.path, handler: spec.handler });\n" +
				"function handlerFor({ method, path }) {\n  return (handler) => ({ method, path, handler });\n}\n" +
				"function one(req, res) { res.end() }\nfunction two(req, res) { res.end() }\n" +
				"const routes = [make({ method: 'get', path: '/one', handler: one }), handlerFor({ method: 'patch', path: '/two' })(two)];\n" +
				"routes.forEach((r) => router[r.method](r.path, r.handler));\n"},
		}, []string{
			"GET /one on router [] one at api.js:7",
			"PATCH /two on router [] two at api.js:8",
		}},
		{"elements it cannot read keep the computed row (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nfunction a(req, res) { res.end() }\n" +
				"const routes = [{ method: 'get', path: '/a', handler: a }, loadMore(), { method: 'get', handler: a }];\n" +
				"routes.forEach((route) => app[route.method](route.path, route.handler));\n"},
		}, []string{
			"GET /a on app [] a at app.js:3",
			"{route.method} {route.path} on app [] route.handler",
		}},
		{"a list pushed onto at run time keeps the computed row (ts)", []tableSource{
			{"src/app.ts", "import express from 'express';\nconst app = express();\nconst a = (req, res) => res.end();\n" +
				"const routes = [{ method: 'get', path: '/a', handler: a }];\nroutes.push(...plugins.routes());\n" +
				"for (const route of routes) app[route.method](route.path, route.handler);\n"},
		}, []string{
			"GET /a on app [] a at src/app.ts:3",
			"{route.method} {route.path} on app [] route.handler",
		}},
		{"a named function passed to one forEach (ts)", []tableSource{
			{"src/app.ts", "import express, { Request, Response } from 'express';\nconst app = express();\nconst h = (req: Request, res: Response) => res.end();\n" +
				"type Route = { method: 'get' | 'post'; path: string; handler: typeof h };\nconst routes: Route[] = [{ method: 'post', path: '/p', handler: h }];\n" +
				"function register(route: Route) {\n  app[route.method](route.path, route.handler);\n}\nroutes.forEach(register);\n"},
		}, []string{"POST /p on app [] h at src/app.ts:3"}},
		{"a loop whose method is not the element's stays one computed row (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nfunction a(req, res) { res.end() }\n" +
				"const routes = [{ path: '/a', handler: a }];\nconst verb = pick();\n" +
				"routes.forEach((route) => app[verb](route.path, route.handler));\n"},
		}, []string{"{verb} {route.path} on app [] route.handler"}},
		{"lists and objects of other modules, spread and named (ts)", []tableSource{
			{"src/api/api.router.ts", "import { Router } from 'express';\nimport { featureRoutes } from './features/features.router';\nimport { getPing } from './ping';\nconst router = Router();\n" +
				"export const allRoutes = [...featureRoutes, getPing];\n" +
				"allRoutes.forEach((route) => {\n  router[route.method](`/v1${route.path}`, route.handler);\n});\nexport default router;\n"},
			{"src/api/features/features.router.ts", "import { listFeatures } from './listFeatures';\nimport { Request, Response } from 'express';\n" +
				"export async function postFeature(req: Request, res: Response) { res.end() }\n" +
				"export const featureRoutes = [listFeatures, { method: 'post', path: '/features', handler: postFeature }];\n"},
			{"src/api/features/listFeatures.ts", "import { Request, Response } from 'express';\nconst make = (spec: { method: string; path: string }) => (handler: any) => ({ ...spec, handler });\n" +
				"export const listFeatures = make({ method: 'get', path: '/features' })(async (req: Request, res: Response) => { res.end() });\n"},
			{"src/api/ping.ts", "import { Request, Response } from 'express';\nfunction ping(req: Request, res: Response) { res.end() }\nexport const getPing = { method: 'GET', path: '/ping', handler: ping };\n"},
			{"src/app.ts", "import express from 'express';\nimport router from './api/api.router';\nconst app = express();\napp.use('/api', router);\n"},
		}, []string{
			"GET /api/v1/features on router [] inline async at src/api/features/listFeatures.ts:3",
			"POST /api/v1/features on router [] postFeature async at src/api/features/features.router.ts:3",
			"GET /api/v1/ping on router [] ping at src/api/ping.ts:2",
		}},
		{"module.exports of a list, and elements made by another module's factories (js)", []tableSource{
			{"server.js", "const express = require('express');\nconst app = express();\nconst routes = require('./routes');\n" +
				"routes.forEach(({ method, path: url, handler }) => { app[method](url, handler); });\n"},
			{"routes.js", "const { makeRoute, makeOther } = require('./make');\nfunction health(req, res) { res.end() }\n" +
				"module.exports = [{ method: 'head', path: '/health', handler: health }, makeRoute('get', '/made'), makeOther('get', '/other')];\n"},
			{"make.js", "exports.makeRoute = (method, path) => ({ method, path, handler: (req, res) => res.end() });\n" +
				"exports.makeOther = (method, path) => Object.assign({}, { method, path });\n"},
		}, []string{
			"HEAD /health on app [] health at routes.js:2",
			"GET /made on app [] inline at make.js:1",
			"{method} {url} on app [] handler",
		}},
		{"a curried factory of another module that destructures its spec in its body (ts)", []tableSource{
			{"src/util/handler.ts", "import { Request, Response } from 'express';\n" +
				"export function createApiRequestHandler(data: { method: string; path: string }) {\n  const { method, path } = data;\n" +
				"  return (handler: (req: Request) => Promise<unknown>) => {\n    const wrappedHandler = async (req: Request, res: Response) => { res.json(await handler(req)) };\n" +
				"    const route = { method, path, handler: wrappedHandler, rawHandler: handler };\n    return route;\n  };\n}\n"},
			{"src/api/getThing.ts", "import { createApiRequestHandler } from '../util/handler';\n" +
				"const getThingValidator = { method: 'get' as const, path: '/things/:id' };\n" +
				"export const getThing = createApiRequestHandler(getThingValidator)(async (req) => ({ id: req.params.id }));\n"},
			{"src/api/api.router.ts", "import { Router } from 'express';\nimport { getThing } from './getThing';\nconst router = Router();\n" +
				"const allRoutes = [getThing];\nallRoutes.forEach((route) => {\n  router[route.method](`/v1${route.path}`, route.handler);\n});\nexport default router;\n"},
		}, []string{"GET /v1/things/:id on router [] wrappedHandler async at src/util/handler.ts:5"}},
		{"lists of two modules that spread each other are read once round the cycle, which keeps the computed row (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nconst { a } = require('./a');\n" +
				"a.forEach((r) => app[r.method](r.path, r.handler));\n"},
			{"a.js", "const { b } = require('./b');\nfunction h(req, res) { res.end() }\nexports.a = [...b, ...b, { method: 'get', path: '/a', handler: h }];\n"},
			{"b.js", "const { a } = require('./a');\nfunction k(req, res) { res.end() }\nexports.b = [...a, ...a, { method: 'post', path: '/b', handler: k }];\n"},
		}, []string{
			"POST /b on app [] k at b.js:2",
			"POST /b on app [] k at b.js:2",
			"GET /a on app [] h at a.js:2",
			"{r.method} {r.path} on app [] r.handler",
		}},
		{"a module's list that cannot be found keeps the computed row (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nconst { routes } = require('./routes');\n" +
				"for (const route of routes) app[route.method](route.path, route.handler);\n"},
			{"routes.js", "exports.routes = buildRoutes();\n"},
		}, []string{"{route.method} {route.path} on app [] route.handler"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Only exports that may be route objects are read as such: a module's plain object of
// functions, or an array of strings, records no route list.
func TestRouteListsOnlyOfRouteObjects(t *testing.T) {
	src := "function a(req, res) { res.end() }\nconst b = { method: 'post', path: '/b', handler: a };\n" +
		"module.exports = { a, b };\nexports.paths = ['/x', '/y'];\nexports.routes = [{ method: 'get', path: '/a', handler: a }];\n"
	table := tableOf(t, syntax.JavaScript, "lib.js", src)
	var got []string
	for name := range table.RouteLists {
		got = append(got, name)
	}
	slices.Sort(got)
	if want := []string{"b", "routes"}; !slices.Equal(got, want) {
		t.Errorf("route lists %q, want %q", got, want)
	}
}

// A module's route lists and factories kept encoded (as the server keeps the tables of
// files that are not open) join as the tables built do, an empty object in a list
// (an element without a method or path) included.
func TestRouteListsJoinAfterEncoding(t *testing.T) {
	sources := []tableSource{
		{"app.js", "const express = require('express');\nconst app = express();\nconst { routes } = require('./routes');\n" +
			"routes.forEach((route) => app[route.method](route.path, route.handler));\n"},
		{"routes.js", "const { make } = require('./make');\nfunction a(req, res) { res.end() }\n" +
			"exports.routes = [{ method: 'get', path: '/a', handler: a }, {}, make({ method: 'post', path: '/b' })(a)];\n"},
		{"make.js", "exports.make = (spec) => (handler) => ({ ...spec, handler });\n"},
	}
	var built, decoded []FileRoutes
	for _, s := range sources {
		table := tableOf(t, syntax.JavaScript, s.file, s.src)
		built = append(built, table)
		b, err := EncodeRoutes(table)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeRoutes(s.file, b)
		if err != nil {
			t.Fatal(err)
		}
		decoded = append(decoded, back)
	}
	describeAll := func(tables []FileRoutes) []string {
		var out []string
		for _, r := range JoinRoutes(tables) {
			out = append(out, describe(r))
		}
		return out
	}
	want := []string{
		"GET /a on app [] a at routes.js:2",
		"POST /b on app [] a at routes.js:2",
		"{route.method} {route.path} on app [] route.handler", // the empty object
	}
	if got := describeAll(built); !slices.Equal(got, want) {
		t.Errorf("built:\n got %q\nwant %q", got, want)
	}
	if got := describeAll(decoded); !slices.Equal(got, want) {
		t.Errorf("decoded:\n got %q\nwant %q", got, want)
	}
}
