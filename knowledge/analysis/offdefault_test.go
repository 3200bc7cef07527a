package analysis

import (
	"context"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// offByDefault is a rule whose own severity is Off: it flags every call, reporting
// with the rule's default severity, and counts how often the engine asks about it.
func offByDefault(asked, ran *int) *Rule {
	return &Rule{Name: "quiet-rule", Severity: Off, Kinds: []string{"call_expression"}, Local: true,
		MayApply: func(q *Quick) bool { *asked++; return true },
		Run: func(p *Pass, n *sitter.Node) {
			*ran++
			p.ReportNode(n, 0, "a call", nil)
		}}
}

// TestOffByDefaultRule: a rule whose default severity is Off reports nothing, and is
// not even asked whether it applies, until the user sets a level for it; then it
// reports at that level. Both the whole check and the editor's Recheck agree.
func TestOffByDefaultRule(t *testing.T) {
	src := []byte("a();\nb(c());\n")
	cases := []struct {
		name string
		opts Options
		want int
		sev  Severity
	}{
		{"default: off", Options{}, 0, 0},
		{"turned on at warning", Options{Severity: map[string]Severity{"quiet-rule": Warning}}, 3, Warning},
		{"turned on at error", Options{Severity: map[string]Severity{"quiet-rule": Error}}, 3, Error},
		{"set off explicitly", Options{Severity: map[string]Severity{"quiet-rule": Off}}, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var asked, ran int
			r := offByDefault(&asked, &ran)
			q := NewQuick(src, nil)
			applicable := Applicable(q, []*Rule{r}, tc.opts)
			if on := tc.want > 0; (len(applicable) == 1) != on || (asked > 0) != on {
				t.Errorf("Applicable gave %d rules and asked MayApply %d times; want the rule only when on", len(applicable), asked)
			}
			f, res, err := Check(context.Background(), "x.js", syntax.JavaScript, src, nil, nil, []*Rule{r}, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Tree.Close()
			if len(res.Findings) != tc.want {
				t.Fatalf("Check: %d findings, want %d", len(res.Findings), tc.want)
			}
			for _, fd := range res.Findings {
				if fd.Severity != tc.sev {
					t.Errorf("finding at %s, want the user's level %s", fd.Severity, tc.sev)
				}
			}
			if tc.want == 0 && ran > 0 {
				t.Errorf("an off rule ran on %d nodes", ran)
			}

			// The editor's path: a whole check, then an edit checked again.
			ctx := context.Background()
			rf, first, err := Recheck(ctx, "x.js", syntax.JavaScript, src, nil, nil, nil, nil, []*Rule{r}, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { first.Release(); syntax.Close(rf.Tree) }()
			edited, edit := source.Replace(src, 10, 10, ", d()")
			old := Edited(rf.Tree, []source.Edit{edit})
			defer syntax.Close(old)
			ef, second, err := Recheck(ctx, "x.js", syntax.JavaScript, edited, old, []source.Edit{edit}, &first, nil, []*Rule{r}, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { second.Release(); syntax.Close(ef.Tree) }()
			want := 0
			if tc.want > 0 {
				want = tc.want + 1
			}
			if len(first.Findings) != tc.want || len(second.Findings) != want {
				t.Errorf("Recheck: %d then %d findings, want %d then %d", len(first.Findings), len(second.Findings), tc.want, want)
			}
		})
	}
}

// TestSeverityOffString: the rules listing, SARIF and the README name an off default.
func TestSeverityOffString(t *testing.T) {
	if Off.String() != "off" {
		t.Errorf("Off prints as %q, want \"off\" (the rules listing and the README show it)", Off.String())
	}
}
