package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// nodeKey identifies a node of the file's tree: tree-sitter hands out a new value for
// every lookup, so its byte range and kind stand for it.
type nodeKey struct {
	start, end uint
	kind       uint16
}

func keyOf(n *sitter.Node) nodeKey { return nodeKey{n.StartByte(), n.EndByte(), n.KindId()} }

// functionIndex maps every function and call of a file to the innermost function
// around it (nil at top level).
type functionIndex map[nodeKey]*sitter.Node

// enclosingFunction is syntax.EnclosingFunction answered from the resolver's lists of
// the file's functions and calls, indexed once: tree-sitter keeps no parent pointers,
// so each Parent() searches down from the root, and walking up from every call the
// request path asks about costs the file's depth many times over. Other nodes are
// walked up as before.
func enclosingFunction(pass *analysis.Pass, n *sitter.Node) *sitter.Node {
	idx := askFile(pass, "enclosing functions", "", func() functionIndex {
		return indexFunctions(pass.Resolver.Functions(), pass.Resolver.Nodes(syntax.CallExpression))
	})
	if fn, ok := idx[keyOf(n)]; ok {
		return fn
	}
	return syntax.EnclosingFunction(n)
}

// indexFunctions merges the functions and calls, each in document order, into one
// sweep that keeps the functions still open on a stack: the top one that contains a
// node is its innermost function.
func indexFunctions(functions, calls []*sitter.Node) functionIndex {
	type span struct {
		n          *sitter.Node
		start, end uint
	}
	spans := func(nodes []*sitter.Node) []span {
		out := make([]span, len(nodes))
		for i, n := range nodes {
			out[i] = span{n, n.StartByte(), n.EndByte()}
		}
		return out
	}
	fns, cs := spans(functions), spans(calls)
	idx := make(functionIndex, len(fns)+len(cs))
	var open []span
	visit := func(s span) {
		for len(open) > 0 && s.end > open[len(open)-1].end {
			open = open[:len(open)-1]
		}
		var outer *sitter.Node
		if len(open) > 0 {
			outer = open[len(open)-1].n
		}
		idx[keyOf(s.n)] = outer
	}
	for i, j := 0, 0; i < len(fns) || j < len(cs); {
		// In document order an outer node comes first: at the same start, the longer.
		if j == len(cs) || (i < len(fns) && (fns[i].start < cs[j].start || fns[i].start == cs[j].start && fns[i].end >= cs[j].end)) {
			visit(fns[i])
			open = append(open, fns[i])
			i++
			continue
		}
		visit(cs[j])
		j++
	}
	return idx
}

// outermostFunction is the top-level function around n (see topLevelFunction), nil at
// top level.
func outermostFunction(pass *analysis.Pass, n *sitter.Node) *sitter.Node {
	var out *sitter.Node
	for f := enclosingFunction(pass, n); f != nil; f = enclosingFunction(pass, f) {
		out = f
	}
	return out
}
