package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// RedisClientNotConnected flags node-redis v4+ clients that are never connected, or
// have no 'error' listener (see docs/rules.md#redis-client-not-connected).
var RedisClientNotConnected = &analysis.Rule{
	Name:  "redis-client-not-connected",
	Entry: "redis-node",
	Doc: `Flags a node-redis v4+ createClient() that this file never connects, and (as information) one with no 'error' listener.

Since v4 createClient() does not connect by itself: every command rejects with
ClientClosedError: The client is closed until client.connect() resolves. And a client
emits 'error' when the connection drops; an EventEmitter 'error' with no listener
throws, which crashes the process. The rule needs the redis version from
package.json (4 or later) or @redis/client; it stays silent when the client is
exported, returned, aliased or handed to another function, which may connect it
elsewhere.
ioredis connects by itself and is not flagged.
It runs only in files that name createClient and import @redis/client, or redis in
a package that depends on it; it records no fact for other files.
Use instead: client.on('error', (err) => console.error('redis', err)); await client.connect();`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Needles:  mentions(importNeedles("@redis/client")...).InPackagesOf("redis", importNeedles("redis")...),
	Calls:    []string{"redis.createClient", "@redis/client.createClient"},
	Run:      runRedisClientNotConnected,
}

func runRedisClientNotConnected(pass *analysis.Pass, create *sitter.Node) {
	callee := pass.Resolver.Callee(create)
	if !callee.Is("redis.createClient") && !callee.Is("@redis/client.createClient") {
		return
	}
	if major := secRedisMajor(pass, callee.Module); major < 4 {
		return
	}
	// Walk up `createClient(...).on('error', h).connect()`.
	top, connected, listens := create, false, false
	for {
		call, mem := syntax.ChainedCall(top)
		if call == nil {
			break
		}
		switch pass.Text(syntax.Field(mem, syntax.FieldProperty)) {
		case "connect":
			connected = true
		case "on", "once":
			listens = listens || isErrorEvent(pass, call)
		default:
			return // something else is done with the client right away
		}
		top = call
	}
	ref := secRefOf(pass, top)
	if ref == nil {
		return // not kept in a variable: exported, returned or passed on
	}
	if (ref.member == "" && secExported(pass, pass.Text(ref.id))) || ref.escapes(pass) {
		return // another file or function may connect it
	}
	connected = connected || len(ref.calls(pass, "connect")) > 0
	for _, c := range ref.calls(pass, "on", "once", "addListener") {
		listens = listens || isErrorEvent(pass, c)
	}
	stmt := syntax.Statement(top)
	name := ref.text(pass)
	at := syntax.Field(create, syntax.FieldFunction)
	if !connected {
		var fix *analysis.Fix
		if stmt != nil {
			fix = &analysis.Fix{Title: "Connect the client", Edits: []analysis.Edit{secInsertAfter(pass, stmt, connectLine(pass, stmt, name))}}
		}
		pass.ReportNode(at, 0, "this node-redis client is never connected: commands fail with ClientClosedError until "+name+".connect()", fix)
	}
	if !listens {
		var fix *analysis.Fix
		if stmt != nil {
			fix = &analysis.Fix{Title: "Log client errors", Edits: []analysis.Edit{secInsertAfter(pass, stmt, name+".on('error', (err) => console.error('redis', err));")}}
		}
		pass.ReportNode(at, analysis.Information, "this redis client has no 'error' listener: a dropped connection emits 'error' and crashes the process", fix)
	}
}

func isErrorEvent(pass *analysis.Pass, call *sitter.Node) bool {
	args := secArgs(call)
	if len(args) == 0 {
		return false
	}
	s, ok := syntax.StringValue(args[0], pass.File.Src)
	return ok && s == "error"
}

// connectLine awaits connect() where await is allowed (an async function, or the top
// of an ES module outside TypeScript), and catches its rejection elsewhere.
func connectLine(pass *analysis.Pass, stmt *sitter.Node, name string) string {
	fn := syntax.EnclosingFunction(stmt)
	if (fn != nil && syntax.IsAsync(fn)) || (fn == nil && usesESM(pass) && !secIsTS(pass)) {
		return "await " + name + ".connect();"
	}
	return name + ".connect().catch((err) => console.error('redis connect', err));"
}
