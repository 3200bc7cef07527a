package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// tableOf builds the route table of one source as file.
func tableOf(t *testing.T, lang syntax.Language, file, src string) FileRoutes {
	t.Helper()
	r, tree := parse(t, lang, src)
	return r.RouteTable(tree.RootNode(), file, func(pkg string) bool { return pkg == "express" || pkg == "express-async-handler" })
}

// describe is a joined route on one line: method, full path, receiver, middleware,
// handler (with its wrapper, async, and where it is defined).
func describe(r FullRoute) string {
	var mw []string
	for _, m := range r.Middleware {
		mw = append(mw, m.Text)
	}
	h := r.Handler.Text
	if r.Handler.Wrapper != "" {
		h += " wrapped by " + r.Handler.Wrapper
	}
	if r.Handler.Async {
		h += " async"
	}
	if r.HandlerFile != "" {
		h += fmt.Sprintf(" at %s:%d", r.HandlerFile, r.Handler.At.UTF16.Start.Line+1)
	}
	return fmt.Sprintf("%s %s on %s [%s] %s", r.Method, r.FullPath, ReceiverText(r.Receiver), strings.Join(mw, ", "), h)
}

func TestRouteTableOfOneFile(t *testing.T) {
	const js = "const express = require('express');\nconst asyncHandler = require('express-async-handler');\nconst app = express();\n"
	const ts = "import express, { Router, Request, Response } from 'express';\nconst app = express();\n"
	cases := []struct {
		name string
		lang syntax.Language
		src  string
		want []string
	}{
		{"methods, middleware and wrappers", syntax.JavaScript, js +
			"function auth(req, res, next) { next() }\napp.get('/a', auth, (req, res) => res.end());\napp.del('/b', asyncHandler(async function remove(req, res) {}));\napp.use(express.json());",
			[]string{"GET /a on app [auth] inline at app.js:5", "DELETE /b on app [] asyncHandler(async function remove(req, res) {}) wrapped by asyncHandler async at app.js:6", "USE / on app [] express.json()"}},
		{"a router mounted in the same file", syntax.JavaScript, js +
			"const users = express.Router();\nusers.get('/:id', (req, res) => res.end());\nusers.route('/').get((req, res) => res.end()).post(async (req, res) => res.end());\napp.use('/api/users', users);",
			[]string{"GET /api/users/:id on users [] inline at app.js:5", "GET /api/users on users [] inline at app.js:6", "POST /api/users on users [] inline async at app.js:6"}},
		{"nested routers and mount middleware", syntax.TypeScript, ts +
			"const v1 = Router();\nconst items = Router();\nconst guard = (req: Request, res: Response, next) => next();\nitems.put('/:id', async (req: Request, res: Response) => { res.end() });\nv1.use('/items', guard, items);\napp.use('/v1', v1);",
			[]string{"PUT /v1/items/:id on items [guard] inline async at app.ts:6"}},
		{"path arrays, templates and regexes as written", syntax.JavaScript, js +
			"app.get(['/a', '/b'], (req, res) => res.end());\napp.get(`/c/${1}`, (req, res) => res.end());\napp.get(/^\\/d$/, (req, res) => res.end());",
			[]string{"GET /a on app [] inline at app.js:4", "GET /b on app [] inline at app.js:4", "GET /c/1 on app [] inline at app.js:5", "GET /^\\/d$/ on app [] inline at app.js:6"}},
		{"an app handed in as a parameter", syntax.JavaScript,
			"module.exports = function (app) {\n  app.post('/hook', async (req, res) => res.end());\n  app.get('/cache', (k, v) => v);\n};",
			[]string{"POST /hook on app [] inline async at app.js:2"}},
		{"other objects' get is no route", syntax.JavaScript, js + "const m = new Map();\nm.get('/a', (req, res) => res);\nconsole.log(m.get('/a'));",
			nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := "app.js"
			if tc.lang == syntax.TypeScript {
				file = "app.ts"
			}
			var got []string
			for _, r := range JoinRoutes([]FileRoutes{tableOf(t, tc.lang, file, tc.src)}) {
				got = append(got, describe(r))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Routers of other files are joined through their exports: a required router, an
// imported default router, a named export, and a controller's functions give the
// handler's file and line.
func TestRouteTableAcrossFiles(t *testing.T) {
	app := tableOf(t, syntax.JavaScript, "src/app.js", "const express = require('express');\nconst app = express();\n"+
		"app.use('/api', require('./routes'));\napp.use('/auth', require('./routes/auth').router);\napp.use(require('./middleware/log'));\napp.listen(3000);\n")
	index := tableOf(t, syntax.TypeScript, "src/routes/index.ts", "import { Router } from 'express';\nimport users from './users';\n"+
		"const api = Router();\napi.use('/users', users);\nexport default api;\n")
	users := tableOf(t, syntax.TypeScript, "src/routes/users.ts", "import express from 'express';\nimport * as ctrl from '../controllers/users';\n"+
		"const router = express.Router();\nrouter.get('/', ctrl.list);\nrouter.delete('/:id', ctrl.remove);\nexport default router;\n")
	auth := tableOf(t, syntax.JavaScript, "src/routes/auth.js", "const { Router } = require('express');\nconst router = Router();\n"+
		"router.post('/login', async (req, res) => res.end());\nmodule.exports = { router };\n")
	ctrl := tableOf(t, syntax.TypeScript, "src/controllers/users.ts", "import { Request, Response } from 'express';\n"+
		"export async function list(req: Request, res: Response) { res.end() }\nexport const remove = (req: Request, res: Response) => { res.end() };\n")
	logger := tableOf(t, syntax.JavaScript, "src/middleware/log.js", "module.exports = (req, res, next) => next();\n")
	var got []string
	for _, r := range JoinRoutes([]FileRoutes{app, index, users, auth, ctrl, logger}) {
		got = append(got, describe(r))
	}
	want := []string{
		"USE / on app [] require('./middleware/log')",
		"POST /auth/login on router [] inline async at src/routes/auth.js:3",
		"GET /api/users on router [] ctrl.list async at src/controllers/users.ts:2",
		"DELETE /api/users/:id on router [] ctrl.remove at src/controllers/users.ts:3",
	}
	if !slices.Equal(got, want) {
		t.Errorf("routes:\n got %q\nwant %q", got, want)
	}
	// Without the mounting files, the routers' routes keep their own paths.
	got = nil
	for _, r := range JoinRoutes([]FileRoutes{users}) {
		got = append(got, r.Method+" "+r.FullPath)
	}
	if want := []string{"GET /", "DELETE /:id"}; !slices.Equal(got, want) {
		t.Errorf("alone: got %q, want %q", got, want)
	}
}

func TestRouteTableThroughIndexFiles(t *testing.T) {
	app := tableOf(t, syntax.JavaScript, "src/app.js", "const express = require('express');\nconst app = express();\n"+
		"app.use('/api', require('./routes'));\napp.use('/v2', require('./v2').orders);\napp.use('/admin', require('./routes').admin);\napp.listen(3000);\n")
	// module.exports = require(...): the index is the router it passes on, and has
	// every export of that module.
	index := tableOf(t, syntax.JavaScript, "src/routes/index.js", "module.exports = require('./api');\n")
	api := tableOf(t, syntax.JavaScript, "src/routes/api.js", "const router = require('express').Router();\n"+
		"const users = require('./users');\nrouter.get('/users', users.list);\nmodule.exports = router;\n"+
		"const admin = require('express').Router();\nadmin.delete('/cache', (req, res) => res.end());\nmodule.exports.admin = admin;\n")
	// Handlers gathered by a barrel: export * and export { default as … } from.
	usersIndex := tableOf(t, syntax.TypeScript, "src/routes/users/index.ts", "export * from './list';\nexport { default as show } from './show';\n")
	list := tableOf(t, syntax.TypeScript, "src/routes/users/list.ts", "import { Request, Response } from 'express';\n"+
		"export async function list(req: Request, res: Response) { res.end() }\n")
	// An object of imported routers, and an export clause of an import.
	v2 := tableOf(t, syntax.JavaScript, "src/v2/index.js", "const orders = require('./orders');\nmodule.exports = { orders };\n")
	orders := tableOf(t, syntax.TypeScript, "src/v2/orders.ts", "import { Router } from 'express';\nimport show from '../routes/users';\n"+
		"const r = Router();\nr.get('/:id', (req, res) => res.end());\nexport { r as default };\n")
	var got []string
	for _, r := range JoinRoutes([]FileRoutes{app, index, api, usersIndex, list, v2, orders}) {
		got = append(got, describe(r))
	}
	want := []string{
		"GET /api/users on router [] users.list async at src/routes/users/list.ts:2",
		"DELETE /admin/cache on admin [] inline at src/routes/api.js:6",
		"GET /v2/:id on r [] inline at src/v2/orders.ts:4",
	}
	if !slices.Equal(got, want) {
		t.Errorf("routes:\n got %q\nwant %q", got, want)
	}
}

func TestJoinPath(t *testing.T) {
	for _, tc := range []struct{ prefix, path, want string }{
		{"", "", "/"}, {"", "/a", "/a"}, {"/api", "/", "/api"}, {"/api/", "/users", "/api/users"}, {"/api", "", "/api"}, {"", "x", "/x"},
	} {
		if got := JoinPath(tc.prefix, tc.path); got != tc.want {
			t.Errorf("JoinPath(%q, %q) = %q, want %q", tc.prefix, tc.path, got, tc.want)
		}
	}
}
