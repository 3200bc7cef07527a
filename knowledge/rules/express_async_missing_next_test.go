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
		{name: "typed controller", file: "c.ts", pkg: express4, src: `import { Request, Response } from 'express';
export const list = async (req: Request, res: Response) => { res.json(await Item.find()); };`, want: []string{"warning: await Item.find()"}},
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
