package kindlit

import (
	"go/parser"
	"go/token"
	"sort"
	"strings"
	"testing"
)

const sample = `package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

var skipKinds = map[string]bool{"comment": true, "get": true}

func kindOf(n *sitter.Node, kind string) bool { return n.Kind() == kind }

func check(n *sitter.Node, names []string) {
	k := n.Kind()
	if k == "call_expresion" || "new_expression" != n.Kind() {
	}
	switch n.Kind() {
	case "arrow_function", "=>":
	}
	for _, kind := range []string{"pair", "type"} {
		_ = kind
	}
	_ = kindOf(n, "identifier")
	_ = n.ChildByFieldName("body")
	_ = skipKinds[n.Kind()]
	_ = strings.ToUpper("identifier") // not a kind position
	label := "program"                // nor this
	_ = label == names[0]
}
`

func parseSample(t *testing.T) (*File, *Helpers) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "rules/sample.go", sample, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	h := NewHelpers()
	h.Collect(f)
	return &File{Path: "rules/sample.go", Src: []byte(sample), AST: f, Fset: fset}, h
}

func TestFindKindPositions(t *testing.T) {
	f, h := parseSample(t)
	names, err := LoadNames()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range h.Find(f.AST) {
		if names.Offending(u) {
			got = append(got, u.Value)
		}
	}
	sort.Strings(got)
	want := []string{"=>", "arrow_function", "body", "call_expresion", "comment", "identifier", "new_expression", "pair"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("found %q, want %q", got, want)
	}
}

func TestRewriteUsesTheConstantsAndImportsThem(t *testing.T) {
	f, h := parseSample(t)
	names, err := LoadNames()
	if err != nil {
		t.Fatal(err)
	}
	out, n, err := Rewrite(f, h, names)
	if err != nil {
		t.Fatal(err)
	}
	src := string(out)
	for _, want := range []string{
		`"github.com/nodecoach/nodecoach/knowledge/syntax"`,
		`case syntax.ArrowFunction, syntax.TokenEqGt:`,
		`syntax.NewExpression != n.Kind()`,
		`k == "call_expresion"`, // no such kind: left for the check to report
		`kindOf(n, syntax.Identifier)`,
		`n.ChildByFieldName(syntax.FieldBody)`,
		`[]string{syntax.Pair, "type"}`, // a keyword only where the position is sure
		`map[string]bool{syntax.Comment: true, "get": true}`,
		`strings.ToUpper("identifier")`,
		`label := "program"`,
	} {
		if !strings.Contains(src, want) {
			t.Errorf("rewritten source lacks %s:\n%s", want, src)
		}
	}
	if n != 7 {
		t.Errorf("%d literals replaced, want 7", n)
	}
	fset := token.NewFileSet()
	parsed, err := parser.ParseFile(fset, f.Path, out, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	again, m, err := Rewrite(&File{Path: f.Path, Src: out, AST: parsed, Fset: fset}, h, names)
	if err != nil || m != 0 || string(again) != src {
		t.Errorf("a second rewrite replaced %d literals (err %v)", m, err)
	}
}
