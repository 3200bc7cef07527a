package rules

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// TestSecFindDeclarator: the declarator found for a name is the last one before it in
// the innermost enclosing function that declares the name, else at the top level; a
// declaration inside another function, or after the use, is never it; destructuring
// and shorthand properties bind too.
func TestSecFindDeclarator(t *testing.T) {
	cases := []struct {
		name, file, src string
		want            []string // the declarator of each use(...) argument, "" for none
	}{
		{name: "innermost function first, then outward, then the top level", file: "a.js", src: `const q = 'top';
function outer() {
  let q = 'outer';
  function inner() {
    const q = 'inner';
    use(q);
  }
  const after = () => { use(q); };
  use(q);
}
use(q);`, want: []string{"q = 'inner'", "q = 'outer'", "q = 'outer'", "q = 'top'"}},
		{name: "the last declaration before the use", file: "a.js", src: `function f() {
  var s = 'a';
  use(s);
  var s = 'b';
  use(s);
}`, want: []string{"s = 'a'", "s = 'b'"}},
		{name: "a declaration after the use or in another function is not it", file: "a.js", src: `function f() {
  use(late);
  var late = 1;
}
function g() { const other = 1; }
function h(other) { use(other); }`, want: []string{"", ""}},
		{name: "destructuring and shorthand (TS); a default's unbound name has no declarator", file: "a.ts", src: `export function f(req: any) {
  const { email, name: alias = fallback } = req.body;
  const [first, { deep }] = list;
  use(email);
  use(alias);
  use(fallback);
  use(deep);
  const o = { email };
  use(first);
}`, want: []string{"{ email, name: alias = fallback } = req.body", "{ email, name: alias = fallback } = req.body",
			"", "[first, { deep }] = list", "[first, { deep }] = list"}},
		{name: "a var in a block belongs to its function, a const out of its block binds nothing", file: "a.js", src: `function f() {
  if (x) { var sql = 'SELECT 1'; const scoped = 2; }
  use(sql);
  use(scoped);
}`, want: []string{"sql = 'SELECT 1'", ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			rule := &analysis.Rule{Name: "test-declarators", Kinds: []string{syntax.CallExpression}, Local: true,
				Run: func(pass *analysis.Pass, call *sitter.Node) {
					if pass.Text(syntax.Field(call, syntax.FieldFunction)) != "use" {
						return
					}
					d := secFindDeclarator(pass, secArgs(call)[0])
					if d == nil {
						got = append(got, "")
						return
					}
					got = append(got, pass.Text(d))
				}}
			f, _, err := analysis.Check(context.Background(), tc.file, syntax.ForPath(tc.file), []byte(tc.src), nil, nil, []*analysis.Rule{rule}, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			f.Tree.Close()
			if !slices.Equal(got, tc.want) {
				t.Errorf("declarators %q, want %q", got, tc.want)
			}
		})
	}
}

// BenchmarkSecFindDeclarator asks for the declarators of the names a query is built
// from in a file of 2,000 functions, as sql-template-injection does on a bundled file,
// a top-level const among them: the regions are indexed once per check, so the cost
// grows with the file, not with the file times its names (a walk of the whole file
// for each use of the const took seconds here). The check that asks is measured
// whole, its parse included (about half of it).
func BenchmarkSecFindDeclarator(b *testing.B) {
	var src strings.Builder
	src.WriteString("const table = 'users';\n")
	for i := range 2000 {
		fmt.Fprintf(&src, "function f%d(id) {\n  const { a, b: [c] } = load(id);\n  let sql = `SELECT * FROM ${table} WHERE id = ${a}`;\n  sql += c;\n  return db.query(sql);\n}\n", i)
	}
	found := 0
	rule := &analysis.Rule{Name: "bench-declarators", Kinds: []string{syntax.Identifier}, Local: true,
		Run: func(pass *analysis.Pass, id *sitter.Node) {
			if name := pass.Text(id); name != "table" && name != "sql" && name != "a" && name != "c" {
				return
			}
			if secFindDeclarator(pass, id) != nil {
				found++
			}
		}}
	text := []byte(src.String())
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		found = 0
		f, _, err := analysis.Check(context.Background(), "bundle.js", syntax.JavaScript, text, nil, nil, []*analysis.Rule{rule}, analysis.Options{})
		if err != nil {
			b.Fatal(err)
		}
		f.Tree.Close()
		if found == 0 {
			b.Fatal("no declarator found")
		}
	}
}
