package syntax

import (
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis/analysistest"
)

// largeTree is the parse tree of the large file, closed when the benchmark ends.
func largeTree(b *testing.B) *sitter.Tree {
	b.Helper()
	path, src := analysistest.LargeFile(b)
	tree, err := Parse(b.Context(), ForPath(path), src, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { Close(tree) })
	return tree
}

// BenchmarkFlattenWithFields is the whole-tree walk of a large file without and with
// each node's field recorded (what the resolver's walk pays for Field's answers).
func BenchmarkFlattenWithFields(b *testing.B) {
	tree := largeTree(b)
	root := tree.RootNode()
	var buf []Flat
	for _, withFields := range []bool{false, true} {
		name := map[bool]string{false: "nodes", true: "nodes and fields"}[withFields]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				buf, _, _ = flatten(root, 0xfffe, buf, withFields)
			}
		})
	}
}

// BenchmarkFieldOfEveryNode asks a few common fields of every named node of a large
// file, from C and from an index.
func BenchmarkFieldOfEveryNode(b *testing.B) {
	tree := largeTree(b)
	x := NewIndex(tree.RootNode())
	s := stateOf(tree.RootNode())
	var ids []uint16
	for _, f := range []string{FieldName, FieldBody, FieldFunction, FieldObject, FieldValue} {
		ids = append(ids, s.tables.fields[f])
	}
	b.Logf("%d named nodes", x.Len())
	b.Run("from C", func(b *testing.B) {
		for b.Loop() {
			for i := range x.Len() {
				for _, id := range ids {
					childByFieldID(x.nodes[i].Node(), id)
				}
			}
		}
	})
	b.Run("from the index", func(b *testing.B) {
		for b.Loop() {
			for i := range x.Len() {
				for _, id := range ids {
					if _, ok := x.fieldAt(x.nodes[i].Node(), id); !ok {
						childByFieldID(x.nodes[i].Node(), id)
					}
				}
			}
		}
	})
}
