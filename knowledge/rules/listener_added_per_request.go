package rules

import (
	"strings"
	"unicode"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ListenerAddedPerRequest flags listeners added to long-lived emitters on the request
// path and never removed (see docs/rules.md#listener-added-per-request).
var ListenerAddedPerRequest = &analysis.Rule{
	Name:  "listener-added-per-request",
	Entry: "memory-leaks",
	Doc: `Flags emitter.on(...) in a request handler when the emitter outlives the request and the listener is never removed.
process, an imported module, and anything a module-level const holds (an
EventEmitter bus, a Redis client, the Socket.IO server, mongoose.connection, a queue)
live as long as the process. A listener added to one of them on every request stays
there, with everything its closure holds (often req and res), so memory grows with
traffic and Node eventually prints MaxListenersExceededWarning. once() leaks the same
way until the event fires, so it is information. Request-scoped emitters (req, res, a
socket or stream made in the handler) and handlers that call off/removeListener or
pass { signal } are not flagged. Only handlers are judged, so the rule looks only at
files that name an add-listener method and import express, fastify or koa, or name
createServer and import http or https, or, in a package that depends on express,
have a (req, res) or (request, response) pair in one parameter list (a comment
between the request's name and its comma, or a space other than an ASCII one after
either name, hides it).
Use instead:
  const onOrder = (o) => res.write(...);
  bus.on('order', onOrder);
  req.on('close', () => bus.off('order', onOrder));`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Needles:  listenerHandlerFiles,
	Methods:  []string{"on", "addListener", "prependListener", "once", "prependOnceListener"},
	Run:      runListenerAddedPerRequest,
	Local:    true,
}

// listenerHandlerFiles are the files that may hold a handler requestHandler accepts:
// one that imports express, fastify or koa (a registration on an app made from it,
// or parameters typed from express) or may hand one to a Node server
// (nodeServerHandlers); in a package that depends on express, also a (req, res) pair
// in one parameter list (handlerParamLists: the heuristic tier, and handler-shaped
// functions given to an app handed in). A word such as express or socket.io in a
// comment makes no handler.
var listenerHandlerFiles = analysis.Mentions(importNeedles("express", "fastify", "koa")...).
	Or(nodeServerHandlers).
	Or(handlerParamLists("express"))

var addListenerMethods = nameSet("on", "addListener", "prependListener", "once", "prependOnceListener")
var removeListenerMethods = nameSet("off", "removeListener", "removeAllListeners")

func runListenerAddedPerRequest(pass *analysis.Pass, call *sitter.Node) {
	m := syntax.MethodName(call, pass.File.Src)
	if !addListenerMethods[m] {
		return
	}
	emitter := syntax.Unwrap(methodReceiver(call))
	if !longLived(pass, emitter) {
		return
	}
	h := requestHandler(pass, call)
	if h == nil || argHasKey(pass, call, "signal") || removesListener(pass, h.Func, pass.Text(emitter)) {
		return
	}
	sev := analysis.Warning
	msg := "a listener is added to the long-lived " + pass.Text(emitter) + " on every request and never removed: listeners and their closures pile up"
	if strings.Contains(m, "nce") {
		sev = analysis.Information
		msg = "a once listener is added to the long-lived " + pass.Text(emitter) + " on every request: until the event fires, listeners and their closures pile up"
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), sev, msg, removeOnCloseFix(pass, call, emitter, h))
}

// longLived reports whether an emitter outlives a request: process, an imported
// binding, or a module-level const.
func longLived(pass *analysis.Pass, e *sitter.Node) bool {
	if e == nil {
		return false
	}
	v := pass.Resolver.Value(e)
	if (v.Kind == resolve.Module || v.Kind == resolve.Member) && v.Module != "events" && v.Module != "" {
		return true // process, process.stdout, mongoose.connection, require('./bus')
	}
	if syntax.Kind(e) != syntax.Identifier {
		return false
	}
	init := syntax.Unwrap(pass.Resolver.Initializer(e))
	if init == nil || syntax.EnclosingFunction(init) != nil || syntax.Kind(init) == syntax.Null || syntax.Kind(init) == syntax.Undefined {
		return false
	}
	decl := syntax.Parent(init)
	for decl != nil && syntax.Kind(decl) != syntax.LexicalDeclaration && syntax.Kind(decl) != syntax.VariableDeclaration {
		decl = syntax.Parent(decl)
	}
	return decl != nil && syntax.Kind(decl) == syntax.LexicalDeclaration && decl.Child(0) != nil && syntax.Kind(decl.Child(0)) == syntax.KeywordConst
}

// removesListener: fn calls name.off / removeListener / removeAllListeners anywhere.
func removesListener(pass *analysis.Pass, fn *sitter.Node, name string) bool {
	return containsNode(fn, false, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.CallExpression || !removeListenerMethods[syntax.MethodName(n, pass.File.Src)] {
			return false
		}
		return pass.Text(syntax.Unwrap(methodReceiver(n))) == name
	})
}

// removeOnCloseFix hoists an inline listener into a const and removes it when the
// request closes:
//
//	const onOrder = (o) => ...;
//	bus.on('order', onOrder);
//	req.on('close', () => bus.off('order', onOrder));
func removeOnCloseFix(pass *analysis.Pass, call, emitter *sitter.Node, h *resolve.Handler) *analysis.Fix {
	stmt := syntax.Parent(call)
	args := syntax.Field(call, syntax.FieldArguments)
	if stmt == nil || syntax.Kind(stmt) != syntax.ExpressionStatement || args == nil || args.NamedChildCount() != 2 {
		return nil
	}
	if p := syntax.Parent(stmt); p == nil || syntax.Kind(p) != syntax.StatementBlock {
		return nil
	}
	evt, listener := args.NamedChild(0), args.NamedChild(1)
	if !syntax.IsFunction(syntax.Unwrap(listener)) || (syntax.Kind(evt) != syntax.String && syntax.Kind(evt) != syntax.Identifier) {
		return nil
	}
	if syntax.Kind(emitter) != syntax.Identifier && syntax.Kind(emitter) != syntax.MemberExpression {
		return nil
	}
	req := handlerRoles(h.Func, pass.File.Src).req
	if req == "" {
		return nil
	}
	if v := pass.Resolver.Lookup(req, call.StartByte()); !v.Is("express.request") && !v.Is("http.request") {
		return nil
	}
	name := listenerName(pass, evt, call.StartByte())
	if name == "" {
		return nil
	}
	indent := indentOf(pass.File.Src, stmt.StartByte())
	e, ev := pass.Text(emitter), pass.Text(evt)
	return &analysis.Fix{Title: "Remove the listener when the request closes", Edits: []analysis.Edit{
		{Start: stmt.StartByte(), End: stmt.StartByte(), NewText: "const " + name + " = " + pass.Text(listener) + ";\n" + indent},
		{Start: listener.StartByte(), End: listener.EndByte(), NewText: name},
		{Start: stmt.EndByte(), End: stmt.EndByte(), NewText: "\n" + indent + req + ".on('close', () => " + e + ".off(" + ev + ", " + name + "));"},
	}}
}

// listenerName is on<Event> for an identifier-like event name, else listener; a free
// name in scope, "" if none is.
func listenerName(pass *analysis.Pass, evt *sitter.Node, at uint) string {
	base := "listener"
	if s, ok := syntax.StringValue(evt, pass.File.Src); ok && s != "" {
		var b strings.Builder
		upper := true
		for _, r := range s {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				upper = true
				continue
			}
			if upper {
				r = unicode.ToUpper(r)
				upper = false
			}
			b.WriteRune(r)
		}
		if b.Len() > 0 {
			base = "on" + b.String()
		}
	}
	for i, name := 0, base; i < 10; i, name = i+1, base+string(rune('2'+i)) {
		if !pass.Resolver.Bound(name, at) && pass.Resolver.Lookup(name, at).Kind == resolve.None {
			return name
		}
	}
	return ""
}
