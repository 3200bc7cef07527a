package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
)

// TestRuntimeRulesRegistry pins the registry: catalog order, unique names, a Doc in
// the house style, and the entry that lists each rule.
func TestRuntimeRulesRegistry(t *testing.T) {
	want := []string{
		"no-sync-crypto-in-handler", "bcrypt-sync", "bcrypt-hash-missing-salt", "next-tick-recursion",
		"cluster-is-master-deprecated", "cluster-no-exit-handler", "pipe-without-error-handling",
		"write-ignores-backpressure", "handler-catch-swallows-error", "error-middleware-arity",
		"error-middleware-before-routes", "middleware-never-calls-next", "error-handler-leaks-details",
		"listener-added-per-request",
	}
	all := All()
	start := slices.IndexFunc(all, func(r *analysis.Rule) bool { return r.Name == want[0] })
	if start < 0 || start+len(want) > len(all) {
		t.Fatalf("the registry lacks the runtime rules from %s on", want[0])
	}
	got := all[start : start+len(want)]
	for i, r := range got {
		if r.Name != want[i] {
			t.Errorf("rule %d is %s, want %s (catalog order)", i, r.Name, want[i])
		}
		if ByName(r.Name) != r {
			t.Errorf("%s: ByName does not find it", r.Name)
		}
		if r.Severity == 0 || len(r.Kinds) == 0 || r.Run == nil {
			t.Errorf("%s: incomplete rule", r.Name)
		}
		if !strings.Contains(r.Doc, "\n") || !strings.Contains(r.Doc, "Use instead") {
			t.Errorf("%s: Doc needs a summary line, the why, and Use instead", r.Name)
		}
		if e := entries.ByRule(r.Name); e == nil || e.ID != r.Entry {
			t.Errorf("%s: Entry %q, but the entry listing the rule is %v", r.Name, r.Entry, e)
		}
		if r.Deprecated != (r.Name == "cluster-is-master-deprecated") {
			t.Errorf("%s: Deprecated = %v", r.Name, r.Deprecated)
		}
	}
}
