package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ownCalls are the calls that a walk of fn's body meets without entering a nested
// function (containsNode(body, true, …)), in document order; for a nil fn, those of
// the module's top level, outside every function. They come from the
// resolver's list of the file's calls, grouped once per file by the function each
// runs in: whether a function starts the server or registers routes is asked of
// nearly every function on the request path, and walking each body node by node
// costs a call into C a node.
func ownCalls(pass *analysis.Pass, fn *sitter.Node) []*sitter.Node {
	return askFile(pass, "own calls of functions", "", func() map[uintptr][]*sitter.Node {
		return groupOwnCalls(pass.Resolver.Nodes(syntax.CallExpression))
	})[idOf(fn)]
}

// idOf is fn's key in the grouping, 0 for the top level.
func idOf(fn *sitter.Node) uintptr {
	if fn == nil {
		return 0
	}
	return fn.Id()
}

// groupOwnCalls maps each function to its own calls, and 0 to the calls outside every
// function. A call belongs to the innermost function g around it when it lies in g's body (not in a parameter's default); and,
// when g is itself the body of an outer function (`a => b => express()`), the walk of
// that body starts on g and meets every call of g's own, so the call belongs to the
// outer function too.
func groupOwnCalls(calls []*sitter.Node) map[uintptr][]*sitter.Node {
	bodies := map[uintptr]*sitter.Node{}
	bodyOf := func(fn *sitter.Node) *sitter.Node {
		b, ok := bodies[fn.Id()]
		if !ok {
			b = syntax.Field(fn, syntax.FieldBody)
			bodies[fn.Id()] = b
		}
		return b
	}
	out := map[uintptr][]*sitter.Node{}
	for _, call := range calls {
		g := syntax.EnclosingFunction(call)
		if g == nil {
			out[0] = append(out[0], call)
			continue
		}
		if body := bodyOf(g); body != nil && syntax.Contains(body, call) {
			out[g.Id()] = append(out[g.Id()], call)
		}
		if outer := syntax.EnclosingFunction(g); outer != nil {
			if body := bodyOf(outer); body != nil && body.Id() == g.Id() {
				out[outer.Id()] = append(out[outer.Id()], call)
			}
		}
	}
	return out
}
