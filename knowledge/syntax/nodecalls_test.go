package syntax

import (
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// The unchecked calls answer what the binding's Node methods answer, on every node
// (named or not) of files in each grammar, every field of the grammar asked of each.
func TestNodeCallsAgreeWithTheBinding(t *testing.T) {
	sources := map[Language]string{
		JavaScript: "const { a, b: [c] } = require('x');\napp.get('/', async (req, res, next) => { try { await f?.(req) } catch (e) { next(e) } });\nclass K extends B { #p = 1; m() { return (this.#p) } }\n`t${x}`;\nfoo();",
		TypeScript: "import type { T } from 'y';\nexport function h(req: Request, res?: Response): void { const v = <T>x; (v as any)!.go(); }\nlet n = a satisfies B;",
		TSX:        "export const C = (p: P) => <div onClick={() => p.f(1)}>{p.x}</div>;",
	}
	for lang, src := range sources {
		root := parsed(t, lang, src)
		g := lang.Grammar()
		checked := 0
		var visit func(n *sitter.Node)
		visit = func(n *sitter.Node) {
			checked++
			if got, want := kindID(n), n.KindId(); got != want {
				t.Errorf("%s: kind id of %s: %d, binding %d", lang, n.Kind(), got, want)
			}
			if got, want := EndOf(n), n.EndByte(); got != want {
				t.Errorf("%s: end of %s: %d, binding %d", lang, n.Kind(), got, want)
			}
			if got, want := StartOf(n), n.StartByte(); got != want {
				t.Errorf("%s: start of %s: %d, binding %d", lang, n.Kind(), got, want)
			}
			end, ok := firstChildEnd(n)
			if c := n.Child(0); (c != nil) != ok || c != nil && c.EndByte() != end {
				t.Errorf("%s: first child end of %s: %d %v, binding %v", lang, n.Kind(), end, ok, c)
			}
			if got, want := NamedChildCount(n), int(n.NamedChildCount()); got != want {
				t.Errorf("%s: named children of %s: %d, binding %d", lang, n.Kind(), got, want)
			}
			for i := range int(n.NamedChildCount()) + 1 {
				if got, want := NamedChild(n, i), n.NamedChild(uint(i)); !sameNode(got, want) {
					t.Errorf("%s: named child %d of %s: %v, binding %v", lang, i, n.Kind(), got, want)
				}
			}
			for id := uint16(1); uint32(id) <= g.FieldCount(); id++ {
				if got, want := childByFieldID(n, id), n.ChildByFieldId(id); !sameNode(got, want) {
					t.Errorf("%s: field %s of %s: %v, binding %v", lang, g.FieldNameForId(id), n.Kind(), got, want)
				}
				got, kind := FieldAndKind(n, g.FieldNameForId(id))
				if want := n.ChildByFieldId(id); !sameNode(got, want) || want != nil && kind != want.Kind() || want == nil && kind != "" {
					t.Errorf("%s: field and kind %s of %s: %v %q, binding %v", lang, g.FieldNameForId(id), n.Kind(), got, kind, want)
				}
			}
			for i := range n.ChildCount() {
				visit(n.Child(i))
			}
		}
		visit(root)
		if checked < 50 {
			t.Fatalf("%s: only %d nodes visited", lang, checked)
		}
	}
	if NamedChild(nil, 0) != nil || NamedChildCount(nil) != 0 {
		t.Error("a nil node has no children")
	}
}
