package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// NextTickRecursion flags functions that reschedule themselves with process.nextTick
// or queueMicrotask (see docs/rules.md#next-tick-recursion).
var NextTickRecursion = &analysis.Rule{
	Name:  "next-tick-recursion",
	Entry: "nexttick-vs-setimmediate",
	Doc: `Flags a function that schedules itself again with process.nextTick or queueMicrotask.
Node drains the whole nextTick and microtask queues before the event loop may move on,
and a callback queued while draining runs in the same drain. A function that keeps
queueing itself there never lets the loop reach the poll phase: timers, I/O and
incoming requests starve. One-shot deferrals (process.nextTick(() => cb(null, v))) are
fine and not flagged, and so is an async function that awaits on each round. When the
call sits in a conditional branch the loop may end, so the finding is information.
Use instead: setImmediate(fn), which yields to I/O between iterations.`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Needles:  mentions("nexttick", "queuemicrotask"),
	Run:      runNextTickRecursion,
	Local:    true,
}

func runNextTickRecursion(pass *analysis.Pass, call *sitter.Node) {
	callee := pass.Resolver.Callee(call)
	if !callee.Is("process.nextTick") && !callee.Is("queueMicrotask") {
		return
	}
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil || args.NamedChildCount() == 0 {
		return
	}
	f := syntax.EnclosingFunction(call)
	if f == nil || !reschedules(pass, syntax.Unwrap(args.NamedChild(0)), f) || awaitsEachRound(f) {
		return
	}
	name := "process.nextTick"
	if callee.Is("queueMicrotask") {
		name = "queueMicrotask"
	}
	sev := analysis.Warning
	if conditional(call, f) {
		sev = analysis.Information
	}
	msg := name + " reschedules the function that calls it: the loop never reaches I/O while it recurses; use setImmediate"
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), sev, msg, setImmediateFix(pass, call))
}

// reschedules reports whether cb runs f again: cb names f, or is a function whose own
// body calls f (`() => drain()`, `() => this.drain()` in a method drain).
func reschedules(pass *analysis.Pass, cb, f *sitter.Node) bool {
	if isSelf(pass, cb, f) {
		return true
	}
	if syntax.Kind(cb) == syntax.CallExpression && syntax.MethodName(cb, pass.File.Src) == "bind" {
		return isSelf(pass, syntax.Unwrap(methodReceiver(cb)), f) // drain.bind(this)
	}
	if !syntax.IsFunction(cb) {
		return false
	}
	body := syntax.Field(cb, syntax.FieldBody)
	return containsNode(body, true, func(n *sitter.Node) bool {
		return syntax.Kind(n) == syntax.CallExpression && isSelf(pass, syntax.Unwrap(syntax.Field(n, syntax.FieldFunction)), f)
	})
}

// awaitsEachRound: an async function that awaits in its own body gives the loop a
// chance to run whenever the awaited work is real I/O.
func awaitsEachRound(f *sitter.Node) bool {
	return syntax.IsAsync(f) && containsNode(syntax.Field(f, syntax.FieldBody), true, func(n *sitter.Node) bool {
		return syntax.Kind(n) == syntax.AwaitExpression
	})
}

// isSelf reports whether n refers to the function f: an identifier bound to it, or
// `this.name` inside a method called name.
func isSelf(pass *analysis.Pass, n, f *sitter.Node) bool {
	if n == nil {
		return false
	}
	switch syntax.Kind(n) {
	case syntax.Identifier:
		v := pass.Resolver.Value(n)
		return v.Kind == resolve.Function && v.Node.Id() == f.Id()
	case syntax.MemberExpression:
		obj := syntax.Field(n, syntax.FieldObject)
		name := methodNameOf(f)
		return obj != nil && syntax.Kind(obj) == syntax.This && name != nil && pass.Text(syntax.Field(n, syntax.FieldProperty)) == pass.Text(name)
	}
	return false
}

// methodNameOf is the name node of a class method or of the class field an arrow
// function is assigned to (`drain = () => {...}`); nil for other functions.
func methodNameOf(f *sitter.Node) *sitter.Node {
	if syntax.Kind(f) == syntax.MethodDefinition {
		return syntax.Field(f, syntax.FieldName)
	}
	if p := syntax.Parent(f); p != nil && (syntax.Kind(p) == syntax.FieldDefinition || syntax.Kind(p) == syntax.PublicFieldDefinition) {
		if v := syntax.Field(p, syntax.FieldValue); v != nil && v.Id() == f.Id() {
			if name := syntax.Field(p, syntax.FieldProperty); name != nil {
				return name
			}
			return syntax.Field(p, syntax.FieldName) // TypeScript's public_field_definition
		}
	}
	return nil
}

// conditional reports whether n only runs on some paths through f: inside a branch of
// an if, a ternary, a short-circuit, a switch case or a catch.
func conditional(n, f *sitter.Node) bool {
	for c, p := n, syntax.Parent(n); p != nil && p.Id() != f.Id(); c, p = p, syntax.Parent(p) {
		switch syntax.Kind(p) {
		case syntax.IfStatement:
			if cond := syntax.Field(p, syntax.FieldCondition); cond == nil || cond.Id() != c.Id() {
				return true
			}
		case syntax.TernaryExpression:
			if cond := syntax.Field(p, syntax.FieldCondition); cond == nil || cond.Id() != c.Id() {
				return true
			}
		case syntax.BinaryExpression:
			if right := syntax.Field(p, syntax.FieldRight); right != nil && right.Id() == c.Id() {
				if op := syntax.Field(p, syntax.FieldOperator); op != nil && (syntax.Kind(op) == syntax.TokenAmpAmp || syntax.Kind(op) == syntax.TokenPipePipe || syntax.Kind(op) == syntax.TokenQuestionQuestion) {
					return true
				}
			}
		case syntax.SwitchCase, syntax.CatchClause, syntax.WhileStatement, syntax.ForStatement, syntax.ForInStatement:
			return true
		}
	}
	return false
}

// setImmediateFix swaps the scheduler; the arguments mean the same to setImmediate.
func setImmediateFix(pass *analysis.Pass, call *sitter.Node) *analysis.Fix {
	if !pass.Resolver.Lookup("setImmediate", call.StartByte()).Is("timers.setImmediate") {
		return nil
	}
	fn := syntax.Field(call, syntax.FieldFunction)
	return &analysis.Fix{Title: "Use setImmediate", Edits: []analysis.Edit{{Start: fn.StartByte(), End: fn.EndByte(), NewText: "setImmediate"}}}
}
