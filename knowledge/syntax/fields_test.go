package syntax

import (
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// The index answers a field as tree-sitter does, for every named node and every field
// of its grammar, or declines; and it answers most of them, so that Field rarely
// needs C once a tree is indexed.
func TestIndexedFieldsAgreeWithTreeSitter(t *testing.T) {
	for name, tree := range testdataTrees(t) {
		answered, declined := compareIndexedFields(t, name, tree)
		if answered == 0 || declined*10 > answered {
			t.Errorf("%s: the index answered %d field questions and declined %d", name, answered, declined)
		}
	}
}

// compareIndexedFields asks every field of every named node of tree from its index
// and from the binding, and counts the questions the index answered and declined.
func compareIndexedFields(t *testing.T, name string, tree *sitter.Tree) (answered, declined int) {
	t.Helper()
	x := NewIndex(tree.RootNode())
	if x.fields == nil {
		t.Fatalf("%s: no fields recorded", name)
	}
	g := tree.Language()
	for i := range x.Len() {
		n := x.At(i).Node()
		for id := uint16(1); uint32(id) <= g.FieldCount(); id++ {
			k, ok := x.fieldAt(n, id)
			if !ok {
				declined++
				continue
			}
			answered++
			var got *sitter.Node
			if k >= 0 {
				got = x.nodes[k].Node()
			}
			if want := n.ChildByFieldId(id); !sameNode(got, want) {
				t.Errorf("%s: field %s of %s at %d: %v, tree-sitter %v", name, g.FieldNameForId(id), n.Kind(), n.StartByte(), got, want)
			}
		}
	}
	return answered, declined
}

// Once the resolver's walk has given a tree its index, Field and FieldAndKind answer
// from it what tree-sitter answers.
func TestFieldFromAnAdoptedIndex(t *testing.T) {
	for name, tree := range testdataTrees(t) {
		root := tree.RootNode()
		nodes, deepest := Flatten(root, 0xfffe, nil)
		s := stateOf(root)
		if deepest > 0xfffe || !s.ready.Load() || s.index.fields == nil {
			t.Fatalf("%s: the walk gave the tree no index with fields", name)
		}
		g := tree.Language()
		answered := 0 // questions the adopted index answers without C
		for i := range nodes {
			n := nodes[i].Node()
			for id := uint16(1); uint32(id) <= g.FieldCount(); id++ {
				if _, ok := s.indexedField(n, id); ok {
					answered++
				}
				want := n.ChildByFieldId(id)
				got, kind := FieldAndKind(n, g.FieldNameForId(id))
				wantKind := ""
				if want != nil {
					wantKind = want.Kind()
				}
				if !sameNode(Field(n, g.FieldNameForId(id)), want) || !sameNode(got, want) || kind != wantKind {
					t.Errorf("%s: field %s of %s: %v %q, tree-sitter %v", name, g.FieldNameForId(id), n.Kind(), got, kind, want)
				}
			}
		}
		if answered == 0 {
			t.Errorf("%s: the adopted index answered none of the field questions: Field asked C for all", name)
		}
	}
}

// The shapes where a node's named children alone would name the wrong field child:
// hidden rules shown under another name (TypeScript's `typeof a.b.c` and `-1` as a
// type), fields on unnamed children (operators, `const`), and ERROR nodes, whose
// fields tree-sitter never gives.
func TestIndexedFieldsOnAliasesAndErrors(t *testing.T) {
	sources := map[Language][]string{
		TypeScript: {
			"let x: typeof a.b.c; let y: typeof f<T>(1); type N = -1 | 'a'; let z: typeof import('m');",
			"export declare function get(req: Request): Promise<void>\nexport default function (: string) {",
			"const a = b + c, d = -e; a += 1; x ? y : z;",
		},
		JavaScript: {"app.get('/', (req, res) => { res.send(req.query.q) ; ) }", "let { a = 1, ...b } = c; for (const k in o) {}"},
	}
	for lang, srcs := range sources {
		for _, src := range srcs {
			tree, err := Parse(t.Context(), lang, []byte(src), nil)
			if err != nil {
				t.Fatal(err)
			}
			compareIndexedFields(t, src, tree)
			Close(tree)
		}
	}
}

// An index keeps its fields as long as its tree: a byte a node, not the guess the
// walk started from (a few times the count).
func TestIndexKeepsFieldsOfTheNodesCount(t *testing.T) {
	for name, tree := range testdataTrees(t) {
		root := tree.RootNode()
		Flatten(root, 0xfffe, nil)
		for _, x := range []*Index{stateOf(root).index, NewIndex(root)} {
			if x == nil {
				t.Fatalf("%s: the whole tree's Flatten gave the tree no index", name)
			}
			if x.fields == nil || cap(x.fields) != len(x.nodes) {
				t.Fatalf("%s: an index of %d nodes keeps room for %d fields", name, len(x.nodes), cap(x.fields))
			}
		}
	}
}
