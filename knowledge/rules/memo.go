package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// fileQuestion is a Memo key for a question about the whole file, asked with an
// optional name ("is `cfg` mutated anywhere?").
type fileQuestion struct{ question, name string }

// nodeQuestion is a Memo key for a question about one node, which tree-sitter gives
// no stable identity to across lookups: its byte range and kind stand for it.
type nodeQuestion struct {
	question   string
	start, end uint
	kind       uint16
}

// askFile answers a question about the whole file once per check (see analysis.Memo).
func askFile[T any](pass *analysis.Pass, question, name string, compute func() T) T {
	return analysis.Memo(pass, fileQuestion{question, name}, compute)
}

// askNode answers a question about node n once per check.
func askNode[T any](pass *analysis.Pass, question string, n *sitter.Node, compute func() T) T {
	return analysis.Memo(pass, nodeQuestion{question, n.StartByte(), n.EndByte(), n.KindId()}, compute)
}

// callsOfMethod lists, in source order, the file's calls of a method named m
// (`x.m(...)`). The calls of every name are listed in one pass per check: the request
// path asks for the calls of each of a file's class methods.
func callsOfMethod(pass *analysis.Pass, m string) []*sitter.Node {
	return askFile(pass, "calls by method name", "", func() map[string][]*sitter.Node {
		out := map[string][]*sitter.Node{}
		for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
			name := syntax.MethodName(call, pass.File.Src)
			out[name] = append(out[name], call)
		}
		return out
	})[m]
}
