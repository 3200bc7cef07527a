package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// BcryptSync flags bcrypt's synchronous hashing outside startup code (see docs/rules.md#bcrypt-sync).
var BcryptSync = &analysis.Rule{
	Name:  "bcrypt-sync",
	Entry: "long-running-tasks",
	Doc: `Flags bcrypt hashSync and compareSync (bcrypt, bcryptjs, bcrypt-nodejs) in functions.
bcrypt is slow on purpose: one hash at cost 12 takes a few hundred milliseconds of
CPU. The Sync forms spend that time on the thread that runs JavaScript, so while one
user logs in, every other request waits. On the request path (a handler, a framework
controller's method, a listener a connection callback registers on its connection
(io.on('connection', socket => socket.on('login', fn))), or a function another
file's request path calls, directly or through one service of a third file) the
finding is a warning; in other functions it
is information. Module top level (a dummy hash to
equalise login timing) and startup code are not flagged. genSaltSync is not flagged
either: it only draws 16 random bytes and encodes them with the cost; the cost is paid
by the hash that uses the salt. With native bcrypt the async forms run on the libuv
thread pool; with bcryptjs they run in small chunks on the main thread, which at
least lets other callbacks in between.
It runs only in files that import one of those modules and name hashSync or
compareSync: the resolver names such a call only after a name or a quoted key the
file spells. It records no
fact for other files; it reads theirs (the request path), which a file with no such
call never needs.
Use instead: await bcrypt.hash(password, 12), await bcrypt.compare(password, hash).`,
	Severity:   analysis.Warning,
	InertBlind: true,
	KnownOnly:  true,
	Kinds:      []string{syntax.CallExpression},
	Needles:    mentions(lowerNames(bcryptSyncCalls)...).And(importsOneOf(bcryptModules)...),
	Run:        runBcryptSync,
	Local:      true,
}

var bcryptModules = nameSet("bcrypt", "bcryptjs", "bcrypt-nodejs")

// bcryptSyncCalls are the synchronous forms that pay the cost factor, and their async
// forms. genSaltSync is left out: making a salt is cheap whatever the cost it encodes.
var bcryptSyncCalls = map[string]string{"hashSync": "hash", "compareSync": "compare"}

func runBcryptSync(pass *analysis.Pass, call *sitter.Node) {
	if !importsAny(pass, bcryptModules) {
		return
	}
	callee := pass.Resolver.Callee(call)
	async, ok := bcryptSyncCalls[callee.Path]
	if callee.Kind != resolve.Member || !ok || !bcryptModules[callee.Module] {
		return
	}
	if syntax.EnclosingFunction(call) == nil || isCommandLineTool(pass) || inStartup(pass, call) {
		return
	}
	name := callee.Module + "." + callee.Path
	sev := analysis.Information
	msg := name + " blocks the event loop for the whole hash; use await " + callee.Module + "." + async
	if onStatementRequestPath(pass, call) {
		sev = analysis.Warning
		msg = name + " blocks the event loop in a request handler: every other request waits for the hash"
	}
	var fix *analysis.Fix
	if callee.Module != "bcrypt-nodejs" { // its async API takes callbacks only
		fix = bcryptAsyncFix(pass, call, callee, async)
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), sev, msg, fix)
}

// inStartup reports whether n runs in startup code: an app.listen callback or a
// main/bootstrap/init*/setup* function, at any depth.
func inStartup(pass *analysis.Pass, n *sitter.Node) bool {
	for f := syntax.EnclosingFunction(n); f != nil; f = syntax.EnclosingFunction(f) {
		if pass.Resolver.IsStartup(f) {
			return true
		}
	}
	return false
}

// bcryptAsyncFix rewrites `bcrypt.hashSync(a, b)` to `await bcrypt.hash(a, b)`.
func bcryptAsyncFix(pass *analysis.Pass, call *sitter.Node, callee resolve.Value, async string) *analysis.Fix {
	edits, ok := asyncContext(pass, call)
	if !ok {
		return nil
	}
	fn := syntax.Field(call, syntax.FieldFunction)
	var target string
	switch {
	case syntax.Kind(fn) == syntax.MemberExpression && pass.Resolver.Value(syntax.Field(fn, syntax.FieldObject)).Is(callee.Module):
		target = pass.Text(syntax.Field(fn, syntax.FieldObject)) + "." + async
	case syntax.Kind(fn) == syntax.Identifier:
		more, ok := importBinding(pass, async, callee.Module, call.StartByte())
		if !ok {
			return nil
		}
		edits = append(edits, more...)
		target = async
	default:
		return nil
	}
	open, closing := awaitable(call)
	edits = append(edits, analysis.Edit{Start: fn.StartByte(), End: fn.EndByte(), NewText: open + target})
	if closing != "" {
		edits = append(edits, analysis.Edit{Start: call.EndByte(), End: call.EndByte(), NewText: closing})
	}
	return &analysis.Fix{Title: "Use await " + callee.Module + "." + async, Edits: edits}
}
