package analysis

import (
	"context"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// TestDisableNextLineWhereACommentIsCode applies "Disable rule-a for this line" to the
// first rule-a finding of each source and checks the result: it is the text wanted,
// it parses with no more errors than before, every template literal and JSX text
// reads (and renders) as before, and checking it again finds no rule-a and no unused
// suppression. Lines that begin inside a template literal, a string or JSX text take
// the comment on the line where the literal begins, or as {/* */} between JSX children.
func TestDisableNextLineWhereACommentIsCode(t *testing.T) {
	cases := []struct {
		name      string
		lang      syntax.Language
		src, want string
	}{
		{"ordinary line keeps its place and indentation", syntax.JavaScript,
			"function f() {\n  ok();\n  bad();\n}\n",
			"function f() {\n  ok();\n  // nodecoach-disable-next-line rule-a\n  bad();\n}\n"},
		{"line inside a template literal", syntax.JavaScript,
			"const q = `\n  ${bad()}\n`;\n",
			"// nodecoach-disable-next-line rule-a\nconst q = `\n  ${bad()}\n`;\n"},
		{"template literal in TypeScript", syntax.TypeScript,
			"function f(): string {\n  return `a\n  b ${bad()}\n  c`;\n}\n",
			"function f(): string {\n  // nodecoach-disable-next-line rule-a\n  return `a\n  b ${bad()}\n  c`;\n}\n"},
		{"nested templates go out to the outer one", syntax.TypeScript,
			"const q: string = `x ${`\ny`}\n${bad()}`;\n",
			"// nodecoach-disable-next-line rule-a\nconst q: string = `x ${`\ny`}\n${bad()}`;\n"},
		{"line inside a template substitution is code", syntax.JavaScript,
			"const q = `a ${\n  bad()\n}`;\n",
			"const q = `a ${\n  // nodecoach-disable-next-line rule-a\n  bad()\n}`;\n"},
		{"line continued inside a string", syntax.JavaScript,
			"const s = 'a\\\n' + bad();\n",
			"// nodecoach-disable-next-line rule-a\nconst s = 'a\\\n' + bad();\n"},
		{"JSX child on a line of its own", syntax.JavaScript,
			"const el = (\n  <div>\n    <b>{bad()}</b>\n  </div>\n);\n",
			"const el = (\n  <div>\n    {/* nodecoach-disable-next-line rule-a */}\n    <b>{bad()}</b>\n  </div>\n);\n"},
		{"JSX child in TSX", syntax.TSX,
			"const el = (n: number) => (\n  <ul>\n    <li>{n}</li>\n    {bad()}\n  </ul>\n);\n",
			"const el = (n: number) => (\n  <ul>\n    <li>{n}</li>\n    {/* nodecoach-disable-next-line rule-a */}\n    {bad()}\n  </ul>\n);\n"},
		{"line inside JSX text", syntax.JavaScript,
			"const el = <p>\n  Hello\n  world {bad()}\n</p>;\n",
			"// nodecoach-disable-next-line rule-a\nconst el = <p>\n  Hello\n  world {bad()}\n</p>;\n"},
		{"line inside JSX text in TSX", syntax.TSX,
			"export const El = () => {\n  return <p>\n    Hi,\n    {bad()} there\n  </p>;\n};\n",
			"export const El = () => {\n  // nodecoach-disable-next-line rule-a\n  return <p>\n    Hi,\n    {bad()} there\n  </p>;\n};\n"},
		{"attribute line inside a JSX tag is code", syntax.TSX,
			"const el = <input\n  value={bad()}\n/>;\n",
			"const el = <input\n  // nodecoach-disable-next-line rule-a\n  value={bad()}\n/>;\n"},
		{"CRLF line breaks", syntax.JavaScript,
			"const q = `\r\n${bad()}`;\r\n",
			"// nodecoach-disable-next-line rule-a\r\nconst q = `\r\n${bad()}`;\r\n"},
		{"lone CR line breaks", syntax.JavaScript,
			"ok();\rbad();\r",
			"ok();\r// nodecoach-disable-next-line rule-a\rbad();\r"},
	}
	rules := []*Rule{callRule("rule-a", "bad")}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := checkFor(t, tc.lang, tc.src, rules)
			if len(before.findings) == 0 {
				t.Fatal("no rule-a finding to disable")
			}
			edit := DisableNextLine(before.root, source.NewLines([]byte(tc.src)), "rule-a", before.findings[0].Start)
			edited, err := ApplyEdits([]byte(tc.src), []Edit{edit})
			if err != nil {
				t.Fatal(err)
			}
			if string(edited) != tc.want {
				t.Errorf("edited:\n%s\nwant:\n%s", edited, tc.want)
			}
			after := checkFor(t, tc.lang, string(edited), rules)
			if after.errors && !before.errors {
				t.Errorf("the edit broke the parse:\n%s", edited)
			}
			if strings.Join(after.literals, "\x00") != strings.Join(before.literals, "\x00") {
				t.Errorf("the edit changed literal text:\n  before %q\n  after  %q", before.literals, after.literals)
			}
			for _, f := range after.findings {
				t.Errorf("still reported after the edit: %s %q", f.Rule, f.Message)
			}
		})
	}
}

// checked is what the tests read of one check: the findings left, whether the tree
// has errors, and the text of its literals as the program sees it (strings and
// template literals as written, without their substitutions; JSX text as React renders it: each line trimmed, blank lines dropped).
type checked struct {
	root     *sitter.Node
	findings []Finding
	errors   bool
	literals []string
}

func checkFor(t *testing.T, lang syntax.Language, src string, rules []*Rule) checked {
	t.Helper()
	f, res, err := Check(context.Background(), "x", lang, []byte(src), nil, nil, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syntax.Close(f.Tree) })
	root := f.Tree.RootNode()
	out := checked{root: root, findings: res.Findings, errors: root.HasError()}
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		switch syntax.Kind(n) {
		case "string":
			out.literals = append(out.literals, syntax.Text(n, []byte(src)))
		case "template_string": // its text, without the code of its substitutions
			var text strings.Builder
			for i := uint(0); i < n.ChildCount(); i++ {
				if c := n.Child(i); syntax.Kind(c) != "template_substitution" {
					text.WriteString(syntax.Text(c, []byte(src)))
				}
			}
			out.literals = append(out.literals, text.String())
		case "jsx_text":
			if rendered := strings.Join(strings.Fields(syntax.Text(n, []byte(src))), " "); rendered != "" {
				out.literals = append(out.literals, rendered)
			}
		}
		for i := uint(0); i < n.ChildCount(); i++ {
			walk(n.Child(i))
		}
	}
	walk(root)
	return out
}

// A line directive covers the findings of the lines that begin inside a literal
// opened on its line, and only those: a finding on a line of its own after the
// literal still needs its own comment.
func TestSuppressionCoversLinesInsideALiteral(t *testing.T) {
	src := "// nodecoach-disable-next-line rule-a\nconst q = `\n${bad()}\n${bad()}`;\nbad();\n"
	got := checkFor(t, syntax.JavaScript, src, []*Rule{callRule("rule-a", "bad")})
	if len(got.findings) != 1 || src[got.findings[0].Start:got.findings[0].End] != "bad()" || got.findings[0].Start != uint(strings.LastIndex(src, "bad()")) {
		t.Errorf("want only the last bad() reported, got %+v", got.findings)
	}
}
