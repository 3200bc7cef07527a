package rules

import "testing"

func TestErrorHandlerLeaksDetails(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	runCases(t, ErrorHandlerLeaksDetails, []ruleCase{
		{name: "catalog positive", src: head + `app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ message: err.message || 'Internal Server Error' });
});`, want: []string{"information: err.message"}},
		{name: "stack and raw error", src: head + `function onError(error, req, res, next) {
  res.status(500).json({ error: error.message, stack: error.stack });
}
app.use(onError);
app.use((e, req, res, next) => res.send(e));`, want: []string{"information: error.message", "information: error.stack", "information: e"}},
		{name: "typed ErrorRequestHandler with a template", file: "e.ts", src: `import type { ErrorRequestHandler } from 'express';
export const onError: ErrorRequestHandler = (err, req, res, _next) => { res.status(500).send(` + "`Failed: ${err}`" + `); };`, want: []string{"information: err"}},
		{name: "String(err) and toString", src: head + `app.use((err, req, res, next) => { res.end(String(err)); });
app.use((err, req, res, next) => { res.end(err.toString()); });`, want: []string{"information: String(err)", "information: err.toString"}},
		{name: "catalog negative status guard", src: head + `app.use((err, req, res, next) => {
  if (res.headersSent) return next(err);
  const status = err.status ?? 500;
  res.status(status).json({ message: status < 500 ? err.message : 'Internal Server Error' });
});`},
		{name: "environment guards", src: head + `app.use((err, req, res, next) => { res.json({ message: err.message, stack: process.env.NODE_ENV === 'production' ? undefined : err.stack }); });
app.use((err, req, res, next) => { res.locals.error = req.app.get('env') === 'development' ? err : {}; res.status(500); res.render('error', { message: err.message }); });
app.use((err, req, res, next) => { res.status(500).json(config.isProduction ? { message: 'failed' } : { message: err.message }); });`},
		{name: "expose and instanceof", src: head + `app.use((err, req, res, next) => { res.status(err.status).json({ message: err.expose ? err.message : 'failed' }); });
app.use((err, req, res, next) => { if (err instanceof ValidationError) return res.status(400).json({ message: err.message }); res.sendStatus(500); });`},
		{name: "only logs", src: head + `app.use((err, req, res, next) => { logger.error(err.stack); res.status(500).json({ message: 'Internal Server Error' }); });`},
		{name: "not an error handler", src: head + `app.get('/x', (req, res) => { try { a(); } catch (err) { res.status(500).json({ message: err.message }); } });`},
		{name: "heuristic without express dependency", pkg: `{"name":"x"}`, src: `module.exports = (err, req, res, next) => res.status(500).json({ message: err.message });`},
		{name: "heuristic with express dependency", pkg: express4, src: `module.exports = (err, req, res, next) => res.status(500).json({ message: err.message });`, want: []string{"information: err.message"}},
	})
}

func TestErrorHandlerLeaksDetailsFixes(t *testing.T) {
	const head = "const express = require('express');\nconst app = express();\n"
	runFixes(t, ErrorHandlerLeaksDetails, []fixCase{
		{name: "message guarded by status", src: head + `app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ message: err.message });
});
`, want: head + `app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ message: ((err.status || err.statusCode) < 500 ? err.message : 'Internal Server Error') });
});
`},
	})
}

func TestErrorHandlerLeaksDetailsNoFixForTypedError(t *testing.T) {
	findings, _ := check(t, ErrorHandlerLeaksDetails, "e.ts", "", `import express, { Request, Response, NextFunction } from 'express';
const app = express();
app.use((err: Error, req: Request, res: Response, next: NextFunction) => { res.status(500).json({ message: err.message }); });`)
	if len(findings) != 1 || findings[0].Fix != nil {
		t.Fatalf("want one finding without a fix, got %+v", findings)
	}
}

// TestErrorHandlerLeaksDetailsGate: the rule judges Express error handlers only, so a
// file runs it when it imports express or, in an Express package, spells a (req, res)
// pair where an error handler has it (after err, before next), both in one parameter
// list. Elsewhere such a pair is no handler, and a file that names express only in a
// comment, has only (req, res) handlers, or has a request and a response in two lists
// is not parsed for it.
func TestErrorHandlerLeaksDetailsGate(t *testing.T) {
	const leak = "res.status(500).json({ message: err.message });"
	checkHandlerGate(t, ErrorHandlerLeaksDetails, []handlerGateCase{
		{name: "typed error handler", file: "errors.ts", reports: true,
			src: "import type { ErrorRequestHandler } from 'express';\nexport const onError: ErrorRequestHandler = (e, rq, rs, nx) => { rs.status(500).json({ message: e.message }); };\n"},
		{name: "a (req, res) pair in an Express package", pkg: express4, reports: true,
			src: "module.exports = (err, req, res, next) => { " + leak + " };\n"},
		{name: "an optional request parameter in an Express package", file: "errors.ts", pkg: express4, reports: true,
			src: "export default (err: Error, _req?: any, res?: any, next?: any) => { " + leak + " };\n"},
		{name: "an error handler's optional untyped parameters", file: "errors.ts", pkg: express4, reports: true,
			src: "export default (err, req?, res?, next?) => { " + leak + " };\n"},
		{name: "an error handler's parameters on lines of their own", pkg: express4, reports: true,
			src: "module.exports = function onError(\n  err,\n  req,\n  res,\n  next\n) {\n  " + leak + "\n};\n"},
		{name: "an error handler's parameters typed with generics, one to a line", file: "errors.ts", pkg: express4, reports: true,
			src: "import type { Request, Response } from './http';\nexport const onError = (\n  err: HttpError,\n  req: Request<{ id: string }, unknown>,\n  res: Response<{ message: string }>,\n  next: () => void,\n) => {\n  " + leak + "\n};\n"},
		{name: "a comment before the response's name", pkg: express4, reports: true,
			src: "module.exports = function (err, req, /* the response: */ res, next) { " + leak + " };\n"},
		{name: "a request and a response in two lists", pkg: express4,
			src: "function run(err, request, auth) { return handle(err, request, auth); }\nasync function find(query) { const out = { response: await query(), status: 200 }; return out; }\nfunction reply(res, out) { res.json(out); }\n"},
		{name: "the response in a later call of the same statement", pkg: express4,
			src: "exports.fail = (err, rq, rs, nx) => log(err, req, 1) || rs.status(500).json(wrap(res, err.message));\n"},
		{name: "a (req, res) handler that is not an error handler", pkg: express4,
			src: "exports.show = (req, res) => res.json({ ok: true });\nfunction fail(error, reply) { reply.send({ message: error.message }); }\n"},
		{name: "a (req, res) pair outside an Express package",
			src: expressInComments + "module.exports = (err, req, res, next) => { " + leak + " };\n"},
		{name: "express in a comment only, no request pair", pkg: express4,
			src: expressInComments + "module.exports = (err, rq, rs, nx) => { rs.status(500).json({ message: err.message }); };\n"},
		{name: "express in a comment only, TypeScript", file: "errors.ts",
			src: expressInComments + "export function fail(err: Error, reply: Reply) { reply.send({ message: err.message }); }\n"},
	})
}
