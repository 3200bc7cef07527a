package syntax

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// testdataTrees parses the sample apps of the repository's testdata, and the
// per-grammar samples, each closed at the end of the test.
func testdataTrees(t *testing.T) map[string]*sitter.Tree {
	trees := map[string]*sitter.Tree{}
	add := func(name string, lang Language, src []byte) {
		tree, err := Parse(context.Background(), lang, src, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { Close(tree) })
		trees[name] = tree
	}
	err := filepath.WalkDir(filepath.Join("..", "..", "testdata"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || ForPath(p) == Unknown {
			return err
		}
		src, err := os.ReadFile(p)
		if err == nil {
			add(p, ForPath(p), src)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for lang, src := range samples {
		add(lang.String(), lang, []byte(src))
	}
	if len(trees) < 5 {
		t.Fatalf("only %d files", len(trees))
	}
	return trees
}

func sameNode(a, b *sitter.Node) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Id() == b.Id() && a.StartByte() == b.StartByte())
}

// An index's cursors give what tree-sitter gives for every named node: parent, named
// siblings, kind and span, and Find comes back to the same place.
func TestCursorAgreesWithTreeSitter(t *testing.T) {
	for name, tree := range testdataTrees(t) {
		x := NewIndex(tree.RootNode())
		if x.Len() < 10 || x.Root().Node().Id() != tree.RootNode().Id() {
			t.Fatalf("%s: %d nodes", name, x.Len())
		}
		for i := range x.Len() {
			c := x.at(int32(i))
			n := c.Node()
			for what, pair := range map[string][2]*sitter.Node{
				"parent":       {c.Parent().Node(), n.Parent()},
				"next sibling": {c.NextSibling().Node(), n.NextNamedSibling()},
				"prev sibling": {c.PrevSibling().Node(), n.PrevNamedSibling()},
			} {
				if !sameNode(pair[0], pair[1]) {
					t.Fatalf("%s: %s of %s at %d is %v, tree-sitter says %v", name, what, n.Kind(), n.StartByte(), pair[0], pair[1])
				}
			}
			if c.Kind() != n.Kind() || c.StartByte() != n.StartByte() || c.EndByte() != n.EndByte() {
				t.Fatalf("%s: %s %d-%d, tree-sitter says %s %d-%d", name, c.Kind(), c.StartByte(), c.EndByte(), n.Kind(), n.StartByte(), n.EndByte())
			}
			// A node tree-sitter hands out anew is found at the same place.
			fresh := tree.RootNode().NamedDescendantForByteRange(n.StartByte(), n.EndByte())
			for fresh != nil && fresh.Id() != n.Id() {
				fresh = fresh.Parent()
			}
			if got := x.Find(fresh); got != c {
				t.Fatalf("%s: Find(%s at %d) = %d, want %d", name, n.Kind(), n.StartByte(), got.i, i)
			}
		}
		if x.Root().Parent().Valid() || x.Find(nil).Valid() || (Cursor{}).Parent().Valid() {
			t.Errorf("%s: a cursor past the edge is valid", name)
		}
	}
}

// The helpers that walk up answer what walking with Node.Parent answers, before the
// tree is indexed (its first asks) and from the index after.
func TestWalksUpAgreeWithAndWithoutTheIndex(t *testing.T) {
	for name, tree := range testdataTrees(t) {
		x := NewIndex(tree.RootNode())
		for i := range x.Len() {
			n := tree.RootNode().NamedDescendantForByteRange(x.nodes[i].StartByte(), x.nodes[i].EndByte())
			for n.Id() != x.nodes[i].Node().Id() {
				n = n.Parent()
			}
			var want struct{ fn, outer, stmt, top *sitter.Node }
			for c, p := n, n.Parent(); p != nil; c, p = p, p.Parent() {
				if want.fn == nil && IsFunction(p) {
					want.fn = p
				}
				if IsFunction(p) {
					want.outer = p
				}
				if want.top == nil && p.Kind() == Program {
					want.top = c
				}
			}
			for c, p := n, n.Parent(); p != nil && !IsFunction(p) && p.Kind() != ClassBody; c, p = p, p.Parent() {
				if k := p.Kind(); k == StatementBlock || k == Program || k == SwitchCase || k == SwitchDefault {
					want.stmt = c
					break
				}
			}
			if got := EnclosingFunction(n); !sameNode(got, want.fn) {
				t.Fatalf("%s: EnclosingFunction(%s at %d) = %v, want %v", name, n.Kind(), n.StartByte(), got, want.fn)
			}
			if got := OutermostFunction(n); !sameNode(got, want.outer) {
				t.Fatalf("%s: OutermostFunction(%s at %d) = %v, want %v", name, n.Kind(), n.StartByte(), got, want.outer)
			}
			if got := Statement(n); !sameNode(got, want.stmt) {
				t.Fatalf("%s: Statement(%s at %d) = %v, want %v", name, n.Kind(), n.StartByte(), got, want.stmt)
			}
			if got := TopStatement(n); !sameNode(got, want.top) {
				t.Fatalf("%s: TopStatement(%s at %d) = %v, want %v", name, n.Kind(), n.StartByte(), got, want.top)
			}
			var wantPrev, gotPrev []uintptr
			for prev := n.PrevNamedSibling(); prev != nil; prev = prev.PrevNamedSibling() {
				if prev.Kind() == n.Kind() {
					wantPrev = append(wantPrev, prev.Id())
				}
			}
			for prev := range PrevSiblingsOfKind(n, n.Kind()) {
				gotPrev = append(gotPrev, prev.Id())
			}
			if !slices.Equal(gotPrev, wantPrev) {
				t.Fatalf("%s: PrevSiblingsOfKind(%s at %d) = %v, want %v", name, n.Kind(), n.StartByte(), gotPrev, wantPrev)
			}
			if got := Parent(n); !sameNode(got, n.Parent()) {
				t.Fatalf("%s: Parent(%s at %d) = %v", name, n.Kind(), n.StartByte(), got)
			}
		}
		if s := stateOf(tree.RootNode()); !s.ready.Load() {
			t.Errorf("%s: not indexed after %d steps up", name, s.steps.Load())
		}
		if c := CursorOf(tree.RootNode()); !c.Valid() || c.Parent().Valid() {
			t.Errorf("%s: the root's cursor is %v", name, c)
		}
	}
}

// Goroutines that walk up one tree at once, while its index is being made, all get
// the answers of Node.Parent walks (run under -race by make test-race).
func TestWalksUpFromManyGoroutines(t *testing.T) {
	for name, tree := range testdataTrees(t) {
		x := NewIndex(tree.RootNode())
		want := make([]*sitter.Node, x.Len())
		for i := range x.Len() {
			want[i] = x.At(i).Node().Parent()
		}
		errs := make(chan string, 4)
		for range 4 {
			go func() {
				for i := range x.Len() {
					if got := Parent(x.At(i).Node()); !sameNode(got, want[i]) {
						errs <- fmt.Sprintf("%s: Parent of node %d is %v, want %v", name, i, got, want[i])
						return
					}
				}
				errs <- ""
			}()
		}
		for range 4 {
			if e := <-errs; e != "" {
				t.Fatal(e)
			}
		}
	}
}
