package syntax

import (
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// identifierAt is the identifier that starts at the first occurrence of marker.
func identifierAt(t *testing.T, root *sitter.Node, src, marker string) *sitter.Node {
	t.Helper()
	at := uint(strings.Index(src, marker))
	n := root.NamedDescendantForByteRange(at, at)
	if n == nil || n.StartByte() != at {
		t.Fatalf("no node at %q in %q", marker, src)
	}
	return n
}

func TestStatement(t *testing.T) {
	cases := []struct{ src, at, want string }{
		{"const a = f(x);\ng();", "x", "const a = f(x);"},
		{"function h() {\n  if (c) {\n    use(y);\n  }\n}", "y", "use(y);"},
		{"switch (k) {\n  case 1:\n    run(z);\n}", "z", "run(z);"},
		{"const h = () => use(w);", "w", ""},
		{"class A {\n  f = make(v);\n}", "v", ""},
	}
	for _, tc := range cases {
		root := parsed(t, JavaScript, tc.src)
		got := Text(Statement(identifierAt(t, root, tc.src, tc.at)), []byte(tc.src))
		if got != tc.want {
			t.Errorf("Statement(%s in %q) = %q, want %q", tc.at, tc.src, got, tc.want)
		}
	}
}

func TestTopStatement(t *testing.T) {
	src := "a();\nfunction h() {\n  return () => { use(q); };\n}\n"
	root := parsed(t, JavaScript, src)
	if got := Text(TopStatement(identifierAt(t, root, src, "q")), []byte(src)); !strings.HasPrefix(got, "function h()") {
		t.Errorf("TopStatement = %q, want the function declaration", got)
	}
	if TopStatement(root) != nil {
		t.Error("the program has no top-level statement around it")
	}
}

func TestEscapes(t *testing.T) {
	cases := []struct {
		src, at string
		want    bool
	}{
		{"s.pipe(res);", "s.", false},
		{"s.readable;", "s.", false},
		{"const s = make();", "s =", false},
		{"s = make();", "s =", false},
		{"return s;", "s;", true},
		{"use(s);", "s)", true},
		{"const t = s;", "s;", true},
		{"o = { s };", "s }", true},
		{"o.k = s;", "s;", true},
	}
	for _, tc := range cases {
		src := "function f() { " + tc.src + " }"
		root := parsed(t, JavaScript, src)
		n := identifierAt(t, root, src, tc.at)
		if got := Escapes(n); got != tc.want {
			t.Errorf("Escapes(%s in %q) = %v, want %v", Kind(n), tc.src, got, tc.want)
		}
	}
}

func TestChildrenOfKind(t *testing.T) {
	src := "export { a, b as c };"
	root := parsed(t, JavaScript, src)
	clauses := ChildrenOfKind(root.NamedChild(0), "export_clause")
	if len(clauses) != 1 {
		t.Fatalf("%d export clauses, want 1", len(clauses))
	}
	var names []string
	for _, s := range ChildrenOfKind(clauses[0], "export_specifier") {
		names = append(names, Text(s, []byte(src)))
	}
	if strings.Join(names, "|") != "a|b as c" {
		t.Errorf("specifiers = %q", names)
	}
	if got := ChildrenOfKind(root, "class_declaration"); len(got) != 0 {
		t.Errorf("found %d classes in a file without one", len(got))
	}
}

func TestExpressionStatements(t *testing.T) {
	src := "a();\n(b());\nx = 1;\nif (y) z();\nconst c = d();\nC.prototype.m = f;\n"
	root := parsed(t, JavaScript, src)
	var calls, assigned []string
	for stmt, e := range ExpressionStatements(root, CallExpression) {
		if Kind(stmt) != ExpressionStatement {
			t.Errorf("statement of %q is a %s", Text(e, []byte(src)), Kind(stmt))
		}
		calls = append(calls, Text(e, []byte(src)))
	}
	for _, e := range ExpressionStatements(root, AssignmentExpression) {
		assigned = append(assigned, Text(e, []byte(src)))
	}
	if got := strings.Join(calls, " | "); got != "a() | b()" {
		t.Errorf("calls = %q, want the top-level a() and the parenthesised b() only", got)
	}
	if got := strings.Join(assigned, " | "); got != "x = 1 | C.prototype.m = f" {
		t.Errorf("assignments = %q", got)
	}
}
