package syntax

import (
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// A node that points into its tree's index (what Parent, Field and cursors return)
// has its kind and place read from its record; the same node copied elsewhere is
// found by searching and its kind asked of C. Both agree with tree-sitter on every
// named node of the testdata apps and samples. EndOf reads the record's end too.
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
			if end := inIndex.EndByte(); EndOf(inIndex) != end || EndOf(&elsewhere) != end {
				t.Fatalf("%s: EndOf of node %d = %d and %d, want %d", name, i, EndOf(inIndex), EndOf(&elsewhere), end)
			}
			if x.Find(inIndex) != c || x.Find(&elsewhere) != c {
				t.Fatalf("%s: Find of node %d gives %d and %d", name, i, x.Find(inIndex).i, x.Find(&elsewhere).i)
			}
		}
	}
}

// An index's ends stay the tree's own when a clone of the tree is edited (what an
// incremental check does): tree-sitter copies the subtrees an edit changes.
func TestIndexedEndsSurviveAnEditedClone(t *testing.T) {
	tree, err := Parse(t.Context(), JavaScript, []byte("app.get('/a', (req, res) => { res.send('a'); });\nf(1);\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(tree)
	root := tree.RootNode()
	Flatten(root, 0xfffe, nil)
	x := stateOf(root).index
	ends := make([]uint, x.Len())
	for i := range x.Len() {
		ends[i] = x.At(i).Node().EndByte()
	}
	clone := Clone(tree)
	defer Close(clone)
	clone.Edit(&sitter.InputEdit{StartByte: 10, OldEndByte: 10, NewEndByte: 40,
		StartPosition: sitter.Point{Column: 10}, OldEndPosition: sitter.Point{Column: 10}, NewEndPosition: sitter.Point{Column: 40}})
	if clone.RootNode().EndByte() == root.EndByte() {
		t.Fatal("the edit did not change the clone")
	}
	for i := range x.Len() {
		n := x.At(i).Node()
		if EndOf(n) != ends[i] || n.EndByte() != ends[i] {
			t.Errorf("node %d (%s) ends at %d, tree-sitter says %d, before the edit %d", i, Kind(n), EndOf(n), n.EndByte(), ends[i])
		}
	}
}
