package rules

import "testing"

func TestErrorMiddlewareArity(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	runCases(t, ErrorMiddlewareArity, []ruleCase{
		{name: "catalog positive", src: head + `app.use((err, req, res) => res.status(500).json({ message: 'oops' }));`, want: []string{"error: (err, req, res)"}},
		{name: "default value hides next", src: head + `app.use(function (error, req, res, next = () => {}) { res.sendStatus(500); });`, want: []string{"error: (error, req, res, next = () => {})"}},
		{name: "rest element", src: head + `app.use((e, ...rest) => rest[1].end());`, want: []string{"error: (e, ...rest)"}},
		{name: "named function on a router with a path", src: `const router = require('express').Router();
function onError(err, req, res) { res.status(500).end(); }
router.use('/api', onError);`, want: []string{"error: (err, req, res)"}},
		{name: "typed ErrorRequestHandler", file: "e.ts", src: `import type { ErrorRequestHandler } from 'express';
export const handler: ErrorRequestHandler = (err, req, res) => { res.status(500).end(); };`, want: []string{"error: (err, req, res)"}},
		{name: "TS this parameter and default", file: "e.ts", src: `import express, { Request, Response, NextFunction } from 'express';
const app = express();
app.use(function (this: unknown, err: Error, req: Request, res: Response, next: NextFunction = () => {}) { res.end(); });`,
			want: []string{"error: (this: unknown, err: Error, req: Request, res: Response, next: NextFunction = () => {})"}},
		{name: "array of middleware, reported once", src: head + `const bad = (ex, req, res) => res.end();
app.use([bad]);
app.use(bad);`, want: []string{"error: (ex, req, res)"}},
		{name: "catalog negative", src: head + `app.use((err, req, res, _next) => res.status(500).json({ message: 'oops' }));`},
		{name: "any four names", src: head + `app.use((a, b, c, d) => c.end());`},
		{name: "three-parameter middleware", src: head + `app.use((req, res, next) => next());`},
		{name: "route-level handlers are legal", src: head + `app.get('/x', (err, req, res) => res.end());`},
		{name: "koa use is not express", src: `const Koa = require('koa'); const app = new Koa();
app.use((e, next) => next());`},
		{name: "imported handler is unknown", src: head + `const { onError } = require('./errors'); app.use(onError);`},
		{name: "five parameters with a trailing default", src: head + `app.use((err, req, res, next, extra = 1) => res.end());`},
	})
}

func TestErrorMiddlewareArityFixes(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	runFixes(t, ErrorMiddlewareArity, []fixCase{
		{name: "append _next", src: head + "app.use((err, req, res) => res.status(500).json({ message: 'oops' }));\n",
			want: head + "app.use((err, req, res, _next) => res.status(500).json({ message: 'oops' }));\n"},
		{name: "drop the default", src: head + "app.use(function (err, req, res, next = noop) { res.end(); });\n",
			want: head + "app.use(function (err, req, res, next) { res.end(); });\n"},
		{name: "typed with NextFunction in scope", file: "e.ts", src: `import express, { Request, Response, NextFunction } from 'express';
const app = express();
app.use((err: Error, req: Request, res: Response) => { res.end(); });
`, want: `import express, { Request, Response, NextFunction } from 'express';
const app = express();
app.use((err: Error, req: Request, res: Response, _next: NextFunction) => { res.end(); });
`},
		{name: "typed without NextFunction", file: "e.ts", src: `import express, { Request, Response } from 'express';
const app = express();
app.use((err: Error, req: Request, res: Response) => { res.end(); });
`, want: `import express, { Request, Response } from 'express';
const app = express();
app.use((err: Error, req: Request, res: Response, _next: import('express').NextFunction) => { res.end(); });
`},
		{name: "TS default on a typed parameter", file: "e.ts", src: `import express, { Request, Response, NextFunction } from 'express';
const app = express();
app.use((err: Error, req: Request, res: Response, next: NextFunction = () => {}) => { res.end(); });
`, want: `import express, { Request, Response, NextFunction } from 'express';
const app = express();
app.use((err: Error, req: Request, res: Response, next: NextFunction) => { res.end(); });
`},
	})
}

// TestErrorMiddlewareArityGate: the rule runs only in a file that imports express,
// so a library that names express in a comment is not parsed for it; a use method in
// a subscript of a router required under another name still is.
func TestErrorMiddlewareArityGate(t *testing.T) {
	checkHandlerGate(t, ErrorMiddlewareArity, []handlerGateCase{
		{name: "subscript use on an aliased router", pkg: express4, reports: true,
			src: "const { Router: makeRouter } = require(\"node:express\");\nconst r = makeRouter();\nr['use']((err, req, res) => { res.status(500).end(); });\n"},
		{name: "ErrorRequestHandler from a type-only import", file: "app.ts", reports: true,
			src: "import type { ErrorRequestHandler } from 'express';\nexport const onError: ErrorRequestHandler = (err, req, res) => { res.status(500).end(); };\n"},
		{name: "express in a comment only", pkg: express4,
			src: expressInComments + "router.use((err, req, res) => { res.status(500).end(); });\n"},
	})
}
