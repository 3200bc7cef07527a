package syntax

import (
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// Once a tree has its index, NamedChild, NamedChildCount, NamedChildren and
// firstChildEnd answer from it what tree-sitter answers, on every named node of the
// testdata and of sources with aliases, operators in fields and errors; and they do
// answer from it (the children they give point into the index), so a change that
// sent them all to C would fail too.
func TestNamedChildrenFromTheIndex(t *testing.T) {
	trees := testdataTrees(t)
	for i, src := range []string{
		"let x: typeof a.b.c; type N = -1 | 'a'; const a = b + c, d = -e; x ? y : z;",
		"export default function (: string) {",
		"app.get('/', (req, res) => { res.send(req.query.q) ; ) }",
		"f(a, /* c */ b)\nnew C(1)\nobj.m(\nimport('m')",
	} {
		lang := TypeScript
		if i%2 == 1 {
			lang = JavaScript
		}
		tree, err := Parse(t.Context(), lang, []byte(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { Close(tree) })
		trees[src] = tree
	}
	fromIndex, listedFromIndex := 0, 0
	for name, tree := range trees {
		root := tree.RootNode()
		nodes, _ := Flatten(root, 0xfffe, nil)
		s := stateOf(root)
		if !s.ready.Load() {
			t.Fatalf("%s: the walk gave the tree no index", name)
		}
		for i := range nodes {
			n := &s.index.nodes[i]
			node := n.Node()
			count := node.NamedChildCount()
			if got := NamedChildCount(node); got != int(count) {
				t.Fatalf("%s: %s has %d named children, tree-sitter %d", name, node.Kind(), got, count)
			}
			for c := range count + 1 {
				want := node.NamedChild(c)
				got := NamedChild(node, int(c))
				if !sameNode(got, want) {
					t.Fatalf("%s: named child %d of %s is %v, tree-sitter %v", name, c, node.Kind(), got, want)
				}
				if got != nil && s.index.recordOf(got) >= 0 {
					fromIndex++
				}
			}
			var listed []*sitter.Node
			for c := range NamedChildren(node) {
				listed = append(listed, c)
			}
			if len(listed) != int(count) {
				t.Fatalf("%s: NamedChildren of %s lists %d, tree-sitter %d", name, node.Kind(), len(listed), count)
			}
			for c, got := range listed {
				if !sameNode(got, node.NamedChild(uint(c))) {
					t.Fatalf("%s: NamedChildren of %s lists %v at %d, tree-sitter %v", name, node.Kind(), got, c, node.NamedChild(uint(c)))
				}
				if s.index.recordOf(got) >= 0 {
					listedFromIndex++
				}
			}
			end, ok := firstChildEnd(node)
			first := node.Child(0)
			if ok != (first != nil) || first != nil && end != first.EndByte() {
				t.Fatalf("%s: first child of %s ends at %d (%v), tree-sitter %v", name, node.Kind(), end, ok, first)
			}
		}
	}
	if fromIndex == 0 {
		t.Error("no named child came from the index: NamedChild asked C for all")
	}
	if listedFromIndex == 0 {
		t.Error("no listed child came from the index: NamedChildren asked C for all")
	}
}

// Before a tree has an index, and for a node of another tree, the answers come from C.
func TestNamedChildrenWithoutAnIndex(t *testing.T) {
	call := parsed(t, JavaScript, "f(a, b, c)").NamedChild(0).NamedChild(0)
	args := Field(call, FieldArguments)
	if got := NamedChildCount(args); got != 3 {
		t.Fatalf("%d arguments, want 3", got)
	}
	var names []string
	for i := range 4 {
		if c := NamedChild(args, i); c != nil {
			names = append(names, Kind(c))
		}
	}
	if len(names) != 3 || names[2] != Identifier {
		t.Fatalf("arguments %v", names)
	}
	var listed []string
	for c := range NamedChildren(args) {
		listed = append(listed, Text(c, []byte("f(a, b, c)")))
	}
	if len(listed) != 3 || listed[0] != "a" || listed[2] != "c" {
		t.Fatalf("NamedChildren lists %v", listed)
	}
	if end, ok := firstChildEnd(call); !ok || end != 1 {
		t.Fatalf("the callee ends at %d (%v), want 1", end, ok)
	}
	var none *sitter.Node
	if NamedChild(none, 0) != nil || NamedChildCount(none) != 0 {
		t.Fatal("a nil node has children")
	}
	if s := stateOf(call); s == nil || s.ready.Load() {
		t.Fatal("the tree got an index: the answers above were not asked of C")
	}
}

// HasChildOfKind answers what asking every child's kind answers, for keywords (which
// only it reaches: they are not named), named kinds, a name with several ids, and a
// kind no table names.
func TestHasChildOfKind(t *testing.T) {
	trees := testdataTrees(t)
	src := "import type { A } from 'a'; import { type B, C } from 'b'; class K { static async *m() {} }; const x = ) + ];"
	tree, err := Parse(t.Context(), TypeScript, []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(tree)
	trees["sample.ts"] = tree
	// The kinds but ERROR have ids in the grammars' tables (type in TypeScript's alone),
	// so the answers below come from the one call into C or, for type in JavaScript,
	// from the table; ERROR has none, and is asked child by child.
	for _, lang := range []Language{JavaScript, TypeScript} {
		for _, kind := range []string{KeywordType, KeywordAsync, "static", Identifier, CallExpression} {
			if named := len(tables[lang].idsOf(kind)) > 0; named != (kind != KeywordType || lang == TypeScript) {
				t.Fatalf("%v's table names %s: %v", lang, kind, named)
			}
		}
		if len(tables[lang].idsOf("ERROR")) != 0 {
			t.Fatalf("%v's table names ERROR", lang)
		}
	}
	found := map[string]int{}
	for name, tree := range trees {
		var visit func(n *sitter.Node)
		visit = func(n *sitter.Node) {
			for _, kind := range []string{KeywordType, KeywordAsync, "static", Identifier, CallExpression, "ERROR"} {
				want := false
				for i := range n.ChildCount() {
					want = want || n.Child(i).Kind() == kind
				}
				if got := HasChildOfKind(n, kind); got != want {
					t.Fatalf("%s: %s has a child of kind %s: %v, tree-sitter %v", name, n.Kind(), kind, got, want)
				}
				if want {
					found[kind]++
				}
			}
			for i := range n.ChildCount() {
				visit(n.Child(i))
			}
		}
		visit(tree.RootNode())
	}
	if found[KeywordType] < 2 || found[KeywordAsync] == 0 || found["ERROR"] == 0 {
		t.Fatalf("the sources no longer hold the keywords the test asks for: %v", found)
	}
}

// IndexedFlatten gives, with no walk, what Flatten gives of a whole tree that has an
// index holding the walk: the same nodes and depth, read from the index's own records
// (so that a kept pointer into them reads the index);
// nothing before the tree has an index, for a subtree, or for a bound the tree is
// deeper than.
func TestIndexedFlatten(t *testing.T) {
	root := parsed(t, JavaScript, "function f(a) { return g(a, [b, {c: d}]) }\nf(1)")
	if _, _, ok := IndexedFlatten(root, 0xfffe); ok {
		t.Fatal("records for a tree that has no index")
	}
	nodes, deepest := Flatten(root, 0xfffe, nil)
	records, d, ok := IndexedFlatten(root, 0xfffe)
	if !ok || d != deepest || len(records) != len(nodes) || &records[0] == &nodes[0] {
		t.Fatalf("the index gave %d records to depth %d (%v), the walk %d to depth %d", len(records), d, ok, len(nodes), deepest)
	}
	for i := range records {
		if records[i].Node().Id() != nodes[i].Node().Id() || records[i].Depth() != nodes[i].Depth() || records[i].EndByte() != nodes[i].EndByte() ||
			stateOf(root).index.recordOf(records[i].Node()) != int32(i) {
			t.Fatalf("record %d is not the walk's node %d, or not the index's own", i, i)
		}
	}
	if _, d, ok := IndexedFlatten(root, deepest); !ok || d != deepest {
		t.Fatal("no records for a bound the tree reaches exactly")
	}
	if _, _, ok := IndexedFlatten(root, deepest-1); ok {
		t.Fatal("records for a bound the tree is deeper than")
	}
	if _, _, ok := IndexedFlatten(root.NamedChild(0), 0xfffe); ok {
		t.Fatal("a subtree's flattening taken from the whole tree's index")
	}
}
