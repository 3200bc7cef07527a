package rules

import "testing"

func TestErrorMiddlewareBeforeRoutes(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\nconst api = require('./api');\nfunction errorHandler(err, req, res, next) { res.status(500).end(); }\n"
	runCases(t, ErrorMiddlewareBeforeRoutes, []ruleCase{
		{name: "catalog positive", src: head + `app.use(errorHandler);
app.use('/api', api);
app.listen(3000);`, want: []string{"warning: app.use"}},
		{name: "inline handler before a route", file: "a.ts", src: `import express from 'express';
const app = express();
app.use((err, req, res, next) => res.status(500).end());
app.get('/', (req, res) => res.send('hi'));`, want: []string{"warning: app.use"}},
		{name: "router in a function body", src: `const express = require('express');
function build() {
  const r = express.Router();
  r.use((err, req, res, next) => res.end());
  r.post('/x', save);
  return r;
}`, want: []string{"warning: r.use"}},
		{name: "catalog negative", src: head + `app.use('/api', api);
app.use(errorHandler);
app.listen(3000);`},
		{name: "early JSON error handler with a final one", src: head + `app.use(express.json());
app.use((err, req, res, next) => err.type === 'entity.parse.failed' ? res.status(400).end() : next(err));
app.use('/api', api);
app.use(errorHandler);`},
		{name: "error handler of the parser beside it", src: head + `app.use(express.json({ limit: '1mb' }), function onBadBody(err, req, res, next) { res.status(400).end(); });
app.get('/', (req, res) => res.end());`},
		{name: "scoped error handler after the routes is a final one", src: head + `app.use(errorHandler);
app.get('/', (req, res) => res.end());
app.use(express.json(), errorHandler);`},
		{name: "error handler first in its call is not scoped", src: head + `app.use(errorHandler, express.json());
app.get('/', (req, res) => res.end());`, want: []string{"warning: app.use"}},
		{name: "unknown final middleware may be the handler", src: head + `const Sentry = require('@sentry/node');
app.use(errorHandler);
app.get('/', (req, res) => res.end());
app.use(Sentry.Handlers.errorHandler());`},
		{name: "different router bindings", src: head + `const r = express.Router();
r.use(errorHandler);
app.get('/', (req, res) => res.end());`},
		{name: "registration in a conditional", src: head + `if (process.env.DEBUG) { app.use(errorHandler); }
app.get('/', (req, res) => res.end());`},
		{name: "no routes after", src: head + `app.get('/', (req, res) => res.end());
app.use(errorHandler);`},
		{name: "route-level four-parameter handler", src: head + `app.get('/a', (err, req, res, next) => res.end());
app.get('/b', (req, res) => res.end());`},
		{name: "koa app", src: `const Koa = require('koa'); const app = new Koa();
app.use(async (err, ctx, a, b) => {});
app.use(async (ctx) => {});`},
	})
}

func TestErrorMiddlewareBeforeRoutesFixes(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\nconst api = require('./api');\nfunction errorHandler(err, req, res, next) { res.status(500).end(); }\n"
	runFixes(t, ErrorMiddlewareBeforeRoutes, []fixCase{
		{name: "moved before listen", src: head + `app.use(errorHandler);
app.use('/api', api);
app.get('/health', (req, res) => res.end());
app.listen(3000);
`, want: head + `app.use('/api', api);
app.get('/health', (req, res) => res.end());
app.use(errorHandler);
app.listen(3000);
`},
		{name: "last route at the end of file without newline", src: head + `app.use((err, req, res, next) => {
  res.status(500).end();
});
app.use('/api', api);`, want: head + `app.use('/api', api);
app.use((err, req, res, next) => {
  res.status(500).end();
});`},
		{name: "indented router", src: `const express = require('express');
function build() {
  const r = express.Router();
  r.use((err, req, res, next) => res.end());
  r.post('/x', save);
  return r;
}
`, want: `const express = require('express');
function build() {
  const r = express.Router();
  r.post('/x', save);
  r.use((err, req, res, next) => res.end());
  return r;
}
`},
	})
}

// TestErrorMiddlewareBeforeRoutesGate: the rule runs only in a file that imports
// express (a namespace import of it counts), not in one that names it in a comment.
func TestErrorMiddlewareBeforeRoutesGate(t *testing.T) {
	const routes = "r.use((err, req, res, next) => res.status(500).end());\nr.get('/', (req, res) => res.send('ok'));\n"
	checkHandlerGate(t, ErrorMiddlewareBeforeRoutes, []handlerGateCase{
		{name: "namespace import in TypeScript", file: "routes.ts", pkg: express4, reports: true,
			src: "import * as ex from 'express';\nconst r = ex.Router();\n" + routes},
		{name: "express in a comment only", pkg: express4,
			src: expressInComments + "const r = require('./router');\n" + routes},
	})
}
