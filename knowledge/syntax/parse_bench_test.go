package syntax

import (
	"context"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis/analysistest"
)

// BenchmarkParse parses a large file and frees its tree, with a context that cannot
// end and with one that can (each progress report then asks Go whether to stop):
// what every parsed byte costs before the analysis reads the tree.
func BenchmarkParse(b *testing.B) {
	path, src := analysistest.LargeFile(b)
	cancellable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for name, ctx := range map[string]context.Context{"background": context.Background(), "cancellable": cancellable} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				tree, err := Parse(ctx, ForPath(path), src, nil)
				if err != nil {
					b.Fatal(err)
				}
				Close(tree)
			}
		})
	}
}

// BenchmarkKindOfIndexedNodes asks the kind of every node of a large file's index:
// nodes that point into the index (what Parent, Field and cursors return) and copies
// of them, whose kind comes from C.
func BenchmarkKindOfIndexedNodes(b *testing.B) {
	root := largeTree(b).RootNode()
	Flatten(root, 0xfffe, nil)
	x := stateOf(root).index
	copies := make([]Flat, len(x.nodes))
	copy(copies, x.nodes)
	for name, nodes := range map[string][]Flat{"in the index": x.nodes, "copied": copies} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				for i := range nodes {
					_ = Kind(nodes[i].Node())
				}
			}
		})
	}
}
