package rules

import "testing"

func TestListenerAddedPerRequest(t *testing.T) {
	const head = "const express = require('express');\nconst EventEmitter = require('events');\nconst app = express();\nconst bus = new EventEmitter();\n"
	runCases(t, ListenerAddedPerRequest, []ruleCase{
		{name: "catalog positive", src: head + `app.get('/events', (req, res) => {
  bus.on('order', (o) => res.write(` + "`data: ${JSON.stringify(o)}\\n\\n`" + `));
});`, want: []string{"warning: bus.on"}},
		{name: "process listener", src: head + `app.post('/jobs', (req, res) => { process.on('SIGTERM', () => res.end()); res.json({}); });`, want: []string{"warning: process.on"}},
		{name: "imported emitter and mongoose.connection", file: "r.ts", src: `import { Router } from 'express';
import mongoose from 'mongoose';
import { events } from './events';
const r = Router();
r.get('/a', (req, res) => { events.addListener('x', () => res.end()); mongoose.connection.prependListener('error', () => res.end()); });`,
			want: []string{"warning: events.addListener", "warning: mongoose.connection.prependListener"}},
		{name: "once is information", src: head + `app.get('/wait', (req, res) => { bus.once('done', () => res.end()); });`, want: []string{"information: bus.once"}},
		{name: "redis client at module level", src: `const redis = require('redis');
const client = redis.createClient();
const app = require('express')();
app.get('/a', async (req, res) => { client.on('error', (e) => res.status(500).end()); res.json(await client.get('a')); });`, want: []string{"warning: client.on"}},
		{name: "catalog negative", src: head + `app.get('/events', (req, res) => {
  const onOrder = (o) => res.write('x');
  bus.on('order', onOrder);
  req.on('close', () => bus.off('order', onOrder));
});`},
		{name: "request-scoped emitters", src: head + `const fs = require('fs');
app.get('/a', (req, res) => {
  req.on('close', cleanup); res.on('finish', log);
  const s = fs.createReadStream('x'); s.on('error', () => res.end());
  const local = new EventEmitter(); local.on('x', () => {});
  s.pipe(res);
});`},
		{name: "signal option", src: head + `app.get('/a', (req, res) => { const ac = new AbortController(); bus.on('x', () => res.end(), { signal: ac.signal }); req.on('close', () => ac.abort()); });`},
		{name: "removeListener elsewhere in the handler", src: head + `app.get('/a', (req, res) => { bus.on('x', h); setTimeout(() => bus.removeListener('x', h), 1000); });`},
		{name: "startup code", src: head + `app.listen(3000, () => { process.on('SIGTERM', shutdown); bus.on('x', log); });
process.on('unhandledRejection', log);`},
		{name: "module-level let may be replaced per request", src: `const app = require('express')();
let job = null;
app.post('/a', (req, res) => { job = makeJob(); job.on('done', () => res.end()); });`},
		{name: "events static helpers", src: `const { EventEmitter } = require('events');
const app = require('express')();
app.get('/a', async (req, res) => { await EventEmitter.once(req, 'close'); });`},
		{name: "socket inside a connection handler", src: `const { Server } = require('socket.io');
const io = new Server();
io.on('connection', (socket) => { socket.on('msg', (m) => io.emit('msg', m)); });`},
		{name: "shadowed bus", src: head + `app.get('/a', (req, res) => { const bus = new EventEmitter(); bus.on('x', () => res.end()); });`},
	})
}

func TestListenerAddedPerRequestFixes(t *testing.T) {
	const head = "const express = require('express');\nconst EventEmitter = require('events');\nconst app = express();\nconst bus = new EventEmitter();\n"
	runFixes(t, ListenerAddedPerRequest, []fixCase{
		{name: "hoisted and removed on close", src: head + `app.get('/events', (req, res) => {
  res.writeHead(200);
  bus.on('order', (o) => res.write(JSON.stringify(o)));
});
`, want: head + `app.get('/events', (req, res) => {
  res.writeHead(200);
  const onOrder = (o) => res.write(JSON.stringify(o));
  bus.on('order', onOrder);
  req.on('close', () => bus.off('order', onOrder));
});
`},
		{name: "event name with dashes and a taken name", src: head + `app.get('/a', (request, response) => {
  const onJobDone = 1;
  bus.once('job-done', function () { response.end(); });
});
`, want: head + `app.get('/a', (request, response) => {
  const onJobDone = 1;
  const onJobDone2 = function () { response.end(); };
  bus.once('job-done', onJobDone2);
  request.on('close', () => bus.off('job-done', onJobDone2));
});
`},
	})
}

// TestListenerAddedPerRequestGate: the rule needs a handler, so it runs only in a
// file that imports express, fastify or koa, names a Node server factory, or (in an
// Express package) has a (req, res) pair in one parameter list; a file that names
// express or socket.io in a comment, or spells the two names in two lists, holds none.
func TestListenerAddedPerRequestGate(t *testing.T) {
	checkHandlerGate(t, ListenerAddedPerRequest, []handlerGateCase{
		{name: "fastify route in TypeScript", file: "app.ts", reports: true,
			src: "import Fastify from 'fastify';\nconst app = Fastify();\napp.get('/', async (request, reply) => { process.on('SIGTERM', () => reply.send()); return {}; });\n"},
		{name: "a node server's callback", reports: true,
			src: "const { createServer: serve } = require('node:http');\nserve((q, s) => { process.once('exit', () => s.end()); }).listen(3000);\n"},
		{name: "a default-valued request parameter in an Express package", pkg: express4, reports: true,
			src: expressInComments + "exports.watch = (req = {}, res) => { process.on('SIGTERM', () => res.end()); };\n"},
		{name: "a typed, destructured and multi-line handler in an Express package", file: "watch.ts", pkg: express4, reports: true,
			src: "export const watch = (\n  { body }: Request<{ id: string }, any>, // the request\n  res: Response,\n) => { process.on('SIGTERM', () => res.end(body)); };\nexport function hook(_req: Request<P, any>, _res) { process.on('exit', () => _res.end()); }\n"},
		{name: "optional untyped parameters in an Express package", file: "watch.ts", pkg: express4, reports: true,
			src: "export const watch = (req?, res?) => { process.on('SIGTERM', () => res.end()); };\n"},
		{name: "a request and a response in two lists in an Express package", pkg: express4,
			src: expressInComments + "exports.watch = (request, bus) => { process.on('SIGTERM', () => bus.emit(request)); };\nconst reply = { response: 1 };\n"},
		{name: "comments only", pkg: express4,
			src: expressInComments + "// and socket.io events\nexports.watch = (rq, rs) => { process.on('SIGTERM', () => rs.end()); };\n"},
		{name: "a local module whose path ends in fastify",
			src: "const app = require('../fastify')();\napp.get('/', async (request, reply) => { process.on('SIGTERM', () => reply.send()); });\n"},
		{name: "a fastify plugin that does not import fastify", file: "route.ts",
			src: "export default async function routes(app: any) {\n  app.get('/', async (request: unknown, reply: any) => { process.on('SIGTERM', () => reply.send()); });\n}\n"},
	})
}
