package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ClusterNoExitHandler flags files that fork cluster workers but never react to a
// worker exiting (see docs/rules.md#cluster-no-exit-handler).
var ClusterNoExitHandler = &analysis.Rule{
	Name:  "cluster-no-exit-handler",
	Entry: "clustering",
	Doc: `Flags cluster.fork() in a file that never listens for a worker's 'exit' or 'disconnect'.
Node does not restart crashed workers: the primary only learns about a crash through
the 'exit' event. Without a handler every crash permanently removes one worker, until
no worker is left and the port answers nothing. Files that hand the cluster object to
another function, or listen for 'exit' on any emitter other than process, are not
flagged, since the handler may live there. The rule runs only in files that import
cluster and spell fork.
Use instead:
  cluster.on('exit', (worker, code, signal) => {
    if (!worker.exitedAfterDisconnect) cluster.fork();
  });
(exitedAfterDisconnect skips workers stopped on purpose, as in a rolling restart), or
a process manager such as PM2 that restarts workers for you.`,
	Severity: analysis.Information,
	Kinds:    []string{syntax.Program},
	Needles:  mentions(importNeedles("cluster")...).And("fork"),
	Run:      runClusterNoExitHandler,
}

var exitEvents = nameSet("exit", "disconnect")
var listenMethods = nameSet("on", "once", "addListener", "prependListener", "prependOnceListener")

func runClusterNoExitHandler(pass *analysis.Pass, _ *sitter.Node) {
	if !pass.Resolver.Imports("cluster") {
		return
	}
	var fork *sitter.Node
	for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
		callee := pass.Resolver.Callee(call)
		if callee.Is("cluster.fork") {
			if fork == nil {
				fork = call
			}
			continue
		}
		if handlesExit(pass, call) || passesCluster(pass, call) {
			return
		}
	}
	if fork == nil {
		return
	}
	fn := syntax.Field(fork, syntax.FieldFunction)
	pass.ReportNode(fn, 0, "workers forked here are never replaced when they crash: no 'exit' handler on the cluster", exitHandlerFix(pass, fork))
}

// handlesExit: `X.on('exit' | 'disconnect', ...)` on anything but process; a worker or
// the cluster under any name counts.
func handlesExit(pass *analysis.Pass, call *sitter.Node) bool {
	if !listenMethods[syntax.MethodName(call, pass.File.Src)] {
		return false
	}
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil || args.NamedChildCount() == 0 {
		return false
	}
	ev, ok := syntax.StringValue(args.NamedChild(0), pass.File.Src)
	if !ok || !exitEvents[ev] {
		return false
	}
	return !pass.Resolver.Value(methodReceiver(call)).Is("process")
}

// passesCluster: the cluster module handed to another function, which may register the
// handler in another file.
func passesCluster(pass *analysis.Pass, call *sitter.Node) bool {
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil {
		return false
	}
	for i := uint(0); i < args.NamedChildCount(); i++ {
		a := syntax.Unwrap(args.NamedChild(i))
		if syntax.Kind(a) == syntax.Identifier && pass.Resolver.Value(a).Is("cluster") {
			return true
		}
	}
	return false
}

// exitHandlerFix inserts the handler after the statement that forks: after the loop
// or forEach that contains the fork, inside the same block.
func exitHandlerFix(pass *analysis.Pass, fork *sitter.Node) *analysis.Fix {
	fn := syntax.Field(fork, syntax.FieldFunction)
	if syntax.Kind(fn) != syntax.MemberExpression {
		return nil
	}
	cluster := pass.Text(syntax.Field(fn, syntax.FieldObject))
	stmt := forkStatement(fork)
	if stmt == nil {
		return nil
	}
	indent := indentOf(pass.File.Src, stmt.StartByte())
	text := "\n" + indent + cluster + ".on('exit', (worker, code, signal) => {\n" +
		indent + "  if (!worker.exitedAfterDisconnect) " + cluster + ".fork();\n" +
		indent + "});"
	return &analysis.Fix{Title: "Replace workers that exit", Edits: []analysis.Edit{{Start: stmt.EndByte(), End: stmt.EndByte(), NewText: text}}}
}

// forkStatement climbs from the fork call to the statement the handler should follow:
// out of loop bodies and out of callbacks passed to calls (os.cpus().forEach(...)).
func forkStatement(n *sitter.Node) *sitter.Node {
	stmt := enclosingStatementOrCallback(n)
	for stmt != nil {
		p := syntax.Parent(stmt)
		if p == nil {
			return stmt
		}
		switch {
		case syntax.Kind(p) == syntax.Program:
			return stmt
		case syntax.Kind(p) == syntax.StatementBlock:
			owner := syntax.Parent(p)
			if owner == nil {
				return stmt
			}
			switch {
			case isLoop(owner):
				stmt = enclosingStatementOrCallback(owner)
				continue
			case syntax.IsFunction(owner):
				if a := syntax.Parent(owner); a != nil && syntax.Kind(a) == syntax.Arguments {
					stmt = enclosingStatementOrCallback(syntax.Parent(a))
					continue
				}
			}
			return stmt
		case isLoop(p):
			stmt = enclosingStatementOrCallback(p)
		default:
			return nil
		}
	}
	return nil
}

// enclosingStatementOrCallback is the nearest statement around n whose parent is a
// block, the program or a loop; a function literal passed as an argument is crossed.
func enclosingStatementOrCallback(n *sitter.Node) *sitter.Node {
	for c, p := n, syntax.Parent(n); p != nil; c, p = p, syntax.Parent(p) {
		switch {
		case syntax.Kind(p) == syntax.StatementBlock || syntax.Kind(p) == syntax.Program || isLoop(p) && c.Id() == loopBody(p):
			return c
		case syntax.IsFunction(p):
			a := syntax.Parent(p)
			if a == nil || syntax.Kind(a) != syntax.Arguments {
				return nil
			}
		}
	}
	return nil
}

func isLoop(n *sitter.Node) bool {
	switch syntax.Kind(n) {
	case syntax.ForStatement, syntax.ForInStatement, syntax.WhileStatement, syntax.DoStatement:
		return true
	}
	return false
}

func loopBody(loop *sitter.Node) uintptr {
	if b := syntax.Field(loop, syntax.FieldBody); b != nil {
		return b.Id()
	}
	return 0
}
