package rules

import (
	"context"
	"slices"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// TestOwnCallsMatchWalkingTheBody: grouping the file's calls by function gives every
// function, and the module's top level, the calls a walk of its body meets without
// entering nested functions, in the same order: through nesting, IIFEs, callbacks, parameter defaults, class and
// object methods, an arrow whose body is a call, and an arrow whose body is an arrow.
func TestOwnCallsMatchWalkingTheBody(t *testing.T) {
	const src = `import express from 'express';
setup();
(function () { a(); })();
(() => b(c(() => d())))();
export function outer(x = defaults()) {
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
const curried = (p = q()) => (r = s()) => t(u());
const deeper = () => () => () => express();
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
		case syntax.Kind(n) == syntax.CallExpression:
			calls = append(calls, n)
		}
		return true
	})
	if len(functions) < 18 || len(calls) < 20 {
		t.Fatalf("the sample has %d functions and %d calls", len(functions), len(calls))
	}
	grouped := groupOwnCalls(calls)
	text := func(nodes []*sitter.Node) []string {
		var out []string
		for _, n := range nodes {
			out = append(out, syntax.Text(n, []byte(src)))
		}
		return out
	}
	var topLevel []*sitter.Node
	walkNamed(tree.RootNode(), true, func(n *sitter.Node) bool {
		if syntax.Kind(n) == syntax.CallExpression {
			topLevel = append(topLevel, n)
		}
		return true
	})
	if got := grouped[0]; !slices.Equal(text(got), text(topLevel)) {
		t.Errorf("top-level calls %q, walking the module meets %q", text(got), text(topLevel))
	}
	for _, fn := range functions {
		var want []*sitter.Node
		walkNamed(syntax.Field(fn, syntax.FieldBody), true, func(n *sitter.Node) bool {
			if syntax.Kind(n) == syntax.CallExpression {
				want = append(want, n)
			}
			return true
		})
		if got := grouped[fn.Id()]; !slices.Equal(text(got), text(want)) {
			t.Errorf("%q: own calls %q, walking the body meets %q", syntax.Text(fn, []byte(src)), text(got), text(want))
		}
	}
}
