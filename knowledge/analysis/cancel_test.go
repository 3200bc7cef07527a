package analysis

import (
	"context"
	"errors"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// TestRecheckStopsBetweenRulesOnceCancelled: a newer edit cancels the analysis of a
// stale version; the rules after the one running then never run, and the check
// gives ctx's error instead of a result to publish.
func TestRecheckStopsBetweenRulesOnceCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ran []string
	rule := func(name string, then func()) *Rule {
		return &Rule{Name: name, Severity: Warning, Kinds: []string{"program"}, Run: func(p *Pass, n *sitter.Node) {
			ran = append(ran, name)
			p.ReportNode(n, 0, name, nil)
			then()
		}}
	}
	rules := []*Rule{rule("first", func() {}), rule("cancels", cancel), rule("third", func() {}), rule("fourth", func() {})}
	f, res, err := Recheck(ctx, "app.js", syntax.JavaScript, []byte("a();\n"), nil, nil, nil, nil, rules, Options{})
	if !errors.Is(err, context.Canceled) || f != nil || res.Findings != nil {
		t.Errorf("a cancelled check gave file %v, findings %v, error %v; want no result and context.Canceled", f, res.Findings, err)
	}
	if len(ran) != 2 {
		t.Errorf("rules run %v: the ones after the cancel must not run", ran)
	}

	ran = nil
	f, res, err = Recheck(context.Background(), "app.js", syntax.JavaScript, []byte("a();\n"), nil, nil, nil, nil, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Release()
	defer syntax.Close(f.Tree)
	if len(ran) != 4 || len(res.Findings) != 4 {
		t.Errorf("an uncancelled check ran %v and found %d, want all 4", ran, len(res.Findings))
	}
}
