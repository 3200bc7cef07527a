package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// WriteIgnoresBackpressure flags stream writes in a loop that ignore write()'s
// return value (see docs/rules.md#write-ignores-backpressure).
var WriteIgnoresBackpressure = &analysis.Rule{
	Name:  "write-ignores-backpressure",
	Entry: "stream-backpressure",
	Doc: `Flags writable.write(chunk) in a loop when the result is ignored and nothing waits for 'drain'.
write() returns false once the stream's buffer passes its highWaterMark: that is the
signal to stop until 'drain'. A loop that keeps writing anyway queues every chunk in
memory when the destination (a slow client, a disk, a socket) is slower than the
loop, which is how exports of large tables run a server out of memory. Only resolved
writables are checked (fs.createWriteStream, an Express or http response, a net
socket, zlib and crypto streams); process.stdout, loops bounded by a small constant
and functions that mention 'drain' are not flagged, nor is a write that runs once as
the loop ends: one followed, at its level or a level up within the loop body, by a
return, a throw or a break out of that loop (a final 'data: [DONE]' before break); a
break that only leaves a switch inside the loop does not count. Server-sent events
are not flagged either: in a function that declares a text/event-stream response, a
loop that waits for its source on every turn (for await over a token stream, or an
await in its body) writes one small event at the source's pace, not a bulk export.
It runs only in files that call write (w.write(, w['write'](: a statement whose
result is ignored is a call) and import fs, stream, zlib, crypto, net, tls or
express, name createServer and import http or https, or have a handler's (req, res)
or (request, response) pair in one parameter list (a comment between the request's
name and its comma, or a space other than an ASCII one after either name, hides it),
and records no fact for other files.
Use instead: if (!out.write(chunk)) await once(out, 'drain'); or
await pipeline(Readable.from(rows), out).`,
	Severity: analysis.Information,
	Kinds:    []string{syntax.CallExpression},
	Methods:  []string{"write"},
	// A write whose result is ignored is called where it is named, so a property
	// read (acl['write'] = true) keeps no file open.
	Needles: writableFiles.And(calledMethodNeedles("write")...),
	Run:     runWriteIgnoresBackpressure,
}

// writableFiles are the files where isWritable can hold: one that imports a module
// whose factories make writables (fs, stream, zlib, crypto, net, tls) or express (a
// handler of an app it makes, or a response typed from it); one that names a Node
// server factory, whose callback's response is one; or one with a handler's request
// and response in one parameter list (handlerParamLists), whose response the resolver
// types in any package.
var writableFiles = analysis.Mentions(importNeedles("fs", "stream", "zlib", "crypto", "net", "tls", "express")...).
	Or(nodeServerHandlers).
	Or(handlerParamLists())

func runWriteIgnoresBackpressure(pass *analysis.Pass, call *sitter.Node) {
	if syntax.MethodName(call, pass.File.Src) != "write" {
		return
	}
	stmt := syntax.Parent(call)
	if stmt == nil || syntax.Kind(stmt) != syntax.ExpressionStatement {
		return // the result is used: if (!w.write(x)) ...
	}
	w := syntax.Unwrap(methodReceiver(call))
	if !isWritable(pass, w) {
		return
	}
	fn := syntax.EnclosingFunction(call)
	scope := fn
	if scope == nil {
		scope = pass.File.Tree.RootNode()
	}
	if !inUnboundedLoop(pass, stmt, fn) || mentionsDrain(pass, scope) {
		return
	}
	msg := pass.Text(w) + ".write() ignores backpressure in a loop: a slow destination buffers every chunk in memory; wait for 'drain'"
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), 0, msg, drainFix(pass, stmt, call, w, fn))
}

// isWritable reports whether n is a Node writable: an instance a factory makes, an
// Express or http response, a zlib stream or a socket held in a variable.
func isWritable(pass *analysis.Pass, n *sitter.Node) bool {
	if n == nil {
		return false
	}
	v := pass.Resolver.Value(n)
	if v.Kind == resolve.Instance && v.Path == "" {
		switch v.Module + "." + v.Type {
		case "stream.writable", "stream.transform", "stream.duplex", "crypto.cipher", "crypto.decipher",
			"express.response", "http.response":
			return true
		}
	}
	if syntax.Kind(n) != syntax.Identifier {
		return false
	}
	init := syntax.Unwrap(pass.Resolver.Initializer(n))
	if init == nil {
		return false
	}
	if isZlibFactory(pass, init) {
		return true
	}
	switch pass.Resolver.Callee(init).Canonical() {
	case "net.connect", "net.createConnection", "tls.connect", "net.Socket":
		return true
	}
	return false
}

// inUnboundedLoop reports whether stmt sits in the body of a loop inside fn (not in a
// nested function), other than a loop with a small constant bound.
func inUnboundedLoop(pass *analysis.Pass, stmt, fn *sitter.Node) bool {
	for c, p := stmt, syntax.Parent(stmt); p != nil; c, p = p, syntax.Parent(p) {
		if fn != nil && p.Id() == fn.Id() {
			return false
		}
		if !isLoop(p) {
			continue
		}
		body := syntax.Field(p, syntax.FieldBody)
		if body == nil || body.Id() != c.Id() {
			continue
		}
		if !smallConstantLoop(pass, p) && !leavesLoopAfter(pass, stmt, p) && !pacedEventStream(pass, p, fn) {
			return true
		}
	}
	return false
}

// pacedEventStream reports whether loop sends server-sent events at its source's pace:
// the function declares a text/event-stream response, and the loop waits for its
// source on every turn (`for await (const token of llm.stream)`, or an await in its
// body). Each write is one small event that leaves while the loop waits for the next,
// not a bulk export: a database cursor dumped to a plain response is still flagged.
func pacedEventStream(pass *analysis.Pass, loop, fn *sitter.Node) bool {
	if fn == nil || !mentionsString(pass, fn, "text/event-stream") {
		return false
	}
	for i := uint(0); i < loop.ChildCount(); i++ {
		if syntax.Kind(loop.Child(i)) == syntax.KeywordAwait {
			return true // for await (... of source)
		}
	}
	body := syntax.Field(loop, syntax.FieldBody)
	return body != nil && containsNode(body, false, func(n *sitter.Node) bool { return syntax.Kind(n) == syntax.AwaitExpression })
}

// leavesLoopAfter reports whether control surely leaves loop after stmt, before the
// next iteration: a statement after stmt, at some level between stmt and the loop
// body, is a return, a throw, or a break that targets the loop. Such a write runs
// once, as the loop ends (`if (!next) { res.write('data: [DONE]\n\n'); break; }`), so
// it cannot pile up chunks; a continue first means the loop goes on.
func leavesLoopAfter(pass *analysis.Pass, stmt, loop *sitter.Node) bool {
	for c := stmt; c != nil && c.Id() != loop.Id(); c = syntax.Parent(c) {
		p := syntax.Parent(c)
		if p == nil {
			return false
		}
		switch syntax.Kind(p) {
		case syntax.StatementBlock, syntax.SwitchCase, syntax.SwitchDefault:
		default:
			continue
		}
		for sib := c.NextNamedSibling(); sib != nil; sib = sib.NextNamedSibling() {
			switch syntax.Kind(sib) {
			case syntax.ReturnStatement, syntax.ThrowStatement:
				return true
			case syntax.ContinueStatement:
				return false
			case syntax.BreakStatement:
				return breakTargets(pass, sib, p, loop)
			}
		}
	}
	return false
}

// breakTargets reports whether the break (a statement of block) leaves loop: a labelled
// break names the loop's label; a plain one leaves the nearest loop or switch, which
// must be loop.
func breakTargets(pass *analysis.Pass, brk, block, loop *sitter.Node) bool {
	if label := syntax.Field(brk, syntax.FieldLabel); label != nil {
		l := syntax.Parent(loop)
		return l != nil && syntax.Kind(l) == syntax.LabeledStatement && pass.Text(syntax.Field(l, syntax.FieldLabel)) == pass.Text(label)
	}
	for n := block; n != nil && n.Id() != loop.Id(); n = syntax.Parent(n) {
		if syntax.Kind(n) == syntax.SwitchStatement || isLoop(n) {
			return false
		}
	}
	return true
}

// smallConstantLoop: `for (let i = 0; i < 10; i++)` or `for (const x of [a, b])` with
// at most 100 iterations.
func smallConstantLoop(pass *analysis.Pass, loop *sitter.Node) bool {
	switch syntax.Kind(loop) {
	case syntax.ForStatement:
		cond := syntax.Field(loop, syntax.FieldCondition)
		if cond != nil && syntax.Kind(cond) == syntax.ExpressionStatement {
			cond = cond.NamedChild(0)
		}
		cond = syntax.Unwrap(cond)
		if cond == nil || syntax.Kind(cond) != syntax.BinaryExpression {
			return false
		}
		op := syntax.Field(cond, syntax.FieldOperator)
		if op == nil || (syntax.Kind(op) != syntax.TokenLt && syntax.Kind(op) != syntax.TokenLtEq) {
			return false
		}
		n, ok := numberLiteral(pass, syntax.Field(cond, syntax.FieldRight))
		return ok && n <= 100
	case syntax.ForInStatement:
		right := syntax.Unwrap(syntax.Field(loop, syntax.FieldRight))
		return right != nil && syntax.Kind(right) == syntax.Array && right.NamedChildCount() <= 100
	}
	return false
}

// mentionsDrain: a 'drain' string anywhere in scope (once(w, 'drain'), w.on('drain')).
func mentionsDrain(pass *analysis.Pass, scope *sitter.Node) bool {
	return mentionsString(pass, scope, "drain")
}

// mentionsString reports whether a string literal in scope equals value.
func mentionsString(pass *analysis.Pass, scope *sitter.Node, value string) bool {
	return containsNode(scope, false, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.String {
			return false
		}
		s, ok := syntax.StringValue(n, pass.File.Src)
		return ok && s == value
	})
}

// drainFix: `w.write(x);` → `if (!w.write(x)) await once(w, 'drain');` in an async
// function.
func drainFix(pass *analysis.Pass, stmt, call, w, fn *sitter.Node) *analysis.Fix {
	if fn == nil || !syntax.IsAsync(fn) || (syntax.Kind(w) != syntax.Identifier && syntax.Kind(w) != syntax.MemberExpression) {
		return nil
	}
	if syntax.Kind(w) == syntax.MemberExpression && containsNode(w, false, func(n *sitter.Node) bool { return syntax.Kind(n) == syntax.CallExpression }) {
		return nil
	}
	edits, ok := importBinding(pass, "once", "events", call.StartByte())
	if !ok {
		return nil
	}
	edits = append(edits,
		analysis.Edit{Start: call.StartByte(), End: call.StartByte(), NewText: "if (!"},
		analysis.Edit{Start: call.EndByte(), End: call.EndByte(), NewText: ") await once(" + pass.Text(w) + ", 'drain')"})
	return &analysis.Fix{Title: "Wait for 'drain' when write() returns false", Edits: edits}
}
