package analysis

import (
	"context"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// callRule reports every call to a function named bad(); a second rule does the same
// for worse(), so directives naming one rule can be told apart from the other.
func callRule(name, callee string) *Rule {
	return &Rule{Name: name, Severity: Warning, Kinds: []string{"call_expression"}, Run: func(p *Pass, n *sitter.Node) {
		if p.Text(syntax.Field(n, "function")) == callee {
			p.ReportNode(n, 0, callee+" called", nil)
		}
	}}
}

func TestSuppressionComments(t *testing.T) {
	rules := []*Rule{callRule("rule-a", "bad"), callRule("rule-b", "worse")}
	cases := []struct {
		name string
		src  string
		want []string // "rule: text" of the remaining findings, in order
	}{
		{"no directive", "bad();\nworse();", []string{"rule-a: bad()", "rule-b: worse()"}},
		{"next line with id and reason", "// nodecoach-disable-next-line rule-a -- legacy endpoint\nbad();\nbad();", []string{"rule-a: bad()"}},
		{"next line with two ids", "  // nodecoach-disable-next-line rule-a, rule-b\n  bad(); worse();", nil},
		{"next line without ids covers all", "// nodecoach-disable-next-line\nbad(); worse();", nil},
		{"same line", "bad(); // nodecoach-disable-line rule-a\nbad();", []string{"rule-a: bad()"}},
		{"whole file block comment", "/* nodecoach-disable rule-b */\nbad();\nworse();\nworse();", []string{"rule-a: bad()"}},
		{"other rule not suppressed", "// nodecoach-disable-next-line rule-b\nbad();", []string{"unused-suppression: // nodecoach-disable-next-line rule-b", "rule-a: bad()"}},
		{"unused directive", "// nodecoach-disable-next-line rule-a\nok();", []string{"unused-suppression: // nodecoach-disable-next-line rule-a"}},
		{"unused id in a used directive", "// nodecoach-disable-next-line rule-a, rule-b\nbad();", []string{"unused-suppression: // nodecoach-disable-next-line rule-a, rule-b"}},
		{"ordinary comments and strings", "// nodecoach is great\nconst s = '// nodecoach-disable-line rule-a'; bad();", []string{"rule-a: bad()"}},
		{"TS file", "// nodecoach-disable-next-line rule-a\nconst x: number = bad();", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lang := syntax.JavaScript
			if tc.name == "TS file" {
				lang = syntax.TypeScript
			}
			f, res, err := Check(context.Background(), "x", lang, []byte(tc.src), nil, nil, rules, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Tree.Close()
			var got []string
			for _, fd := range res.Findings {
				got = append(got, fd.Rule+": "+tc.src[fd.Start:fd.End])
				if fd.Rule == UnusedSuppression && (!fd.Unnecessary || fd.Severity != Hint) {
					t.Errorf("an unused suppression is a hint tagged Unnecessary: %+v", fd)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

func TestRemoveUnusedSuppression(t *testing.T) {
	src := "a();\n  // nodecoach-disable-next-line rule-a\nok();\n"
	f, res, err := Check(context.Background(), "x.js", syntax.JavaScript, []byte(src), nil, nil, []*Rule{callRule("rule-a", "bad")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Tree.Close()
	if len(res.Findings) != 1 || res.Findings[0].Fix == nil {
		t.Fatalf("want one unused-suppression with a fix, got %+v", res.Findings)
	}
	fixed, err := ApplyEdits([]byte(src), res.Findings[0].Fix.Edits)
	if err != nil || string(fixed) != "a();\nok();\n" {
		t.Errorf("fixed %q, want the whole comment line removed", fixed)
	}
}
