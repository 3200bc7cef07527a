package resolve_test

import (
	"context"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis/analysistest"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// kinds are what the rules usually ask the walk to collect.
var kinds = []string{"call_expression", "new_expression", "member_expression", "comment"}

// parseLarge parses the benchmarks' large file; the tree is closed when b ends.
func parseLarge(b *testing.B) (*sitter.Tree, []byte) {
	path, src := analysistest.LargeFile(b)
	tree, err := syntax.Parse(context.Background(), syntax.ForPath(path), src, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(tree.Close)
	return tree, src
}

// BenchmarkBuild is the resolver of a whole large file: the flattened walk, scopes,
// bindings and handler detection.
func BenchmarkBuild(b *testing.B) {
	tree, src := parseLarge(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		resolve.Build(tree.RootNode(), src, kinds, resolve.Options{})
	}
}

// BenchmarkWindow is the resolver of the statement at the middle of the same file,
// answering for the rest through the whole file's: what an edit there costs.
func BenchmarkWindow(b *testing.B) {
	tree, src := parseLarge(b)
	root := tree.RootNode()
	base := resolve.Build(root, src, kinds, resolve.Options{})
	stmt := root.NamedChild(0)
	for i := uint(0); stmt.EndByte() < uint(len(src)/2); i++ {
		stmt = root.NamedChild(i)
	}
	span := resolve.Span{Start: stmt.StartByte(), End: stmt.EndByte()}
	b.SetBytes(int64(span.End - span.Start))
	for b.Loop() {
		resolve.Window(base, stmt, span, span, src, kinds, resolve.Options{})
	}
}

// BenchmarkBuildAndAsk is what a check does with a file it has just parsed: the
// first Build of the tree (which gives it its index), then the questions the rules
// ask of every collected call: its method name, its arguments and their kinds. A
// clone of the tree is a new tree without an index, as a fresh parse is.
func BenchmarkBuildAndAsk(b *testing.B) {
	tree, src := parseLarge(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		clone := syntax.Clone(tree)
		r := resolve.Build(clone.RootNode(), src, kinds, resolve.Options{})
		for _, call := range r.Nodes("call_expression") {
			syntax.MethodName(call, src)
			args := syntax.Field(call, syntax.FieldArguments)
			for i := range syntax.NamedChildCount(args) {
				syntax.Kind(syntax.NamedChild(args, i))
			}
		}
		syntax.Close(clone)
	}
}
