package rules

import "testing"

const express5 = `{"name":"app","dependencies":{"express":"^5.1.0"}}`

func TestExpressAsyncMissingNext(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	runCases(t, ExpressAsyncMissingNext, []ruleCase{
		{name: "catalog positive", pkg: express4, src: head + `app.get('/users/:id', async (req, res) => {
  const user = await User.findById(req.params.id);
  res.json(user);
});`, want: []string{"warning: await User.findById(req.params.id)"}},
		{name: "router and TS", file: "routes.ts", pkg: express4, src: `import { Router } from 'express';
const r = Router();
r.post('/orders', async (req, res) => { res.status(201).json(await Order.create(req.body)); });`, want: []string{"warning: await Order.create(req.body)"}},
		// Judged alone, a typed controller is not known to be registered: the
		// registration in another file decides (route_facts_test.go).
		{name: "typed controller registered nowhere", file: "c.ts", pkg: express4, src: `import { Request, Response } from 'express';
export const list = async (req: Request, res: Response) => { res.json(await Item.find()); };`},
		{name: "handler a factory of this file returns", pkg: express4, src: head + `const checked = (h) => async (req, res) => {
  const user = await login(req);
  res.json(await h(req, user));
};
app.get('/a', checked(load));
app.get('/b', asyncHandler(checked(load)));`, want: []string{"warning: await login(req)"}},
		{name: "await after the try", pkg: express4, src: head + `app.get('/a', async (req, res, next) => {
  try { await a(); } catch (err) { return next(err); }
  await b();
  res.end();
});`, want: []string{"warning: await b()"}},
		{name: "catch that only logs", pkg: express4, src: head + `app.get('/a', async (req, res) => {
  try { await a(); } catch (err) { console.error(err); }
});`, want: []string{"warning: await a()"}},
		{name: "unknown version is information", src: head + `app.get('/a', async (req, res) => { res.json(await a()); });`, want: []string{"information: await a()"}},
		{name: "express 3 is flagged too", pkg: `{"dependencies":{"express":"3.21.2"}}`, src: head + `app.get('/a', async (req, res) => { res.json(await a()); });`, want: []string{"warning: await a()"}},

		{name: "express 5 never", pkg: express5, src: head + `app.get('/users/:id', async (req, res) => {
  res.json(await User.findById(req.params.id));
});`},
		{name: "asyncHandler wrapper", pkg: express4, src: head + `const asyncHandler = require('express-async-handler');
app.get('/users/:id', asyncHandler(async (req, res) => res.json(await User.findById(req.params.id))));`},
		{name: "whole body try/catch next", pkg: express4, src: head + `app.get('/a', async (req, res, next) => {
  try { res.json(await a()); } catch (e) { next(e); }
});`},
		{name: "catch answering the request", pkg: express4, src: head + `app.get('/a', async (req, res) => {
  try { res.json(await a()); } catch (e) { res.status(500).json({ error: 'failed' }); }
});`},
		{name: "renamed next", pkg: express4, src: head + `app.get('/a', async (q, s, done) => {
  try { s.json(await a()); } catch (e) { done(e); }
});`},
		{name: "non-async handler", pkg: express4, src: head + `app.get('/a', (req, res) => { a().then(x => res.json(x)); });`},
		{name: "await only in nested function", pkg: express4, src: head + `app.get('/a', async (req, res) => { queue.push(async () => { await a(); }); res.end(); });`},
		{name: "express-async-errors imported", pkg: express4, src: "require('express-async-errors');\n" + head + `app.get('/a', async (req, res) => { res.json(await a()); });`},
		{name: "express-async-errors dependency", pkg: `{"dependencies":{"express":"^4.18.0","express-async-errors":"^3.1.1"}}`, src: head + `app.get('/a', async (req, res) => { res.json(await a()); });`},
		{name: "heuristic tier is not enough", pkg: express4, src: `exports.list = async (req, res) => { res.json(await a()); };`},
		{name: "fastify handler is not express", pkg: express4, src: `const fastify = require('fastify')();
fastify.get('/a', async (request, reply) => { return await a(); });`},
		{name: "a local app object", pkg: express4, src: `const app = { get() {} };
app.get('/a', async (req, res) => { res.json(await a()); });`},
	})
}

func TestExpressAsyncMissingNextFixes(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	runFixes(t, ExpressAsyncMissingNext, []fixCase{
		{name: "block body gains try/catch and next", pkg: express4, src: head + `app.get('/users/:id', async (req, res) => {
  const user = await User.findById(req.params.id);
  res.json(user);
});
`, want: head + `app.get('/users/:id', async (req, res, next) => {
  try {
    const user = await User.findById(req.params.id);
    res.json(user);
  } catch (err) {
    next(err);
  }
});
`},
		{name: "expression body becomes a block", pkg: express4, src: head + `app.get('/a', async (req, res, next) => res.json(await a()));
`, want: head + `app.get('/a', async (req, res, next) => {
  try {
    return res.json(await a());
  } catch (err) {
    next(err);
  }
});
`},
	})
}

// Controller frameworks await every action and forward its rejection themselves.
func TestExpressAsyncMissingNextManagedControllers(t *testing.T) {
	const action = "  async list(req: Request, res: Response) { res.json(await Item.find()); }\n"
	const jsAction = "  async list(req, res) { res.json(await Item.find()); }\n"
	const types = "import { Request, Response } from 'express';\n"
	runCases(t, ExpressAsyncMissingNext, []ruleCase{
		{name: "inversify @controller", file: "c.ts", pkg: express4, src: types + "import { controller, httpGet } from 'inversify-express-utils';\n@controller('/items')\nexport class Items {\n  @httpGet('/')\n" + action + "}"},
		{name: "inversify BaseHttpController", file: "c.ts", pkg: express4, src: types + "import { BaseHttpController } from 'inversify-express-utils';\nexport class Items extends BaseHttpController {\n" + action + "}"},
		{name: "routing-controllers @Get", file: "c.ts", pkg: express4, src: types + "import { Get } from 'routing-controllers';\nexport class Items {\n  @Get('/items')\n" + action + "}"},
		{name: "tsoa Controller base", file: "c.ts", pkg: express4, src: types + "import { Controller } from 'tsoa';\nexport class Items extends Controller {\n" + action + "}"},
		{name: "NestJS @Controller", file: "c.ts", pkg: express4, src: types + "import { Controller } from '@nestjs/common';\n@Controller('items')\nexport class Items {\n" + action + "}"},
		{name: "JavaScript inversify @controller", pkg: express4, src: "const { controller } = require('inversify-express-utils');\n@controller('/items')\nclass Items {\n" + jsAction + "}"},
	})
}

// A catch guards the awaits of its try when the request experiences an answer or
// reaches next: the definition handler-catch-swallows-error shares (catch_semantics.go).
func TestExpressAsyncMissingNextCatchSemantics(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	const tsHead = "import express, { Request, Response, NextFunction } from 'express';\nconst app = express();\n"
	runCases(t, ExpressAsyncMissingNext, []ruleCase{
		{name: "helper that gets the response", pkg: express4, src: head + `app.get('/badge/:id', async (request, response) => {
  try { response.send(await badge(request.params.id)); } catch (error) { sendHttpError(response, error.message); }
});`},
		{name: "TS helper that gets res", file: "r.ts", pkg: express4, src: tsHead + `app.get('/a', async (req: Request, res: Response) => {
  try { res.json(await load()); } catch (e) { failed(res, 500, (e as Error).message); }
});`},
		{name: "member helper given res in an object", pkg: express4, src: head + `app.get('/status', async (req, res) => {
  try { res.json(await status()); } catch (err) { return opTools.sendJSONStatus({ res, status: 500 }); }
});`},
		{name: "closure of the handler that redirects", pkg: express4, src: head + `app.post('/login', async (req, res) => {
  const redirectWithError = (msg) => res.redirect('/login?error=' + encodeURIComponent(msg));
  try { await signIn(req.body); res.redirect('/'); } catch (e) { redirectWithError(e.message); }
});`},
		{name: "TS closure declared as a function", file: "r.ts", pkg: express4, src: tsHead + `app.post('/login', async (req: Request, res: Response) => {
  function fail(msg: string) { res.status(401).json({ error: msg }); }
  try { await signIn(req.body); res.end(); } catch (e) { fail(String(e)); }
});`},
		{name: "catch ends the process", pkg: express4, src: head + `app.post('/shutdown', async (req, res) => {
  try { await db.close(); res.end(); } catch (e) { console.error(e); process.exit(1); }
});`},
		{name: "next handed to a helper", file: "r.ts", pkg: express4, src: tsHead + `app.get('/a', async (req: Request, res: Response, next: NextFunction) => {
  try { res.json(await load()); } catch (e) { report(e, next); }
});`},
		{name: "catch logs and falls through to the response", pkg: express4, src: head + `app.get('/a', async (req, res) => {
  let extra = null;
  try { extra = await enrich(); } catch (e) { log(e); }
  res.json({ extra });
});`},
		{name: "TS empty catch in a catch, then the response", file: "r.ts", pkg: express4, src: tsHead + `app.post('/setup', async (req: Request, res: Response) => {
  try { await install(); res.json({ ok: true }); } catch (err) {
    try { await rollback(); } catch (e) {}
    res.json({ ok: false });
  }
});`},
		{name: "finally of an enclosing try answers", pkg: express4, src: head + `app.get('/stream', async (req, res) => {
  try {
    try { await stream.response; } catch { }
  } finally { res.end(); }
});`},
		{name: "await in finally after the response and next", pkg: express4, src: head + `app.get('/a', async (req, res, next) => {
  let runner;
  try { runner = pool.runner(); res.json(await runner.load()); } catch (e) { next(e); } finally { if (runner) await runner.release(); }
});`},
		{name: "TS await in finally after the response", file: "r.ts", pkg: express4, src: tsHead + `app.get('/a', async (req: Request, res: Response, next: NextFunction) => {
  try { res.json(await load()); } catch (e) { next(e); } finally { await unsubscribe(); }
});`},

		{name: "rethrow from an unwrapped async handler", pkg: express4, src: head + `app.get('/a', async (req, res) => {
  try { res.json(await a()); } catch (e) { log(e); throw e; }
});`, want: []string{"warning: await a()"}},
		{name: "TS catch that returns before the response", file: "r.ts", pkg: express4, src: tsHead + `app.get('/a', async (req: Request, res: Response) => {
  let extra = null;
  try { extra = await enrich(); } catch (e) { log(e); return; }
  res.json({ extra });
});`, want: []string{"warning: await enrich()"}},
		{name: "status alone answers nothing", pkg: express4, src: head + `app.get('/a', async (req, res) => {
  try { res.json(await a()); } catch (e) { res.status(500); }
});`, want: []string{"warning: await a()"}},
		{name: "closure that does not answer", pkg: express4, src: head + `app.get('/a', async (req, res) => {
  const note = (m) => console.error(m);
  try { res.json(await a()); } catch (e) { note(e); }
});`, want: []string{"warning: await a()"}},
		{name: "function outside the handler that does not get res", pkg: express4, src: head + `const res = { end() {} };
function fail() { res.end(); }
app.get('/a', async (req, response) => {
  try { response.json(await a()); } catch (e) { fail(); }
});`, want: []string{"warning: await a()"}},
		{name: "TS await in finally before the response", file: "r.ts", pkg: express4, src: tsHead + `app.get('/a', async (req: Request, res: Response, next: NextFunction) => {
  let x;
  try { x = await load(); } catch (e) { return next(e); } finally { await release(); }
  res.json(x);
});`, want: []string{"warning: await release()"}},
		{name: "await in the catch itself", pkg: express4, src: head + `app.get('/a', async (req, res, next) => {
  try { res.json(await a()); } catch (e) { await audit(e); next(e); }
});`, want: []string{"warning: await audit(e)"}},
	})
}

// TestExpressAsyncMissingNextGate: outside a package that depends on express, the rule
// judges only a file that imports express (however the import is bound, or types
// from it) or express-async-errors; a library whose comments name express, with async
// functions and (req, res) parameters, is neither judged nor asked for facts. In an
// Express package any async function is kept: it records whether it can reject; so
// is a handler-shaped function however its request is written, but a comment naming
// express keeps nothing.
func TestExpressAsyncMissingNextGate(t *testing.T) {
	express4 := `{"dependencies":{"express":"4.21.2"}}`
	runGates(t, ExpressAsyncMissingNext, []fileGate{
		{name: "an aliased import, outside an Express package", file: "app.js", through: true,
			src: "import e from 'express';\nconst app = e();\napp.get('/', async (req, res) => { await load(); res.end(); });\n"},
		{name: "a handler typed from express, outside an Express package", file: "list.ts", through: true,
			src: "import type { Request, Response } from \"express\";\nexport async function list(req: Request, res: Response) { await load(); res.end(); }\nconst r = require('express').Router();\nr.get('/', list);\n"},
		{name: "express-async-errors loaded, outside an Express package", file: "boot.js", through: true,
			src: "require(`express-async-errors`);\n"},
		{name: "a function that cannot reject, in an Express package", file: "load.js", pkg: express4, through: true,
			src: "export async function load() { try { return await fetchIt(); } catch { return null; } }\n"},
		{name: "a handler-shaped function with a default request, in an Express package", file: "routes.js", pkg: express4, through: true,
			src: "module.exports = (api, ctx) => {\n  api.use(ctx.auth.isPermitted('read'), (req = {}, res, next) => next());\n};\n"},
		{name: "a comment naming express, in an Express package", file: "util.js", pkg: express4,
			src: "// Helpers shared with the express app.\nexports.bare = function (router, list) { router.get('/', list); };\n"},
		{name: "a library whose comments name express", file: "lib.js",
			src: "// Works like an express middleware.\nexport async function load() { try { return await fetchIt(); } catch { return null; } }\nexport async function handle(req, res) { await load(); res.end(); }\n"},
		{name: "a library whose comments name express, in TypeScript", file: "lib.ts",
			src: "// Mounts on an express app.\nexport async function handle(req: unknown, res: { end(): void }) { try { res.end(); } catch { return; } }\n"},
	})
}
