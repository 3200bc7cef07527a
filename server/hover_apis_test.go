package server

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// instances says how a snippet makes a value of each instance type: code that
// declares it, the name to use, and optionally a wrapper for code that only makes
// sense inside a callback (`%s` is where the member access goes).
var instances = map[string]struct{ setup, name, wrap string }{
	"express.app":           {"const express = require('express');\nconst app = express();\n", "app", ""},
	"express.router":        {"const { Router } = require('express');\nconst router = Router();\n", "router", ""},
	"express.request":       {"const app = require('express')();\n", "req", "app.get('/', (req, res) => {\n  %s;\n});\n"},
	"express.response":      {"const app = require('express')();\n", "res", "app.get('/', (req, res) => {\n  %s;\n});\n"},
	"events.emitter":        {"const EventEmitter = require('events');\nconst em = new EventEmitter();\n", "em", ""},
	"http.server":           {"const http = require('node:http');\nconst server = http.createServer();\n", "server", ""},
	"redis.client":          {"const { createClient } = require('redis');\nconst client = createClient();\n", "client", ""},
	"ioredis.client":        {"import Redis from 'ioredis';\nconst redis = new Redis();\n", "redis", ""},
	"mongoose.model":        {"const mongoose = require('mongoose');\nconst User = mongoose.model('User', schema);\n", "User", ""},
	"mongoose.query":        {"const mongoose = require('mongoose');\nconst User = mongoose.model('User', schema);\nconst q = User.find();\n", "q", ""},
	"mongoose.schema":       {"import { Schema } from 'mongoose';\nconst schema = new Schema({});\n", "schema", ""},
	"mongoose.session":      {"const mongoose = require('mongoose');\n", "session", "async function f() {\n  const session = await mongoose.startSession();\n  %s;\n}\n"},
	"mongodb.client":        {"const { MongoClient } = require('mongodb');\nconst client = new MongoClient(url);\n", "client", ""},
	"mongodb.db":            {"const { MongoClient } = require('mongodb');\nconst db = new MongoClient(url).db('app');\n", "db", ""},
	"mongodb.collection":    {"const { MongoClient } = require('mongodb');\nconst col = new MongoClient(url).db('app').collection('users');\n", "col", ""},
	"mongodb.cursor":        {"const { MongoClient } = require('mongodb');\nconst cur = new MongoClient(url).db('app').collection('users').find({});\n", "cur", ""},
	"mongodb.session":       {"const { MongoClient } = require('mongodb');\nconst session = new MongoClient(url).startSession();\n", "session", ""},
	"bull.queue":            {"const Queue = require('bull');\nconst queue = new Queue('mail');\n", "queue", ""},
	"bull.job":              {"const Queue = require('bull');\nconst queue = new Queue('mail');\n", "job", "queue.process(async (job) => {\n  %s;\n});\n"},
	"bullmq.queue":          {"const { Queue } = require('bullmq');\nconst queue = new Queue('mail');\n", "queue", ""},
	"bullmq.worker":         {"const { Worker } = require('bullmq');\nconst worker = new Worker('mail', async () => {});\n", "worker", ""},
	"bullmq.job":            {"const { Worker } = require('bullmq');\n", "job", "new Worker('mail', async (job) => {\n  %s;\n});\n"},
	"socket.io.server":      {"const { Server } = require('socket.io');\nconst io = new Server(3000);\n", "io", ""},
	"socket.io.socket":      {"const { Server } = require('socket.io');\nconst io = new Server(3000);\n", "socket", "io.on('connection', (socket) => {\n  %s;\n});\n"},
	"amqplib.connection":    {"const amqp = require('amqplib');\n", "conn", "async function f() {\n  const conn = await amqp.connect(url);\n  %s;\n}\n"},
	"amqplib.channel":       {"const amqp = require('amqplib');\n", "ch", "async function f() {\n  const conn = await amqp.connect(url);\n  const ch = await conn.createChannel();\n  %s;\n}\n"},
	"kafkajs.kafka":         {"const { Kafka } = require('kafkajs');\nconst kafka = new Kafka({});\n", "kafka", ""},
	"kafkajs.producer":      {"const { Kafka } = require('kafkajs');\nconst producer = new Kafka({}).producer();\n", "producer", ""},
	"kafkajs.consumer":      {"const { Kafka } = require('kafkajs');\nconst consumer = new Kafka({}).consumer({});\n", "consumer", ""},
	"pg.pool":               {"const { Pool } = require('pg');\nconst pool = new Pool();\n", "pool", ""},
	"pg.client":             {"import pg from 'pg';\nconst client = new pg.Client();\n", "client", ""},
	"prom-client.counter":   {"const client = require('prom-client');\nconst c = new client.Counter({});\n", "c", ""},
	"prom-client.gauge":     {"const client = require('prom-client');\nconst g = new client.Gauge({});\n", "g", ""},
	"prom-client.histogram": {"const client = require('prom-client');\nconst h = new client.Histogram({});\n", "h", ""},
	"prom-client.summary":   {"const client = require('prom-client');\nconst s = new client.Summary({});\n", "s", ""},
	"prom-client.registry":  {"const { Registry } = require('prom-client');\nconst reg = new Registry();\n", "reg", ""},
	"multer.upload":         {"const multer = require('multer');\nconst upload = multer();\n", "upload", ""},
	"cluster.worker":        {"const cluster = require('node:cluster');\nconst worker = cluster.fork();\n", "worker", ""},
	"child_process.child":   {"const { spawn } = require('child_process');\nconst child = spawn('ls');\n", "child", ""},
	"worker_threads.worker": {"const { Worker } = require('worker_threads');\nconst w = new Worker('./w.js');\n", "w", ""},
	"stream.readable":       {"const fs = require('fs');\nconst rs = fs.createReadStream('a');\n", "rs", ""},
	"stream.writable":       {"import fs from 'fs';\nconst ws = fs.createWriteStream('a');\n", "ws", ""},
	"stream.transform":      {"const zlib = require('zlib');\nconst gz = zlib.createGzip();\n", "gz", ""},
	"stream.duplex":         {"const { Duplex } = require('stream');\nconst d = new Duplex();\n", "d", ""},
	"crypto.cipher":         {"const crypto = require('crypto');\nconst c = crypto.createCipheriv('aes-256-gcm', key, iv);\n", "c", ""},
	"crypto.decipher":       {"const crypto = require('crypto');\nconst d = crypto.createDecipheriv('aes-256-gcm', key, iv);\n", "d", ""},
	"crypto.hash":           {"import { createHash } from 'node:crypto';\nconst h = createHash('sha256');\n", "h", ""},
	"crypto.hmac":           {"const crypto = require('crypto');\nconst h = crypto.createHmac('sha256', key);\n", "h", ""},
}

// globalAPIs are used without any import.
var globalAPIs = map[string]string{
	"timers.setTimeout": "setTimeout", "timers.setInterval": "setInterval", "timers.setImmediate": "setImmediate",
	"timers.clearTimeout": "clearTimeout", "timers.clearInterval": "clearInterval", "timers.clearImmediate": "clearImmediate",
	"queueMicrotask": "queueMicrotask", "buffer.Buffer": "Buffer",
}

var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// snippet writes code that uses api through one of the resolver's import forms
// (rotated by n) and returns it with the expression whose last segment to hover.
func snippet(api string, n int) (code, expr string, ok bool) {
	if name, isGlobal := globalAPIs[api]; isGlobal {
		return name + "(() => {});\n", name, true
	}
	if strings.HasPrefix(api, "process.") {
		return api + ";\n", api, true
	}
	for typ, inst := range instances {
		if member, found := strings.CutPrefix(api, typ+"."); found {
			use := inst.name + "." + member
			body := use + ";\n"
			if inst.wrap != "" {
				body = fmt.Sprintf(inst.wrap, use)
			}
			return inst.setup + body, use, true
		}
	}
	// A module or one of its members. Modules may contain dots (socket.io): the
	// longest known prefix that makes a valid path wins.
	module, path := api, ""
	for i := strings.LastIndex(api, "."); i > 0; i = strings.LastIndex(api[:i], ".") {
		if instances[api[:i]].name == "" && !strings.Contains(api[i+1:], "/") {
			module, path = api[:i], api[i+1:]
			if moduleLike(module) {
				break
			}
		}
	}
	local := localName(module)
	if path == "" {
		if n%2 == 0 {
			return "import " + local + " from '" + module + "';\n" + local + "();\n", local, true
		}
		return "const " + local + " = require('" + module + "');\n" + local + "();\n", local, true
	}
	first, rest, _ := strings.Cut(path, ".")
	switch {
	case n%4 == 0:
		return "const " + local + " = require('" + module + "');\n" + local + "." + path + ";\n", local + "." + path, true
	case n%4 == 1:
		return "import * as " + local + " from '" + module + "';\n" + local + "." + path + ";\n", local + "." + path, true
	case identifier.MatchString(first) && n%4 == 2:
		use := first
		if rest != "" {
			use += "." + rest
		}
		return "import { " + first + " } from '" + module + "';\n" + use + ";\n", use, true
	default:
		use := "alias"
		if rest != "" {
			use += "." + rest
		}
		return "const { " + first + ": alias } = require('" + module + "');\n" + use + ";\n", use, identifier.MatchString(first)
	}
}

// moduleLike: the part before the path is the module when it is not itself a
// member of a shorter module name (socket.io vs process.env).
func moduleLike(m string) bool {
	return !strings.Contains(m, ".") || m == "socket.io"
}

func localName(module string) string {
	var b strings.Builder
	for i, r := range strings.TrimPrefix(module, "@") {
		if r == '-' || r == '/' || r == '.' || r == '@' {
			r = '_'
		}
		if i == 0 && r >= '0' && r <= '9' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestHoverOnEveryEntryAPI opens a snippet per API of the knowledge base, in JS and TS
// alternately, and hovers the API: the hover must name it and show its entry.
func TestHoverOnEveryEntryAPI(t *testing.T) {
	s := New(Options{Name: "nodecoach"})
	s.markdownHover = true
	s.pullDiags = true // nothing is pushed: the test has no client connection
	ctx := context.Background()
	hovered := 0
	n := 0
	for _, e := range entries.All() {
		for _, api := range e.APIs {
			n++
			code, expr, ok := snippet(api, n)
			if !ok {
				t.Errorf("no snippet form for %s", api)
				continue
			}
			lang, ext := "javascript", ".js"
			if n%2 == 1 {
				lang, ext = "typescript", ".ts"
			}
			docURI := uri.URI(fmt.Sprintf("untitled:api-%d%s", n, ext))
			if err := s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: docURI, LanguageID: protocol.LanguageKind(lang), Version: 1, Text: code}}); err != nil {
				t.Fatal(err)
			}
			at := strings.LastIndex(code, expr) + len(expr) - 1 // on the last character of the API's name
			pos := source.NewLines([]byte(code)).Position(at, source.UTF16)
			h, err := s.Hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: docURI}, Position: protocol.Position{Line: pos.Line, Character: pos.Character},
			}})
			s.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: docURI}})
			if err != nil || h == nil {
				t.Errorf("%s: no hover (%v) on %q in:\n%s", api, err, expr, code)
				continue
			}
			value := h.Contents.(*protocol.MarkupContent).Value
			if !strings.Contains(value, "`"+api+"`") || !strings.Contains(value, e.Title) {
				t.Errorf("%s: the hover does not show its entry %q:\n%s\n--- code:\n%s", api, e.ID, value, code)
				continue
			}
			hovered++
		}
	}
	if hovered < 150 {
		t.Errorf("hover worked on %d APIs, want at least 150", hovered)
	}
	t.Logf("hover shows the entry for %d of %d APIs", hovered, n)
}
