package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// BullProcessorNotAwaited flags queue processors that finish before their work does
// (see docs/rules.md#bull-processor-not-awaited).
var BullProcessorNotAwaited = &analysis.Rule{
	Name:  "bull-processor-not-awaited",
	Entry: "background-jobs",
	Doc: `Flags a Bull, Bee-Queue or BullMQ processor that neither returns nor awaits its work.

A one-parameter processor is promise-based: the job is marked completed when the
returned promise settles. job => { sendEmail(job.data) } returns undefined, so the job
completes at once, a failure is never recorded, and attempts/backoff never retry it.
Flagged: a non-async one-parameter processor with a block body, no return value and
at least one call statement (logging aside), and an async processor that fires a
same-file async function or a .then() chain without await. Callback processors
(job, done), concise bodies (job => sendEmail(job.data)) and awaited work are fine.
It runs only in files that import bull, bullmq or bee-queue and call process or name
Worker, and records no fact for other files.
Use instead: async (job) => { await sendEmail(job.data.email); }. Bull is in
maintenance mode; BullMQ is its successor.`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression, syntax.NewExpression},
	Needles:  mentions(append(importNeedles("bull", "bullmq"), "bee-queue")...),
	Calls:    []string{"bullmq.Worker"},
	Methods:  []string{"process"},
	Run:      runBullProcessorNotAwaited,
}

func runBullProcessorNotAwaited(pass *analysis.Pass, n *sitter.Node) {
	args := secArgs(n)
	var fnArg *sitter.Node
	switch syntax.Kind(n) {
	case syntax.CallExpression:
		m, recv := secMethod(pass, n)
		if m != "process" || len(args) == 0 || !isJobQueue(pass, recv) {
			return
		}
		fnArg = args[len(args)-1]
	case syntax.NewExpression:
		if !pass.Resolver.Callee(n).Is("bullmq.Worker") || len(args) < 2 {
			return
		}
		fnArg = args[1]
	}
	fn := secFunctionValue(pass, fnArg)
	if fn == nil || len(syntax.Params(fn)) != 1 {
		return
	}
	body := syntax.Field(fn, syntax.FieldBody)
	if body == nil || syntax.Kind(body) != syntax.StatementBlock {
		return // a concise body returns its value
	}
	if syntax.IsAsync(fn) {
		for _, call := range floatingPromises(pass, body) {
			pass.ReportNode(call, 0, "this promise is not awaited: the job completes before it settles and its failure is lost", &analysis.Fix{
				Title: "Await it", Edits: []analysis.Edit{{Start: call.StartByte(), End: call.StartByte(), NewText: "await "}},
			})
		}
		return
	}
	if returnsValue(body) {
		return
	}
	calls := workStatements(pass, body, syntax.ParamName(syntax.Params(fn)[0], pass.File.Src))
	if len(calls) == 0 {
		return
	}
	last := calls[len(calls)-1]
	pass.ReportNode(last, 0, "the processor returns nothing, so the job is marked completed at once; return or await this work", processorFix(pass, fn, body, calls))
}

// isJobQueue: a Bull queue (resolved), or a Bee-Queue made with new Queue() here.
func isJobQueue(pass *analysis.Pass, recv *sitter.Node) bool {
	v := pass.Resolver.Value(recv)
	if v.Kind == resolve.Instance && v.Module == "bull" && v.Type == "queue" && v.Path == "" {
		return true
	}
	init := secInit(pass, recv)
	return init != nil && syntax.Kind(init) == syntax.NewExpression && pass.Resolver.Callee(init).Is("bee-queue")
}

// returnsValue reports whether the body has a `return <expr>` of its own.
func returnsValue(body *sitter.Node) bool {
	return containsNode(body, true, func(n *sitter.Node) bool { return syntax.Kind(n) == syntax.ReturnStatement && n.NamedChildCount() > 0 })
}

// workStatements are the body's top-level call statements, leaving out logging and
// the job's own bookkeeping (job.log, job.progress).
func workStatements(pass *analysis.Pass, body *sitter.Node, job string) []*sitter.Node {
	var out []*sitter.Node
	for _, call := range statementCalls(body) {
		if isLogging(pass, call) {
			continue
		}
		if root := methodChainRoot(syntax.Field(call, syntax.FieldFunction)); root != nil && syntax.Kind(root) == syntax.Identifier && pass.Text(root) == job {
			continue
		}
		out = append(out, call)
	}
	return out
}

// statementCalls are the calls that stand as the body's own top-level statements.
func statementCalls(body *sitter.Node) []*sitter.Node {
	var out []*sitter.Node
	for i := uint(0); i < body.NamedChildCount(); i++ {
		st := body.NamedChild(i)
		if syntax.Kind(st) != syntax.ExpressionStatement {
			continue
		}
		if call := syntax.Unwrap(st.NamedChild(0)); call != nil && syntax.Kind(call) == syntax.CallExpression {
			out = append(out, call)
		}
	}
	return out
}

var logMethods = map[string]bool{"log": true, "info": true, "warn": true, "error": true, "debug": true, "trace": true}

func isLogging(pass *analysis.Pass, call *sitter.Node) bool {
	m, recv := secMethod(pass, call)
	if recv == nil || !logMethods[m] {
		return false
	}
	root := methodChainRoot(recv)
	if root == nil {
		return false
	}
	switch pass.Text(root) {
	case "console", "logger", "log", "this":
		return true
	}
	return false
}

// floatingPromises are the expression statements of an async body that start a
// promise and drop it: a call of a same-file async function, or a .then/.catch chain.
func floatingPromises(pass *analysis.Pass, body *sitter.Node) []*sitter.Node {
	var out []*sitter.Node
	for _, call := range statementCalls(body) {
		if m, _ := secMethod(pass, call); m == "then" || m == "catch" || m == "finally" {
			out = append(out, call)
			continue
		}
		if v := pass.Resolver.Callee(call); v.Kind == resolve.Function && v.Node != nil && syntax.IsAsync(v.Node) {
			out = append(out, call)
		}
	}
	return out
}

// processorFix returns the last call when it ends the body; otherwise it makes the
// processor async and awaits each call.
func processorFix(pass *analysis.Pass, fn, body *sitter.Node, calls []*sitter.Node) *analysis.Fix {
	last := calls[len(calls)-1]
	var lastStmt *sitter.Node
	for i := int(body.NamedChildCount()) - 1; i >= 0; i-- {
		if c := body.NamedChild(uint(i)); syntax.Kind(c) != syntax.Comment {
			lastStmt = c
			break
		}
	}
	if len(calls) == 1 && lastStmt != nil && lastStmt.Id() == syntax.Parent(last).Id() {
		return &analysis.Fix{Title: "Return the promise", Edits: []analysis.Edit{{Start: last.StartByte(), End: last.StartByte(), NewText: "return "}}}
	}
	if syntax.Kind(fn) == syntax.MethodDefinition {
		return nil
	}
	edits := []analysis.Edit{{Start: fn.StartByte(), End: fn.StartByte(), NewText: "async "}}
	for _, c := range calls {
		edits = append(edits, analysis.Edit{Start: c.StartByte(), End: c.StartByte(), NewText: "await "})
	}
	return &analysis.Fix{Title: "Make the processor async and await the work", Edits: edits}
}
