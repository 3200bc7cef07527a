package resolve

import (
	"context"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// parse builds a resolver for src; the tree is closed when the test ends.
func parse(t *testing.T, lang syntax.Language, src string) (*Resolver, *sitter.Tree) {
	t.Helper()
	tree, err := syntax.Parse(context.Background(), lang, []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tree.Close)
	return Build(tree.RootNode(), []byte(src), nil, Options{Express: true}), tree
}

// nodeAt returns the named node spanning exactly the last occurrence of expr.
func nodeAt(t *testing.T, tree *sitter.Tree, src, expr string) *sitter.Node {
	t.Helper()
	i := strings.LastIndex(src, expr)
	if i < 0 {
		t.Fatalf("%q not in source", expr)
	}
	n := tree.RootNode().NamedDescendantForByteRange(uint(i), uint(i+len(expr)))
	for n != nil && (n.StartByte() != uint(i) || n.EndByte() != uint(i+len(expr))) {
		n = n.Parent()
	}
	if n == nil {
		t.Fatalf("no node spans %q", expr)
	}
	return n
}

func TestResolveBindingForms(t *testing.T) {
	cases := []struct {
		name string
		lang syntax.Language
		src  string
		expr string
		want string
	}{
		{"cjs default", syntax.JavaScript, "const fs = require('fs');\nfs.readFileSync('a')", "fs.readFileSync", "fs.readFileSync"},
		{"cjs let and node prefix", syntax.JavaScript, "let fs = require('node:fs');\nfs.readFileSync('a')", "fs.readFileSync", "fs.readFileSync"},
		{"cjs var", syntax.JavaScript, "var fs = require('fs'); fs.statSync('a')", "fs.statSync", "fs.statSync"},
		{"cjs member", syntax.JavaScript, "const rfs = require('fs').readFileSync; rfs('a')", "rfs", "fs.readFileSync"},
		{"cjs destructure", syntax.JavaScript, "const { readFileSync } = require('node:fs'); readFileSync('a')", "readFileSync", "fs.readFileSync"},
		{"cjs destructure alias", syntax.JavaScript, "const { readFileSync: slurp } = require('node:fs'); slurp('a')", "slurp", "fs.readFileSync"},
		{"cjs destructure promises", syntax.JavaScript, "const { promises: fsp } = require('fs'); fsp.readFile('a')", "fsp.readFile", "fs/promises.readFile"},
		{"cjs destructure default value", syntax.JavaScript, "const { readFileSync = null } = require('fs'); readFileSync('a')", "readFileSync", "fs.readFileSync"},
		{"cjs inline", syntax.JavaScript, "require('fs').readFileSync(p)", "require('fs').readFileSync", "fs.readFileSync"},
		{"fs.promises member", syntax.JavaScript, "const fs = require('fs'); fs.promises.readFile('a')", "fs.promises.readFile", "fs/promises.readFile"},
		{"require().promises", syntax.JavaScript, "const fsp = require('fs').promises; fsp.readFile('a')", "fsp.readFile", "fs/promises.readFile"},
		{"subpath kept", syntax.JavaScript, "const fsp = require('node:fs/promises'); fsp.readFile('a')", "fsp.readFile", "fs/promises.readFile"},
		{"esm default", syntax.JavaScript, "import fs from 'fs';\nfs.readFileSync('a')", "fs.readFileSync", "fs.readFileSync"},
		{"esm namespace", syntax.JavaScript, "import * as fs from 'node:fs';\nfs.readFileSync('a')", "fs.readFileSync", "fs.readFileSync"},
		{"esm named alias", syntax.JavaScript, "import { readFileSync as rfs } from 'fs';\nrfs('a')", "rfs", "fs.readFileSync"},
		{"esm mixed default", syntax.JavaScript, "import fs, { readFile } from 'fs';\nfs.readFileSync('a')", "fs.readFileSync", "fs.readFileSync"},
		{"esm mixed named", syntax.JavaScript, "import fs, { readFile } from 'fs';\nreadFile('a')", "readFile", "fs.readFile"},
		{"ts import equals", syntax.TypeScript, "import fs = require('fs');\nfs.readFileSync('a')", "fs.readFileSync", "fs.readFileSync"},
		{"ts esm named", syntax.TypeScript, "import { readFileSync } from 'node:fs';\nconst x: string = readFileSync('a', 'utf8')", "readFileSync", "fs.readFileSync"},
		{"tsx namespace", syntax.TSX, "import * as fs from 'fs';\nexport const C = () => <div>{fs.readFileSync('a')}</div>", "fs.readFileSync", "fs.readFileSync"},
		{"dynamic import destructure", syntax.JavaScript, "async function f() { const { readFileSync } = await import('fs'); readFileSync('a') }", "readFileSync", "fs.readFileSync"},
		{"dynamic import namespace", syntax.JavaScript, "async function f() { const fs = await import('node:fs'); fs.readFileSync('a') }", "fs.readFileSync", "fs.readFileSync"},
		{"createRequire", syntax.JavaScript, "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst fs = require('fs');\nfs.readFileSync('a')", "fs.readFileSync", "fs.readFileSync"},
		{"string subscript", syntax.JavaScript, "const fs = require('fs'); fs['readFileSync']('a')", "fs['readFileSync']", "fs.readFileSync"},
		{"optional chaining", syntax.JavaScript, "const fs = require('fs'); fs?.readFileSync('a')", "fs?.readFileSync", "fs.readFileSync"},
		{"ts non-null and as", syntax.TypeScript, "import fs from 'fs';\n(fs as any)!.readFileSync('a')", "(fs as any)!.readFileSync", "fs.readFileSync"},
		{"simple alias", syntax.JavaScript, "const fs = require('fs'); const f = fs; f.readFileSync('a')", "f.readFileSync", "fs.readFileSync"},
		{"global process", syntax.JavaScript, "process.nextTick(() => {})", "process.nextTick", "process.nextTick"},
		{"global timer", syntax.JavaScript, "setImmediate(() => {})", "setImmediate", "timers.setImmediate"},
		{"express app", syntax.JavaScript, "const express = require('express'); const app = express(); app.get('/', h)", "app.get", "express.app.get"},
		{"express router", syntax.JavaScript, "const express = require('express'); const r = express.Router(); r.post('/', h)", "r.post", "express.router.post"},
		{"named Router", syntax.TypeScript, "import { Router } from 'express';\nconst r = Router();\nr.use(h)", "r.use", "express.router.use"},
		{"router via require member", syntax.JavaScript, "const Router = require('express').Router; const r = Router(); r.get('/', h)", "r.get", "express.router.get"},
		{"route chain", syntax.JavaScript, "const app = require('express')(); app.route('/a').get(h)", "app.route('/a').get", "express.route.get"},
		{"event emitter", syntax.JavaScript, "const EventEmitter = require('events'); const e = new EventEmitter(); e.on('x', f)", "e.on", "events.emitter.on"},
		{"named EventEmitter", syntax.JavaScript, "import { EventEmitter } from 'node:events';\nconst e = new EventEmitter();\ne.emit('x')", "e.emit", "events.emitter.emit"},
		{"redis client", syntax.JavaScript, "const { createClient } = require('redis'); const c = createClient(); c.set('k', 'v')", "c.set", "redis.client.set"},
		{"cors call", syntax.JavaScript, "const cors = require('cors'); app.use(cors())", "cors", "cors"},
		{"default specifier", syntax.JavaScript, "import { default as cors } from 'cors';\ncors()", "cors", "cors"},

		{"express response param", syntax.JavaScript, "const app = require('express')();\napp.get('/', (req, res) => res.redirect('/a'))", "res.redirect", "express.response.redirect"},
		{"error middleware params", syntax.JavaScript, "const app = require('express')();\napp.use((err, req, res, next) => res.status(500))", "res.status", "express.response.status"},
		{"typed response param", syntax.TypeScript, "import { Response } from 'express';\nexport function f(r: Response) { r.cookie('a', 'b') }", "r.cookie", "express.response.cookie"},
		{"typed router param", syntax.TypeScript, "import { Router } from 'express';\nexport function routes(r: Router) { r.get('/', h) }", "r.get", "express.router.get"},
		{"mongoose model and query", syntax.JavaScript, "const mongoose = require('mongoose');\nconst User = mongoose.model('User', s);\nUser.find().skip(10)", "User.find().skip", "mongoose.query.skip"},
		{"mongoose schema", syntax.JavaScript, "const { Schema } = require('mongoose');\nconst s = new Schema({});\ns.index({ a: 1 })", "s.index", "mongoose.schema.index"},
		{"mongodb collection", syntax.JavaScript, "const { MongoClient } = require('mongodb');\nconst c = new MongoClient(u);\nc.db('x').collection('y').createIndex({})", "c.db('x').collection('y').createIndex", "mongodb.collection.createIndex"},
		{"awaited amqplib channel", syntax.JavaScript, "const amqp = require('amqplib');\nasync function f() { const conn = await amqp.connect(u); const ch = await conn.createChannel(); ch.sendToQueue('q', b) }", "ch.sendToQueue", "amqplib.channel.sendToQueue"},
		{"bullmq worker job", syntax.JavaScript, "const { Worker } = require('bullmq');\nnew Worker('q', async job => { job.updateProgress(1) })", "job.updateProgress", "bullmq.job.updateProgress"},
		{"socket.io connection socket", syntax.JavaScript, "const { Server } = require('socket.io');\nconst io = new Server(srv);\nio.on('connection', socket => { socket.join('r') })", "socket.join", "socket.io.socket.join"},
		{"ioredis default import", syntax.TypeScript, "import Redis from 'ioredis';\nconst r = new Redis();\nr.incr('k')", "r.incr", "ioredis.client.incr"},
		{"prom-client counter", syntax.JavaScript, "const client = require('prom-client');\nconst c = new client.Counter({});\nc.inc()", "c.inc", "prom-client.counter.inc"},
		{"multer upload", syntax.JavaScript, "const multer = require('multer');\nconst upload = multer();\napp.post('/', upload.single('f'))", "upload.single", "multer.upload.single"},
		{"read stream", syntax.JavaScript, "const fs = require('fs');\nfs.createReadStream('a').pipe(out)", "fs.createReadStream('a').pipe", "stream.readable.pipe"},
		{"non-handler param stays local", syntax.JavaScript, "function f(res) { res.redirect('/a') }", "res.redirect", ""},

		// Negatives: nothing bound to a module resolves to nothing.
		{"local function", syntax.JavaScript, "function readFileSync() {}\nreadFileSync('a')", "readFileSync", ""},
		{"unbound name", syntax.JavaScript, "readFileSync('a')", "readFileSync", ""},
		{"param shadows", syntax.JavaScript, "const fs = require('fs');\nfunction f(fs) { fs.readFileSync('a') }", "fs.readFileSync", ""},
		{"inner declaration shadows", syntax.JavaScript, "const fs = require('fs');\nfunction f() { const fs = mock(); fs.readFileSync('a') }", "fs.readFileSync", ""},
		{"block let shadows", syntax.JavaScript, "import { readFileSync } from 'fs';\nif (x) { let readFileSync = g; readFileSync('a') }", "readFileSync", ""},
		{"catch param shadows", syntax.JavaScript, "const fs = require('fs');\ntry {} catch (fs) { fs.readFileSync('a') }", "fs.readFileSync", ""},
		{"destructured param shadows", syntax.TypeScript, "import fs from 'fs';\nconst f = ({ fs }: any) => fs.readFileSync('a')", "fs.readFileSync", ""},
		{"shadowing ends with block", syntax.JavaScript, "const fs = require('fs');\nfunction f(fs) {}\nfs.readFileSync('a')", "fs.readFileSync", "fs.readFileSync"},
		{"computed key", syntax.JavaScript, "const fs = require('fs'); fs[name]('a')", "fs[name]", ""},
		{"type-only import has no value", syntax.TypeScript, "import type fs from 'fs';\nfs.readFileSync('a')", "fs.readFileSync", ""},
		{"shadowed require", syntax.JavaScript, "function f(require) { require('fs').readFileSync('a') }", "require('fs').readFileSync", ""},
		{"non-literal require", syntax.JavaScript, "const fs = require(name); fs.readFileSync('a')", "fs.readFileSync", ""},
		{"cycle", syntax.JavaScript, "var a = b; var b = a; a.readFileSync()", "a.readFileSync", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, tree := parse(t, tc.lang, tc.src)
			got := r.Value(nodeAt(t, tree, tc.src, tc.expr)).Canonical()
			if got != tc.want {
				t.Errorf("%s resolved to %q, want %q", tc.expr, got, tc.want)
			}
		})
	}
}

func TestStringsAndCommentsResolveNothing(t *testing.T) {
	src := "const fs = require('fs');\n// fs.readFileSync('a')\nconst s = \"fs.readFileSync('a')\";\n"
	r, _ := parse(t, syntax.JavaScript, src)
	for _, call := range r.Nodes("call_expression") {
		if got := r.Callee(call).Canonical(); got == "fs.readFileSync" {
			t.Errorf("a call in a comment or string resolved to %s", got)
		}
	}
	if n := len(r.Nodes("call_expression")); n != 1 {
		t.Errorf("want only the require call collected, got %d calls", n)
	}
}

func TestProducible(t *testing.T) {
	cases := map[string]bool{
		"fs.readFileSync": true, "fs/promises.readFile": true, "cors": true, "express.app.get": true,
		"express.response.redirect": true, "mongoose.query.skip": true, "socket.io.socket.join": true,
		"queueMicrotask": true, "timers.setImmediate": true, "redis.client.set": true,
		"leftpad.pad": false, "express.app": true, "express.nothing.get": true, "": false, "fs.": false,
		"mongoose.widget.x": true, "unknown.client.set": false,
	}
	for api, want := range cases {
		if got := Producible(api); got != want {
			t.Errorf("Producible(%q) = %v, want %v", api, got, want)
		}
	}
}
