package analysis

import (
	"context"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

func TestApplyEdits(t *testing.T) {
	src := []byte("abcdef")
	got, err := ApplyEdits(src, []Edit{{Start: 4, End: 6, NewText: "X"}, {Start: 0, End: 0, NewText: ">"}, {Start: 1, End: 2, NewText: ""}})
	if err != nil || string(got) != ">acdX" {
		t.Errorf("got %q %v, want \">acdX\"", got, err)
	}
	if _, err := ApplyEdits(src, []Edit{{Start: 0, End: 3}, {Start: 2, End: 4}}); err == nil {
		t.Error("overlapping edits must be refused")
	}
	if _, err := ApplyEdits(src, []Edit{{Start: 5, End: 9}}); err == nil {
		t.Error("an edit past the end must be refused")
	}
}

// TestRunIsolatesAPanickingRule: one broken rule is reported and the others still run.
func TestRunIsolatesAPanickingRule(t *testing.T) {
	broken := &Rule{Name: "broken", Severity: Error, Kinds: []string{"call_expression"},
		Run: func(*Pass, *sitter.Node) { panic("boom") }}
	var seen []string
	counting := &Rule{Name: "calls", Severity: Hint, Kinds: []string{"call_expression", "program"},
		Run: func(p *Pass, n *sitter.Node) {
			seen = append(seen, n.Kind())
			if n.Kind() == "call_expression" {
				p.ReportNode(n, 0, "a call", nil)
			}
		}}
	src := []byte("a(); b(c());")
	f, res, err := Check(context.Background(), "x.js", syntax.JavaScript, src, nil, nil, []*Rule{broken, counting}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Tree.Close()
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Error(), "broken") {
		t.Errorf("problems %v, want the broken rule named", res.Problems)
	}
	if len(res.Findings) != 3 || res.Findings[0].Rule != "calls" || res.Findings[0].Severity != Hint {
		t.Errorf("findings %+v, want three hints from the calls rule", res.Findings)
	}
	if strings.Join(seen, ",") != "call_expression,call_expression,call_expression,program" {
		t.Errorf("dispatch order %v: each wanted kind once, the root once", seen)
	}
	for i := 1; i < len(res.Findings); i++ {
		if res.Findings[i-1].Start > res.Findings[i].Start {
			t.Errorf("findings not sorted by position: %+v", res.Findings)
		}
	}
}
