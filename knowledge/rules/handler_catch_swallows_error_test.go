package rules

import "testing"

func TestHandlerCatchSwallowsError(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	runCases(t, HandlerCatchSwallowsError, []ruleCase{
		{name: "catalog positive", src: head + `app.post('/orders', async (req, res, next) => {
  try { res.status(201).json(await Order.create(req.body)); }
  catch (err) { console.error(err); }
});`, want: []string{"warning: catch (err)"}},
		{name: "status without a terminator", src: head + `app.get('/a', async (req, res) => {
  try { res.json(await a()); } catch (e) { res.status(500); }
});`, want: []string{"warning: catch (e)"}},
		{name: "catch without binding in TS router", file: "r.ts", src: `import { Router } from 'express';
const r = Router();
r.get('/a', async (req, res) => { try { res.json(await a()); } catch { logger.warn('failed'); } });`, want: []string{"warning: catch"}},
		{name: "typed controller", file: "c.ts", src: `import { Request, Response } from 'express';
export async function show(req: Request, res: Response) {
  try { res.json(await load(req.params.id)); } catch (err) { log(err); }
}`, want: []string{"warning: catch (err)"}},
		{name: "nested if still inside the handler", src: head + `app.get('/a', async (req, res) => {
  if (req.query.x) { try { res.json(await a()); } catch (e) { log(e); } }
});`, want: []string{"warning: catch (e)"}},
		{name: "catalog negative next", src: head + `app.post('/orders', async (req, res, next) => {
  try { res.status(201).json(await Order.create(req.body)); } catch (err) { next(err); }
});`},
		{name: "catalog negative response", src: head + `app.post('/orders', async (req, res) => {
  try { res.status(201).json(await Order.create(req.body)); } catch { res.status(400).json({ error: 'invalid order' }); }
});`},
		{name: "rethrow", src: head + `app.get('/a', async (req, res) => { try { res.json(await a()); } catch (e) { log(e); throw e; } });`},
		{name: "passes res to a helper", src: head + `app.get('/a', async (req, res) => { try { res.json(await a()); } catch (e) { handleError(e, res); } });`},
		{name: "response after the try", src: head + `app.get('/a', async (req, res) => {
  let extra = null;
  try { extra = await enrich(); } catch (e) { log(e); }
  res.json({ extra });
});`},
		{name: "response after the enclosing if", src: head + `app.get('/a', async (req, res) => {
  if (req.query.x) { try { await audit(); } catch (e) { log(e); } }
  res.end();
});`},
		{name: "response already sent before", src: head + `app.post('/hook', async (req, res) => {
  res.sendStatus(202);
  try { await process(req.body); } catch (e) { log(e); }
});`},
		{name: "finally responds", src: head + `app.get('/a', async (req, res) => { try { await a(); } catch (e) { log(e); } finally { res.end(); } });`},
		{name: "catch in a loop", src: head + `app.post('/batch', async (req, res) => {
  for (const item of req.body) { try { await save(item); } catch (e) { failed.push(item); } }
});`},
		{name: "catch in a nested helper", src: head + `app.get('/a', (req, res) => {
  const parse = (s) => { try { return JSON.parse(s); } catch { return null; } };
  res.json(parse(req.query.q));
});`},
		{name: "next referenced in a callback", src: head + `app.get('/a', async (req, res, next) => { try { await a(); } catch (e) { setImmediate(() => next(e)); } });`},
		{name: "heuristic tier is not enough", pkg: express4, src: `exports.show = async (req, res) => { try { res.json(await a()); } catch (e) { log(e); } };`},
		{name: "fastify handler", src: `const fastify = require('fastify')();
fastify.get('/a', async (request, reply) => { try { return await a(); } catch (e) { log(e); } });`},
		{name: "plain function", src: `async function job() { try { await a(); } catch (e) { log(e); } }`},
	})
}

func TestHandlerCatchSwallowsErrorFixes(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	runFixes(t, HandlerCatchSwallowsError, []fixCase{
		{name: "one-line catch", src: head + `app.post('/orders', async (req, res, next) => {
  try { res.status(201).json(await Order.create(req.body)); }
  catch (err) { console.error(err); }
});
`, want: head + `app.post('/orders', async (req, res, next) => {
  try { res.status(201).json(await Order.create(req.body)); }
  catch (err) { console.error(err); next(err); }
});
`},
		{name: "multi-line catch without next parameter or binding", src: head + `app.get('/a', async (req, res) => {
  try {
    res.json(await a());
  } catch {
    console.error('failed')
  }
});
`, want: head + `app.get('/a', async (req, res, next) => {
  try {
    res.json(await a());
  } catch (err) {
    console.error('failed')
    next(err);
  }
});
`},
		{name: "empty catch and renamed next", src: head + `app.get('/a', async (q, s, done) => { try { s.json(await a()); } catch (e) {} });
`, want: head + `app.get('/a', async (q, s, done) => { try { s.json(await a()); } catch (e) { done(e); } });
`},
		{name: "before a final return, no semicolon", src: head + `app.get('/a', async (req, res, next) => { try { res.json(await a()); } catch (e) { log(e); return; } });
app.get('/b', async (req, res, next) => { try { res.json(await b()); } catch (e) { log(e) } });
`, want: head + `app.get('/a', async (req, res, next) => { try { res.json(await a()); } catch (e) { log(e); next(e); return; } });
app.get('/b', async (req, res, next) => { try { res.json(await b()); } catch (e) { log(e) } });
`},
		{name: "typed controller with NextFunction imported", file: "c.ts", src: `import { Request, Response, NextFunction } from 'express';
export async function show(req: Request, res: Response) {
  try {
    res.json(await load(req.params.id));
  } catch (err) {
    log(err);
  }
}
`, want: `import { Request, Response, NextFunction } from 'express';
export async function show(req: Request, res: Response, next: NextFunction) {
  try {
    res.json(await load(req.params.id));
  } catch (err) {
    log(err);
    next(err);
  }
}
`},
	})
}

func TestHandlerCatchSwallowsErrorSemicolon(t *testing.T) {
	findings, _ := check(t, HandlerCatchSwallowsError, "", "", `const app = require('express')();
app.get('/b', async (req, res, next) => { try { res.json(await b()); } catch (e) { log(e) } });`)
	if len(findings) != 1 || findings[0].Fix == nil {
		t.Fatalf("want one fixable finding, got %+v", findings)
	}
	e := findings[0].Fix.Edits[len(findings[0].Fix.Edits)-1]
	if e.NewText != "; next(e);" {
		t.Fatalf("edit %q, want a separating semicolon", e.NewText)
	}
}

// A controller framework answers the request when an action returns, so a catch that
// only logs inside one of its actions leaves no request hanging.
func TestHandlerCatchSwallowsErrorManagedControllers(t *testing.T) {
	const swallowing = "  async show(req: Request, res: Response) {\n    try { res.json(await load()); } catch (err) { log(err); }\n  }\n"
	const jsSwallowing = "  async show(req, res) {\n    try { res.json(await load()); } catch (err) { log(err); }\n  }\n"
	const types = "import { Request, Response } from 'express';\n"
	runCases(t, HandlerCatchSwallowsError, []ruleCase{
		{name: "plain class method is still flagged", file: "c.ts", src: types + "export class Items {\n" + swallowing + "}",
			want: []string{"warning: catch (err)"}},
		{name: "a local decorator named controller", file: "c.ts", src: types + "const controller = (p: string) => (c: any) => c;\n@controller('/items')\nexport class Items {\n" + swallowing + "}",
			want: []string{"warning: catch (err)"}},
		{name: "inversify @controller", file: "c.ts", src: types + "import { controller } from 'inversify-express-utils';\n@controller('/items')\nexport class Items {\n" + swallowing + "}"},
		{name: "inversify BaseHttpController", file: "c.ts", src: types + "import { BaseHttpController } from 'inversify-express-utils';\nexport class Items extends BaseHttpController {\n" + swallowing + "}"},
		{name: "routing-controllers @JsonController", file: "c.ts", src: types + "import { JsonController } from 'routing-controllers';\n@JsonController('/items')\nexport class Items {\n" + swallowing + "}"},
		{name: "tsoa @Route", file: "c.ts", src: types + "import { Route } from 'tsoa';\n@Route('items')\nexport class Items {\n" + swallowing + "}"},
		{name: "NestJS @Get on the method", file: "c.ts", src: types + "import { Get } from '@nestjs/common';\nexport class Items {\n  @Get()\n" + swallowing + "}"},
		// In JavaScript the methods are heuristic look-alikes, which the rule never
		// flags; the framework leaves them silent too.
		{name: "JavaScript routing-controllers", src: "const { Controller } = require('routing-controllers');\n@Controller('/items')\nclass Items {\n" + jsSwallowing + "}"},
		{name: "JavaScript plain class", src: "class Items {\n" + jsSwallowing + "}"},
	})
}

// The catches that handle the error, as the request experiences it: the definition
// express-async-missing-next shares (catch_semantics.go).
func TestHandlerCatchSwallowsErrorCatchSemantics(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	const tsHead = "import express, { Request, Response } from 'express';\nconst app = express();\n"
	runCases(t, HandlerCatchSwallowsError, []ruleCase{
		{name: "helper that gets the response", src: head + `app.get('/badge/:id', async (request, response) => {
  try { response.send(await badge(request.params.id)); } catch (error) { sendHttpError(response, error.message); }
});`},
		{name: "TS member helper given res in an object", file: "r.ts", src: tsHead + `app.get('/a', async (req: Request, res: Response) => {
  try { res.json(await load()); } catch (err) { opTools.sendJSON({ res, result: null }); }
});`},
		{name: "closure of the handler that redirects", src: head + `app.post('/login', async (req, res) => {
  const redirectWithError = (msg) => res.redirect('/login?error=' + encodeURIComponent(msg));
  try { await signIn(req.body); res.redirect('/'); } catch (e) { redirectWithError(e.message); }
});`},
		{name: "TS catch ends the process", file: "r.ts", src: tsHead + `app.post('/shutdown', async (req: Request, res: Response) => {
  try { await db.close(); res.end(); } catch (e) { console.error(e); process.exit(1); }
});`},
		{name: "finally of an enclosing try answers", src: head + `app.get('/stream', async (req, res) => {
  try {
    try { await stream.response; } catch { /* already reported */ }
  } finally { res.end(); }
});`},
		{name: "TS rethrow from a synchronous handler reaches Express", file: "r.ts", src: tsHead + `app.get('/a', (req: Request, res: Response) => {
  try { res.json(parse(req.query.q)); } catch (e) { log(e); throw e; }
});`},
		{name: "rethrow from a wrapped handler", src: head + `const asyncHandler = require('express-async-handler');
app.get('/a', asyncHandler(async (req, res) => { try { res.json(await a()); } catch (e) { log(e); throw e; } }));`},

		{name: "catch that returns before the response", src: head + `app.get('/a', async (req, res) => {
  let extra = null;
  try { extra = await enrich(); } catch (e) { log(e); return; }
  res.json({ extra });
});`, want: []string{"warning: catch (e)"}},
		{name: "TS closure that does not answer", file: "r.ts", src: tsHead + `app.get('/a', async (req: Request, res: Response) => {
  const note = (m: unknown) => console.error(m);
  try { res.json(await a()); } catch (e) { note(e); }
});`, want: []string{"warning: catch (e)"}},
		{name: "TS throw only inside a callback", file: "r.ts", src: tsHead + `app.get('/a', async (req: Request, res: Response) => {
  try { res.json(await a()); } catch (e) { queue.push(() => { throw e; }); }
});`, want: []string{"warning: catch (e)"}},
	})
}

// TestHandlerCatchSwallowsErrorGate: the rule runs only in a file that imports express
// (an aliased import or a require by a template literal counts), never in one that
// names express in a comment, whatever else it holds.
func TestHandlerCatchSwallowsErrorGate(t *testing.T) {
	const body = "app.get('/', async (req, res) => { try { await load(); } catch (e) { console.log(e); } });\n"
	checkHandlerGate(t, HandlerCatchSwallowsError, []handlerGateCase{
		{name: "aliased import in TypeScript", file: "app.ts", pkg: express4, reports: true,
			src: "import web from \"express\";\nconst app = web();\n" + body},
		{name: "require by a template literal", pkg: express4, reports: true,
			src: "const app = require(`express`)();\n" + body},
		{name: "express in a comment only", pkg: express4,
			src: expressInComments + "const app = makeApp();\n" + body},
		{name: "express in a comment only, TypeScript", file: "app.ts",
			src: expressInComments + "import { makeApp } from './app';\nconst app = makeApp();\n" + body},
	})
}
