package resolve

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Build collects the nodes of each wanted kind in document order, all of them: the
// grammars give some kinds several ids (call_expression, member_expression and
// string have aliases of their own), and nodes of every id of a name go in one list.
// Checked against tree-sitter's own walk on the testdata and on sources with
// generic calls, dynamic imports and aliased strings, on a fresh tree (whose index
// the walk reads) and on one that already had its index.
func TestBuildCollectsEveryKindOfAName(t *testing.T) {
	want := []string{syntax.CallExpression, syntax.MemberExpression, syntax.String, syntax.StringFragment,
		syntax.Identifier, syntax.SubscriptExpression, syntax.Comment, syntax.ImportStatement}
	sources := map[string][]byte{
		"generic.ts": []byte("const a = f<T>(x).g<U>(y); import('m').then(m => m.x['k']); let s: 'a' | \"b\" = `t`;"),
		"jsx.tsx":    []byte("const v = <A b=\"c\">{d.e(f)}</A>; import x from 'y';"),
	}
	err := filepath.WalkDir(filepath.Join("..", "..", "testdata"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || syntax.ForPath(p) == syntax.Unknown || len(sources) > 60 {
			return err
		}
		src, err := os.ReadFile(p)
		sources[p] = src
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]map[uint16]bool{} // the ids met of each wanted name
	for name, src := range sources {
		tree, err := syntax.Parse(t.Context(), syntax.ForPath(name), src, nil)
		if err != nil {
			t.Fatal(err)
		}
		expected := map[string][]uintptr{}
		var visit func(n *sitter.Node)
		visit = func(n *sitter.Node) {
			if slices.Contains(want, n.Kind()) {
				expected[n.Kind()] = append(expected[n.Kind()], n.Id())
				if ids[n.Kind()] == nil {
					ids[n.Kind()] = map[uint16]bool{}
				}
				ids[n.Kind()][n.KindId()] = true
			}
			for i := range n.NamedChildCount() {
				visit(n.NamedChild(i))
			}
		}
		visit(tree.RootNode())
		for round := range 2 { // the first Build gives the tree its index, the second reads it unflattened
			r := Build(tree.RootNode(), src, want, Options{})
			for _, k := range want {
				var got []uintptr
				for _, n := range r.Nodes(k) {
					got = append(got, n.Id())
				}
				if !slices.Equal(got, expected[k]) {
					t.Fatalf("%s, build %d: %d %s nodes collected, tree-sitter has %d (or in another order)", name, round+1, len(got), k, len(expected[k]))
				}
			}
		}
		syntax.Close(tree)
	}
	if !slices.ContainsFunc(want, func(k string) bool { return len(ids[k]) > 1 }) {
		t.Fatal("no wanted name met under two ids: the sources no longer test that they share a list")
	}
}

// The nodes Build collects are the records of the tree's index, not copies, on the
// Build that gives the tree its index and on a later one that reads it: questions
// about them then read their records.
func TestBuildCollectsPointersIntoTheIndex(t *testing.T) {
	src := []byte("function f(a) { return g(a).h() }\nf(1)")
	tree, err := syntax.Parse(t.Context(), syntax.JavaScript, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer syntax.Close(tree)
	for round := range 2 {
		r := Build(tree.RootNode(), src, []string{syntax.CallExpression}, Options{})
		records, _, ok := syntax.IndexedFlatten(tree.RootNode(), MaxDepth)
		calls := r.Nodes(syntax.CallExpression)
		if !ok || len(calls) != 3 {
			t.Fatalf("build %d: %d calls collected, the tree's index found: %v", round+1, len(calls), ok)
		}
		for _, c := range calls {
			if !inRecords(records, c) {
				t.Fatalf("build %d: the call at %d is a copy, not a record of the index", round+1, c.StartByte())
			}
		}
	}
}

func inRecords(records []syntax.Flat, n *sitter.Node) bool {
	for i := range records {
		if records[i].Node() == n {
			return true
		}
	}
	return false
}
