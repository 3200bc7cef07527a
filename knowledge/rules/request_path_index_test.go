package rules

import (
	"context"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// TestIndexFunctionsMatchesWalkingUp: the one-sweep index gives every call and
// function the same innermost function as walking up the tree, through nesting,
// siblings, IIFEs, a call whose callee is a function, and class and object methods.
func TestIndexFunctionsMatchesWalkingUp(t *testing.T) {
	const src = `import fs from 'fs';
setup();
(function () { a(); })();
(() => b(c(() => d())))();
export function outer(x: number) {
  const inner = () => { e(); return function named() { f(); }; };
  g(inner);
  return [1, 2].map((n) => h(n));
}
class Svc {
  run() { this.step(() => i()); }
  static make = () => j();
}
module.exports = { serve(req, res) { res.send(k()); }, other: async function () { await l(); } };
m(function first() { n(); }, function second() { o(); });
`
	tree, err := syntax.Parse(context.Background(), syntax.ForPath("a.ts"), []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	var functions, calls []*sitter.Node
	walkNamed(tree.RootNode(), false, func(n *sitter.Node) bool {
		switch {
		case syntax.IsFunction(n):
			functions = append(functions, n)
		case syntax.Kind(n) == "call_expression":
			calls = append(calls, n)
		}
		return true
	})
	if len(functions) < 12 || len(calls) < 15 {
		t.Fatalf("the sample has %d functions and %d calls", len(functions), len(calls))
	}
	idx := indexFunctions(functions, calls)
	for _, n := range append(functions, calls...) {
		want := syntax.EnclosingFunction(n)
		got, ok := idx[keyOf(n)]
		switch {
		case !ok:
			t.Errorf("%q is not indexed", syntax.Text(n, []byte(src)))
		case (got == nil) != (want == nil) || got != nil && keyOf(got) != keyOf(want):
			t.Errorf("%q: indexed in %q, walking up gives %q", syntax.Text(n, []byte(src)), syntax.Text(got, []byte(src)), syntax.Text(want, []byte(src)))
		}
	}
}
