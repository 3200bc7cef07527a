package rules

import "testing"

// netServer hands its callback a socket, not a request, and its licence's URL spells
// http: a listener it adds per connection is no listener added per request.
const netServer = "// See https://example.com/LICENSE\nconst net = require('net');\nconst bus = require('./bus');\n" +
	"net.createServer((socket) => {\n  bus.on('tick', () => socket.write('t'));\n}).listen(9000);\n"

// localServer names createServer, but its own: the function it hands over is no
// handler and its second parameter no response.
const localServer = "// See https://example.com/LICENSE\nconst { createServer } = require('./server');\n" +
	"createServer((job, out) => {\n  for (const row of job.rows) { out.write(row); }\n});\n"

// serving writes to a module's stream and its response in a loop from the handler
// that serve, a Node server factory, is handed.
const serving = "serve((req, res) => {\n  bus.on('tick', () => res.write('t'));\n  for (const row of rows) { res.write(row); }\n  res.end();\n}).listen(443);\n"

// TestNodeServerHandlerGates: outside an Express package, the rules that judge a
// handler's body see a Node server's handler only where the file names createServer
// and imports http or https, however the factory is bound (a renamed destructuring
// key from node:https in JS, a namespace import in TS); a net server, or a local
// function named createServer, in a file that spells http only in a URL, is not
// parsed for them.
func TestNodeServerHandlerGates(t *testing.T) {
	reported := []handlerGateCase{
		{name: "https createServer renamed (JS)", reports: true,
			src: "const { createServer: serve } = require(\"node:https\");\nconst bus = require('./bus');\n" + serving},
		{name: "http namespace import (TS)", file: "server.ts", reports: true,
			src: "import * as http from 'http';\nimport bus from './bus';\nconst serve = http.createServer;\n" + serving},
	}
	checkHandlerGate(t, ListenerAddedPerRequest, append(reported,
		handlerGateCase{name: "a net server", src: netServer},
		handlerGateCase{name: "a net server (TS)", file: "server.ts", src: netServer}))
	checkHandlerGate(t, WriteIgnoresBackpressure, append(reported,
		handlerGateCase{name: "a local createServer", src: localServer},
		handlerGateCase{name: "a local createServer (TS)", file: "server.ts", src: localServer}))
}
