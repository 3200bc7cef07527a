package analysis

import (
	"context"
	"strings"
	"testing"
	"time"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// spendBudget makes every check's budget already spent, restoring it after the test.
func spendBudget(t *testing.T) {
	t.Helper()
	was := Budget
	Budget = func(int) time.Duration { return -time.Second }
	t.Cleanup(func() { Budget = was })
}

// TestBudgetStopsTheCheck: past its budget a check stops, runs no further rule, and
// says why instead of returning partial findings; with the budget back, the same file
// gets its findings.
func TestBudgetStopsTheCheck(t *testing.T) {
	ran := 0
	counting := &Rule{Name: "calls", Severity: Warning, Kinds: []string{"call_expression"},
		Run: func(p *Pass, n *sitter.Node) { ran++; p.ReportNode(n, 0, "a call", nil) }}
	src := []byte(strings.Repeat("f();\n", 500))
	check := func(recheck bool) Result {
		t.Helper()
		var f *File
		var res Result
		var err error
		if recheck {
			f, res, err = Recheck(context.Background(), "app.js", syntax.JavaScript, src, nil, nil, nil, nil, []*Rule{counting}, Options{})
		} else {
			f, res, err = Check(context.Background(), "app.js", syntax.JavaScript, src, nil, nil, []*Rule{counting}, Options{})
		}
		if err != nil {
			t.Fatal(err)
		}
		syntax.Close(f.Tree)
		return res
	}
	for _, recheck := range []bool{false, true} {
		ran = 0
		if res := check(recheck); res.Skipped != "" || len(res.Findings) != 500 || ran != 500 {
			t.Fatalf("recheck=%v, within the budget: skipped %q, %d findings, %d nodes visited; want every call", recheck, res.Skipped, len(res.Findings), ran)
		}
	}
	spendBudget(t)
	for _, recheck := range []bool{false, true} {
		ran = 0
		res := check(recheck)
		if !strings.Contains(res.Skipped, "longer than") || !strings.Contains(res.Skipped, "3 KB") {
			t.Errorf("recheck=%v: Skipped = %q, want the budget and the file's size", recheck, res.Skipped)
		}
		if len(res.Findings) != 0 || len(res.Problems) != 0 || ran != 0 {
			t.Errorf("recheck=%v: %d findings, problems %v, %d nodes visited; want none of them past the budget", recheck, len(res.Findings), res.Problems, ran)
		}
	}
}

// TestBudgetIsCheckedWithinARule: a rule whose nodes take long is stopped between two
// of them, not after all of them.
func TestBudgetIsCheckedWithinARule(t *testing.T) {
	was := Budget
	t.Cleanup(func() { Budget = was })
	Budget = func(int) time.Duration { return time.Hour }
	ran := 0
	spend := &Rule{Name: "spends", Severity: Warning, Kinds: []string{"call_expression"},
		Run: func(p *Pass, n *sitter.Node) {
			ran++
			if ran == 10 {
				p.Options.deadline = time.Now().Add(-time.Second) // the budget runs out here
			}
		}}
	src := []byte(strings.Repeat("f();\n", 1000))
	f, res, err := Check(context.Background(), "app.js", syntax.JavaScript, src, nil, nil, []*Rule{spend}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	syntax.Close(f.Tree)
	if res.Skipped == "" || ran >= 1000 || ran > 10+budgetCheckEvery {
		t.Errorf("visited %d of 1,000 calls after the budget ran out at the 10th (Skipped %q); want a stop within %d", ran, res.Skipped, budgetCheckEvery)
	}
}

// TestParseBudgetStopsAPathologicalParse: a parse past its budget is stopped, which
// bounds its time and memory; the file then gets a tree of no text and the reason, in
// a whole check and in a recheck alike, and with the budget back it is analysed.
func TestParseBudgetStopsAPathologicalParse(t *testing.T) {
	calls := &Rule{Name: "calls", Severity: Warning, Kinds: []string{"call_expression"},
		Run: func(p *Pass, n *sitter.Node) { p.ReportNode(n, 0, "a call", nil) }}
	// An unterminated substitution swallows the rest of the file: error recovery
	// makes this the slowest kind of parse. Large enough to report progress.
	src := []byte("f(`${\n" + strings.Repeat("app.get('/a', (req, res) => res.send(load(req)));\n", 4000))
	was := ParseBudget
	ParseBudget = func(int) time.Duration { return -time.Second }
	t.Cleanup(func() { ParseBudget = was })
	for _, recheck := range []bool{false, true} {
		check := Check
		if recheck {
			check = func(ctx context.Context, path string, lang syntax.Language, src []byte, old *sitter.Tree, pkg *pkginfo.Package, rules []*Rule, opts Options) (*File, Result, error) {
				return Recheck(ctx, path, lang, src, old, nil, nil, pkg, rules, opts)
			}
		}
		f, res, err := check(context.Background(), "app.js", syntax.JavaScript, src, nil, nil, []*Rule{calls}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if f.Tree == nil || f.Tree.RootNode().EndByte() != 0 {
			t.Errorf("recheck=%v: want a tree of no text to close, got %v", recheck, f.Tree)
		}
		syntax.Close(f.Tree)
		if !strings.Contains(res.Skipped, "parsing it took longer than") || len(res.Findings) != 0 {
			t.Errorf("recheck=%v: Skipped %q with %d findings; want the parse's reason and none", recheck, res.Skipped, len(res.Findings))
		}
	}
	ParseBudget = was
	// The same code well formed (the broken one is refused anyway: error recovery
	// nests it too deep).
	f, res, err := Check(context.Background(), "app.js", syntax.JavaScript, src[len("f(`${\n"):], nil, nil, []*Rule{calls}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	syntax.Close(f.Tree)
	if res.Skipped != "" || len(res.Findings) == 0 {
		t.Errorf("with the budget back: Skipped %q, %d findings", res.Skipped, len(res.Findings))
	}
}
