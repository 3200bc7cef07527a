package syntax

import (
	"context"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// samples has a snippet per grammar with the node kinds and fields that differ
// between them (type annotations, JSX, generics).
var samples = map[Language]string{
	JavaScript: "const { a, b: c } = require('x');\nasync function f(req, res) { for (const k in o) { try { g(k) } catch (e) { h`t${e}` } } }\nclass A extends B { m() { return <div>{this.x}</div>; } }\n",
	TypeScript: "import type { Request } from 'express';\nexport const h = async (req: Request, res: Response<T>): Promise<void> => { res.json({ ok: true } as const); };\ninterface I { x?: number }\n",
	TSX:        "export function C<T,>(p: { v: T }) { return <p className={p.v as any}>{`${p.v}`}</p>; }\n",
}

// walkAll visits every node of tree, named or not, with a cursor.
func walkAll(tree *sitter.Tree, visit func(n *sitter.Node, depth int)) {
	c := tree.Walk()
	defer c.Close()
	depth := 0
	for {
		visit(c.Node(), depth)
		if c.GotoFirstChild() {
			depth++
			continue
		}
		for !c.GotoNextSibling() {
			if !c.GotoParent() {
				return
			}
			depth--
		}
	}
}

// Kind and Field answer from the grammar's tables what the binding answers by asking
// C, for every node of each grammar, on parsed and on cloned trees.
func TestTablesAgreeWithTheBinding(t *testing.T) {
	fields := []string{"name", "value", "body", "parameters", "parameter", "function", "arguments", "object",
		"property", "left", "right", "type", "source", "pattern", "key", "condition", "alternative"}
	for lang, src := range samples {
		tree, err := Parse(context.Background(), lang, []byte(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		clone := Clone(tree)
		for _, tr := range []*sitter.Tree{tree, clone} {
			checked := 0
			walkAll(tr, func(n *sitter.Node, _ int) {
				if got, want := Kind(n), n.Kind(); got != want {
					t.Errorf("%s: Kind = %q, want %q", lang, got, want)
				}
				for _, f := range fields {
					got, want := Field(n, f), n.ChildByFieldName(f)
					if (got == nil) != (want == nil) || got != nil && got.Id() != want.Id() {
						t.Errorf("%s: Field(%s, %q) = %v, want %v", lang, n.Kind(), f, got, want)
					}
				}
				checked++
			})
			if checked < 20 {
				t.Errorf("%s: only %d nodes walked", lang, checked)
			}
		}
		Close(clone)
		Close(tree)
	}
	if Field(nil, "name") != nil {
		t.Error("Field(nil) is not nil")
	}
}

// Flatten lists exactly the named nodes a cursor walk meets, in its order, with
// their kinds and depths.
func TestFlattenListsTheNamedNodes(t *testing.T) {
	for lang, src := range samples {
		tree, err := Parse(context.Background(), lang, []byte(src), nil)
		if err != nil {
			t.Fatal(err)
		}
		type rec struct {
			id    uintptr
			kind  uint16
			depth int
		}
		var want []rec
		walkAll(tree, func(n *sitter.Node, depth int) {
			if n.IsNamed() {
				want = append(want, rec{n.Id(), n.KindId(), depth})
			}
		})
		got, deepest := Flatten(tree.RootNode(), 1000, nil)
		if len(got) != len(want) {
			t.Fatalf("%s: %d records, want %d", lang, len(got), len(want))
		}
		maxDepth := 0
		for i := range got {
			g := rec{got[i].Node().Id(), got[i].KindID(), got[i].Depth()}
			if g != want[i] {
				t.Fatalf("%s: record %d is %+v, want %+v", lang, i, g, want[i])
			}
			maxDepth = max(maxDepth, g.depth)
		}
		if deepest < maxDepth {
			t.Errorf("%s: deepest %d, but a record is at %d", lang, deepest, maxDepth)
		}
		Close(tree)
	}
}
