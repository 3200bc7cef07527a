package syntax_test

import (
	"context"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis/analysistest"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// BenchmarkEnclosingFunctionOfEveryCall asks the innermost function around every
// call of a large file: by walking up with Node.Parent (each a cgo call that searches
// down from the root), from an Index made for the purpose (one more walk of the
// whole tree), and from one already made, as the resolver's walk gives it.
func BenchmarkEnclosingFunctionOfEveryCall(b *testing.B) {
	path, src := analysistest.LargeFile(b)
	tree, err := syntax.Parse(context.Background(), syntax.ForPath(path), src, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer syntax.Close(tree)
	x := syntax.NewIndex(tree.RootNode())
	var calls []*sitter.Node
	for i := range x.Len() {
		if c := x.At(i); c.Kind() == syntax.CallExpression {
			calls = append(calls, tree.RootNode().NamedDescendantForByteRange(c.StartByte(), c.EndByte()))
		}
	}
	b.Logf("%d calls", len(calls))
	b.Run("Node.Parent", func(b *testing.B) {
		for b.Loop() {
			for _, n := range calls {
				for p := n.Parent(); p != nil && !syntax.IsFunction(p); p = p.Parent() {
				}
			}
		}
	})
	b.Run("Find in a made Index", func(b *testing.B) {
		for b.Loop() {
			for _, n := range calls {
				x.Find(n).Enclosing(syntax.IsFunctionKind)
			}
		}
	})
	b.Run("NewIndex and Find", func(b *testing.B) {
		for b.Loop() {
			x := syntax.NewIndex(tree.RootNode())
			for _, n := range calls {
				x.Find(n).Enclosing(syntax.IsFunctionKind)
			}
		}
	})
}
