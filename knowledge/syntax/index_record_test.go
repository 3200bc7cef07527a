package syntax

import (
	"testing"
)

// A node that points into its tree's index (what Parent, Field and cursors return)
// has its kind and place read from its record; the same node copied elsewhere is
// found by searching and its kind asked of C. Both agree with tree-sitter on every
// named node of the testdata apps and samples.
func TestKindAndFindOfIndexedNodes(t *testing.T) {
	for name, tree := range testdataTrees(t) {
		root := tree.RootNode()
		Flatten(root, 0xfffe, nil) // a whole tree's walk gives the tree its index
		s := stateOf(root)
		if s == nil || !s.ready.Load() {
			t.Fatalf("%s: no index after a whole tree's Flatten", name)
		}
		x := s.index
		for i := range x.Len() {
			c := x.at(int32(i))
			inIndex := c.Node()
			elsewhere := *inIndex
			if x.recordOf(inIndex) != int32(i) || x.recordOf(&elsewhere) != -1 {
				t.Fatalf("%s: record of node %d is %d, of its copy %d", name, i, x.recordOf(inIndex), x.recordOf(&elsewhere))
			}
			want := inIndex.Kind()
			if got := Kind(inIndex); got != want {
				t.Fatalf("%s: Kind of indexed node %d = %q, want %q", name, i, got, want)
			}
			if got := Kind(&elsewhere); got != want {
				t.Fatalf("%s: Kind of copied node %d = %q, want %q", name, i, got, want)
			}
			if x.Find(inIndex) != c || x.Find(&elsewhere) != c {
				t.Fatalf("%s: Find of node %d gives %d and %d", name, i, x.Find(inIndex).i, x.Find(&elsewhere).i)
			}
		}
	}
}
