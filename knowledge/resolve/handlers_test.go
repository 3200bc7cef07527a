package resolve

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

func TestHandlerDetection(t *testing.T) {
	const express = "const express = require('express');\nconst app = express();\n"
	const tsExpress = "import express, { Request, Response, NextFunction, RequestHandler } from 'express';\nconst app = express();\n"
	cases := []struct {
		name      string
		lang      syntax.Language
		src       string
		fn        string // the exact text of the function node
		tier      Tier   // 0: not a handler
		framework string
		safe      bool
	}{
		{"arrow on app.get", syntax.JavaScript, express + "app.get('/a', (req, res) => res.send(1));", "(req, res) => res.send(1)", Direct, "express", false},
		{"function expression on router", syntax.JavaScript, express + "const r = express.Router();\nr.post('/a', function (q, s) { s.end() });", "function (q, s) { s.end() }", Direct, "express", false},
		{"no path, middleware", syntax.JavaScript, express + "app.use((a, b, c) => c());", "(a, b, c) => c()", Direct, "express", false},
		{"array of handlers", syntax.JavaScript, express + "app.get('/a', [(a, b, c) => c(), (a, b) => b.end()]);", "(a, b) => b.end()", Direct, "express", false},
		{"array of middleware, no path", syntax.JavaScript, express + "function audit(req, res, next) { next() }\napp.use([audit]);", "function audit(req, res, next) { next() }", Direct, "express", false},
		{"same-file factory, expression body", syntax.TypeScript, tsExpress + "const checked = (h: any): RequestHandler => async (req: Request, res: Response) => { res.json(await h(req)); };\napp.get('/a', checked(load));", "async (req: Request, res: Response) => { res.json(await h(req)); }", Direct, "express", false},
		{"same-file factory, return statement", syntax.JavaScript, express + "function make(h) { const x = 1; return async (req, res) => res.json(await h(x)); }\napp.get('/a', make(load));", "async (req, res) => res.json(await h(x))", Direct, "express", false},
		{"registered wrapped and bare: not error-safe", syntax.JavaScript, express + "const asyncHandler = require('express-async-handler');\nasync function list(a, b) { b.end() }\napp.get('/b', list);\napp.get('/a', asyncHandler(list));", "async function list(a, b) { b.end() }", Direct, "express", false},
		{"registered wrapped twice: error-safe", syntax.JavaScript, express + "const asyncHandler = require('express-async-handler');\nasync function list(a, b) { b.end() }\napp.get('/a', asyncHandler(list));\napp.get('/b', asyncHandler(list));", "async function list(a, b) { b.end() }", Direct, "express", true},
		{"path array", syntax.JavaScript, express + "app.get(['/a', '/b'], (a, b) => b.end());", "(a, b) => b.end()", Direct, "express", false},
		{"named function declaration", syntax.JavaScript, express + "function list(a, b) { b.end() }\napp.get('/a', list);", "function list(a, b) { b.end() }", Direct, "express", false},
		{"const arrow identifier", syntax.JavaScript, express + "const list = async (a, b) => b.end();\napp.get('/a', list);", "async (a, b) => b.end()", Direct, "express", false},
		{"route chain", syntax.JavaScript, express + "app.route('/a').get((a, b) => b.end());", "(a, b) => b.end()", Direct, "express", false},
		{"asyncHandler wrapper", syntax.JavaScript, express + "const asyncHandler = require('express-async-handler');\napp.get('/a', asyncHandler(async (a, b) => b.end()));", "async (a, b) => b.end()", Direct, "express", true},
		{"catchAsync by name", syntax.JavaScript, express + "const catchAsync = require('./utils/catchAsync');\napp.get('/a', catchAsync(async (a, b) => b.end()));", "async (a, b) => b.end()", Direct, "express", true},
		{"local wrapper with .catch(next)", syntax.JavaScript, express + "const w = fn => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);\napp.get('/a', w(async (a, b) => b.end()));", "async (a, b) => b.end()", Direct, "express", true},
		{"http.createServer", syntax.JavaScript, "const http = require('node:http');\nhttp.createServer((a, b) => b.end()).listen(80);", "(a, b) => b.end()", Direct, "http", false},
		{"typed params", syntax.TypeScript, tsExpress + "export async function list(q: Request, s: Response) { s.end() }", "export async function list(q: Request, s: Response) { s.end() }"[7:], Typed, "express", false},
		{"typed RequestHandler", syntax.TypeScript, tsExpress + "export const list: RequestHandler = async (q, s) => { s.end() };", "async (q, s) => { s.end() }", Typed, "express", false},
		{"typed namespace", syntax.TypeScript, "import * as express from 'express';\nexport const h = (q: express.Request, s: express.Response) => s.end();", "(q: express.Request, s: express.Response) => s.end()", Typed, "express", false},
		{"type-only import", syntax.TypeScript, "import type { Request, Response } from 'express';\nexport const h = (q: Request, s: Response) => s.end();", "(q: Request, s: Response) => s.end()", Typed, "express", false},
		{"heuristic req res", syntax.JavaScript, "exports.list = async (req, res) => { res.end() };", "async (req, res) => { res.end() }", Heuristic, "express", false},

		{"app parameter of a route module", syntax.JavaScript, "module.exports = function (app) {\n  app.get('/a', async (req, res) => res.end());\n};", "async (req, res) => res.end()", Direct, "express", false},
		{"app stored on this", syntax.TypeScript, "class App {\n  start() {\n    this.app.use(async (req, res, next) => next());\n  }\n}", "async (req, res, next) => next()", Direct, "express", false},
		{"app of another module's object, unused request", syntax.JavaScript, "const app = server.app;\napp.get('/robots.txt', async (_request, response) => response.send(1));", "async (_request, response) => response.send(1)", Direct, "express", false},
		{"a class's own get registers nothing (only the look remains)", syntax.TypeScript, "class Backstage extends Controller {\n  constructor() {\n    super();\n    this.get('/m', async (_req, res) => res.end());\n  }\n}", "async (_req, res) => res.end()", Heuristic, "express", false},
		{"unseen receiver, koa middleware", syntax.JavaScript, "module.exports = (app) => { app.use(async (ctx, next) => next()); };", "async (ctx, next) => next()", 0, "", false},
		{"unseen receiver, fastify reply", syntax.JavaScript, "module.exports = (f) => { f.get('/a', async (request, reply) => reply.send(1)); };", "async (request, reply) => reply.send(1)", 0, "", false},
		{"unseen receiver, http client callback", syntax.JavaScript, "client.get('/a', (err, body) => body);", "(err, body) => body", 0, "", false},
		{"listen callback is not a handler", syntax.JavaScript, express + "app.listen(3000, () => console.log(1));", "() => console.log(1)", 0, "", false},
		{"other objects' get", syntax.JavaScript, "const m = new Map();\nm.get('/a', (a, b) => b);", "(a, b) => b", 0, "", false},
		{"local app object", syntax.JavaScript, "const app = { get() {} };\napp.get('/a', (a, b) => b);", "(a, b) => b", 0, "", false},
		{"typed request only, handler names", syntax.TypeScript, tsExpress + "export const h = async (req: Request, res) => res.end();", "async (req: Request, res) => res.end()", Typed, "express", false},
		{"typed error middleware", syntax.TypeScript, tsExpress + "export function onError(err: Error, q: Request, s: Response, n: NextFunction) { n(err) }", "function onError(err: Error, q: Request, s: Response, n: NextFunction) { n(err) }", Typed, "express", false},
		{"request type alone, helper names", syntax.TypeScript, tsExpress + "export async function validateKey(req: Request, flow: ChatFlow) { return flow.id }", "async function validateKey(req: Request, flow: ChatFlow) { return flow.id }", 0, "", false},
		{"response type out of place", syntax.TypeScript, tsExpress + "async function runGate(res: Response, gate: () => Promise<void>) { try { await gate() } catch (e) { res.status(400).json({}) } }", "async function runGate(res: Response, gate: () => Promise<void>) { try { await gate() } catch (e) { res.status(400).json({}) } }", 0, "", false},
		{"Request from elsewhere", syntax.TypeScript, "import { Request } from 'undici';\nexport const h = (q: Request) => q;", "(q: Request) => q", 0, "", false},
		{"startup named init", syntax.JavaScript, "async function initDb(req, res) {}", "async function initDb(req, res) {}", 0, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, tree := parse(t, tc.lang, tc.src)
			h := r.Handler(nodeAt(t, tree, tc.src, tc.fn))
			if tc.tier == 0 {
				if h != nil {
					t.Fatalf("detected a %v handler, want none", h.Tier)
				}
				return
			}
			if h == nil {
				t.Fatalf("not detected as a handler")
			}
			if h.Tier != tc.tier || h.Framework != tc.framework || h.ErrorSafe != tc.safe {
				t.Errorf("got tier %v framework %q safe %v, want %v %q %v", h.Tier, h.Framework, h.ErrorSafe, tc.tier, tc.framework, tc.safe)
			}
		})
	}
}

func TestEnclosingHandler(t *testing.T) {
	src := `const express = require('express');
const app = express();
app.get('/a', (req, res) => {
  setTimeout(() => { inner(); }, 1);
});
app.listen(3000, () => { startup(); });
top();
`
	r, tree := parse(t, syntax.JavaScript, src)
	cases := map[string]bool{"inner()": true, "startup()": false, "top()": false}
	for expr, want := range cases {
		got := r.EnclosingHandler(nodeAt(t, tree, src, expr)) != nil
		if got != want {
			t.Errorf("%s: in handler = %v, want %v", expr, got, want)
		}
	}
}
