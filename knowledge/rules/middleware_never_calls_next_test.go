package rules

import "testing"

func TestMiddlewareNeverCallsNext(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	runCases(t, MiddlewareNeverCallsNext, []ruleCase{
		{name: "catalog positive", src: head + `app.use((req, res, next) => { req.start = Date.now(); });`, want: []string{"warning: (req, res, next)"}},
		{name: "two-parameter use", src: head + `app.use(function (req, res) { console.log(req.url); });`, want: []string{"warning: (req, res)"}},
		{name: "route handler that only logs", file: "r.ts", src: `import { Router } from 'express';
const r = Router();
r.post('/events', async (req, res) => { await bus.publish(req.body); });`, want: []string{"warning: (req, res)"}},
		{name: "status without a terminator", src: head + `app.get('/x', (req, res) => { res.status(204); });`, want: []string{"warning: (req, res)"}},
		{name: "only setters on res and res.locals", src: head + `app.get('/x', (req, res) => { res.status(404).set('X-A', '1'); res.locals.seen.push(req.url); });`, want: []string{"warning: (req, res)"}},
		{name: "catalog negative", src: head + `app.use((req, res, next) => { req.start = Date.now(); next(); });`},
		{name: "corpus: custom responder added to res", src: head + `app.get('*any', function (req, res) {
  res.status(404).sendWrap(req.__('Not found'), h1(req.__('Page not found')));
});`},
		{name: "response in a callback", src: head + `app.get('/users', (req, res) => { User.find().then((u) => res.json(u)); });`},
		{name: "returns the response", src: head + `app.get('/x', (req, res) => { return res.status(200).send('ok'); });`},
		{name: "delegates", src: head + `const passport = require('passport');
app.get('/me', (req, res, next) => passport.authenticate('jwt')(req, res, next));
app.get('*', (req, res) => handle(req, res));`},
		{name: "next passed on or referenced", src: head + `app.use((req, res, next) => { setTimeout(next, 10); });
app.use((req, res, next) => { auth(req).then(() => next(), next); });`},
		{name: "throws", src: head + `app.use((req, res, next) => { if (!req.user) throw new Error('no user'); req.ok = true; next(); });
app.get('/x', async (req, res) => { throw new NotImplemented(); });`},
		{name: "server-sent events write and stay open", src: head + `app.get('/events', (req, res) => { res.writeHead(200, { 'Content-Type': 'text/event-stream' }); res.write('retry: 1000\n\n'); clients.add(res); });`},
		{name: "pipe into res", src: head + `app.get('/f', (req, res) => { fs.createReadStream('f').pipe(res); });`},
		{name: "req.next and req.res", src: head + `app.use(function (req, res) { req.next(); });`},
		{name: "non-literal middleware", src: head + `app.use(express.json()); app.use(express.static('public')); app.use(auth()); app.use(logRequest);`},
		{name: "error middleware is another rule", src: head + `app.use((err, req, res, next) => { log(err); });
app.use((err, req, res) => { log(err); });`},
		{name: "fastify handler", src: `const fastify = require('fastify')();
fastify.get('/', async (request, reply) => { await work(); });`},
		{name: "local object with get", src: `const cache = { get() {} }; cache.get('k', (req, res) => {});`},
	})
}

func TestMiddlewareNeverCallsNextFixes(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	runFixes(t, MiddlewareNeverCallsNext, []fixCase{
		{name: "one-line body", src: head + "app.use((req, res, next) => { req.start = Date.now(); });\n",
			want: head + "app.use((req, res, next) => { req.start = Date.now(); next(); });\n"},
		{name: "multi-line body gains a parameter", src: head + `app.use(function (req, res) {
  console.log(req.method, req.url);
});
`, want: head + `app.use(function (req, res, next) {
  console.log(req.method, req.url);
  next();
});
`},
		{name: "typed parameters", file: "a.ts", src: `import express, { Request, Response, NextFunction } from 'express';
const app = express();
app.use((req: Request, res: Response) => {
  req.headers['x-seen'] = '1';
});
`, want: `import express, { Request, Response, NextFunction } from 'express';
const app = express();
app.use((req: Request, res: Response, next: NextFunction) => {
  req.headers['x-seen'] = '1';
  next();
});
`},
	})
}

// TestMiddlewareNeverCallsNextGate: the rule runs only in a file that imports express
// (the app made by calling require's result counts), not in one that names it in a
// comment.
func TestMiddlewareNeverCallsNextGate(t *testing.T) {
	const use = "app.use((req, res, next) => { console.log(req.url); });\n"
	checkHandlerGate(t, MiddlewareNeverCallsNext, []handlerGateCase{
		{name: "require's result called", pkg: express4, reports: true,
			src: "const app = require(\"express\")();\n" + use},
		{name: "typed app in TypeScript", file: "app.ts", pkg: express4, reports: true,
			src: "import type { Express } from 'express';\nexport function mount(app: Express) {\n  app.use((req, res, next) => { console.log(req.url); });\n}\n"},
		{name: "express in a comment only", pkg: express4,
			src: expressInComments + "const app = require('./app');\n" + use},
	})
}
