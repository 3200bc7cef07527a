package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// NoSyncFSInHandler flags synchronous fs calls on the request path (see docs/rules.md#no-sync-fs-in-handler).
var NoSyncFSInHandler = requestPathRule(&analysis.Rule{
	Name:  "no-sync-fs-in-handler",
	Entry: "sync-vs-async-io",
	Doc: `Flags synchronous fs calls (readFileSync, writeFileSync, ...) on the request path.

A *Sync call blocks the one thread that runs JavaScript until the disk answers, so
every other request waits behind it.

Warning (information for existsSync, a cheap stat): the call is on the request path.
A function is on the request path when:
- it is a request handler, or a method of a controller class a framework routes
  requests to (routing-controllers, NestJS, inversify-express-utils, tsoa);
- it is a listener a connection callback registers on its connection
  (io.on('connection', socket => socket.on('install', fn)), socket.io, ws, net): it
  answers one client's message on the event loop every HTTP request shares, so it
  is on the request path as much as a handler (the connection callback's own body
  runs once a connection and is not);
- a function on the request path of another file of the package calls it: an
  imported function (named, default or namespace import, require, exports.x or
  module.exports = {...}), a property of a default-exported object, a static method
  (App.findAll()), a method of an instance of an imported class (new Svc().run(), or
  this.svc.run() where the class declares svc with that class as its type, even
  one imported as a type only), or a method of a value an imported function returns
  (getSettings().save()): those last ones match a method of that name in any class
  of the imported module;
- a method of a service built on a prototype, called through an injected object:
  System.prototype.scan = scan (scan imported from a module of the package) makes
  gladys.system.scan() in a handler a call of that module's scan, when the receiver
  is a property of a parameter (or of this) that nothing resolves, the package has
  exactly one prototype assignment of that method name, the name is not a
  built-in object's method (get, map, then, on, send, start...), and the package
  depends on express (prototype assignments are read only there);
- one more hop across files: a handler calls a service of a second file, whose
  exported function calls the function in a third;
- or it is a helper of this file (a function, or a class method called through this
  or its class name) that a function on the request path calls, up to three helpers
  deep: it runs for those requests even if startup also calls it. Its calls of
  itself (recursion) do not count. A helper that is exported or passed on counts
  only through the other files' calls, and a call memoised or skipped in production
  as below does not count. A function declared inside another is reached through
  the outer one: only a top-level function is another module's export.
A file whose answer depends on other files is checked again once their facts are
known (check, and the language server when a caller's file changes).

Hint, only with "asyncContext": "hint": the call runs in another async function, in
a package that serves HTTP (it depends on express, fastify, koa, hapi, @nestjs/core,
restify or polka). It is off by default: on the ecosystem set these hints were right
8 times out of 32 once the cross-file request path found the services handlers
await, and dropping them kept the rule's precision above 95 %.

Not flagged, because no request waits behind the call:
- startup code: module top level, the app.listen callback, main/bootstrap/init*/setup*
  functions, a function that creates the app or server or registers its routes
  (app.get(path, handler) in its own body), a top-level IIFE, a function called only
  at top level. Reading config once before serving is fine;
- a memoised one-time read: the call sits under if (!cache) (or cache == null,
  cache === undefined, !cache[key], !map.has(key)) whose block stores the value, or
  computes the fallback of a lookup (cache[key] || read(), map.get(key) ?? read(),
  enabled && map.get(key) || read()) in a function that stores it there
  (map.set(key, v), cache[key] = v), or fills it with cache[key] ??= read(); and the
  cache outlives the call (a module or outer variable, or a property such as
  this.cache): only the first request for each key pays;
- code production skips: a branch of a test against "production" that production
  does not take (if (process.env.NODE_ENV !== 'production')), or code after a guard
  that returns in production (if (ENV === 'production' || cloud) return;): a
  development-time reload no production request waits for;
- command-line code: a file starting with #!, a package with a bin and no HTTP
  framework; and, for the hint and the facts a file records for the request path, a file whose top level reads process.argv or checks
  require.main or import.meta.main (it runs itself as a program; a handler it
  registers is still judged), and any package that depends on no HTTP framework;
- test suites.
It runs only in files that import fs (the string 'fs' or node:fs), may hold a
handler or a connection listener, or, in an Express package, assign a prototype's
method: they record the request path's facts for the other files. Where no other
file reads those facts, it runs only in files that import fs and spell the name of a
call it reports at (readFileSync, existsSync, ...).
Use instead: the fs/promises API (await readFile(...)) or a stream.`,
	Severity:   analysis.Warning,
	InertBlind: true,
	KnownOnly:  true,
	Kinds:      []string{syntax.CallExpression},
	Needles:    mentions("'fs'", "\"fs\"", "`fs`", "node:fs"),
	Options: []analysis.Option{{Name: "asyncContext", Type: analysis.OptionEnum, Default: "off", Allowed: []string{"off", "hint"},
		Doc: "hint also flags, as a hint, a sync fs call in any async function of a package that serves HTTP; off flags only what the request path reaches"}},
}, syncFSCallNames(), runNoSyncFS)

// syncFSCallNames are the names of the calls runNoSyncFS reports at, lower-cased: the
// *Sync form of each function of syncFS, and existsSync. The resolver names an fs
// member only from a name the file writes (after a dot, as a destructuring key or a
// quoted subscript), so a file that spells none of them holds no such call.
func syncFSCallNames() []string {
	var out []string
	for _, base := range append(lowerNames(syncFS), "exists") {
		out = append(out, base+"sync")
	}
	return out
}

// syncFS are the fs functions whose *Sync form the rule flags, mapped to whether
// fs/promises has a drop-in replacement of the same name and arguments. The fd-based
// calls (read, write, close, fsync, fstat, open) have none: fs/promises works with
// FileHandle objects instead of numeric descriptors.
var syncFS = map[string]bool{
	"readFile": true, "writeFile": true, "appendFile": true, "readdir": true, "stat": true,
	"lstat": true, "mkdir": true, "mkdtemp": true, "rm": true, "rmdir": true, "unlink": true,
	"copyFile": true, "cp": true, "rename": true, "access": true, "opendir": true,
	"realpath": true, "readlink": true, "symlink": true, "truncate": true, "chmod": true,
	"chown": true, "utimes": true,
	"fstat": false, "open": false, "read": false, "write": false, "close": false, "fsync": false,
}

func runNoSyncFS(pass *analysis.Pass, call *sitter.Node) {
	callee := pass.Resolver.Callee(call)
	if callee.Kind != resolve.Member || callee.Module != "fs" || !strings.HasSuffix(callee.Path, "Sync") {
		return
	}
	base := strings.TrimSuffix(callee.Path, "Sync")
	fixable, known := syncFS[base]
	if !known && base != "exists" {
		return
	}
	if isCommandLineTool(pass) || memoisedOnce(pass, call) || skippedInProduction(pass, call) {
		return
	}
	name := "fs." + callee.Path
	var sev analysis.Severity
	var msg string
	switch {
	case onRequestPath(pass, call):
		sev = analysis.Warning
		msg = name + " blocks the event loop in a request handler: every other request waits for the disk"
		if base == "exists" {
			// existsSync is a cheap stat, but still synchronous.
			sev = analysis.Information
			msg = name + " is synchronous in a request handler; prefer fs/promises.access or just open the file and handle ENOENT"
		}
	case pass.OptionString("asyncContext") == "hint" && inAsyncFunction(pass, call):
		sev = analysis.Hint
		alt := base
		if base == "exists" {
			alt = "access" // fs/promises has no exists
		}
		msg = name + " blocks the event loop inside an async function; fs/promises." + alt + " does not"
	default:
		return
	}
	var fix *analysis.Fix
	if fixable {
		fix = syncFSFix(pass, call, base)
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), sev, msg, fix)
}

// syncFSFix rewrites `fs.xSync(a)` to `await fs.promises.x(a)`, or a bare `xSync(a)` to
// `await x(a)` with an fs/promises import. It needs an async function around the call;
// it only adds `async` itself to a direct-tier handler, whose return value Express ignores.
func syncFSFix(pass *analysis.Pass, call *sitter.Node, base string) *analysis.Fix {
	edits, ok := asyncContext(pass, call)
	if !ok {
		return nil
	}
	calleeNode := syntax.Field(call, syntax.FieldFunction)
	var replacement string
	if obj := syntax.Field(calleeNode, syntax.FieldObject); obj != nil && pass.Resolver.Value(obj).Is("fs") {
		replacement = pass.Text(obj) + ".promises." + base
	} else {
		switch have := pass.Resolver.Lookup(base, call.StartByte()); {
		case have.Is("fs/promises." + base):
		case have.Kind == resolve.None:
			at := importInsertionPoint(pass)
			line := "const { " + base + " } = require('node:fs/promises');\n"
			if usesESM(pass) {
				line = "import { " + base + " } from 'node:fs/promises';\n"
			}
			edits = append(edits, analysis.Edit{Start: at, End: at, NewText: line})
		default:
			return nil // the name is taken by something else
		}
		replacement = base
	}
	// `await` binds looser than member access and calls: `fs.readFileSync(p).toString()`
	// needs `(await fs.promises.readFile(p)).toString()`.
	open, closeParen := "await ", ""
	if p := syntax.Parent(call); p != nil && (syntax.Kind(p) == syntax.MemberExpression || syntax.Kind(p) == syntax.CallExpression || syntax.Kind(p) == syntax.SubscriptExpression) {
		open, closeParen = "(await ", ")"
	}
	edits = append(edits, analysis.Edit{Start: calleeNode.StartByte(), End: calleeNode.EndByte(), NewText: open + replacement})
	if closeParen != "" {
		edits = append(edits, analysis.Edit{Start: call.EndByte(), End: call.EndByte(), NewText: closeParen})
	}
	return &analysis.Fix{Title: "Use await fs/promises." + base, Edits: edits}
}
