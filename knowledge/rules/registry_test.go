package rules

import (
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
)

// TestEveryRuleTeachesItsEntry: every rule names an existing entry, and that entry
// lists the rule, so a diagnostic's link and a hover always lead to the right page.
func TestEveryRuleTeachesItsEntry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		if seen[r.Name] {
			t.Errorf("rule %s is registered twice", r.Name)
		}
		seen[r.Name] = true
		e := entries.ByID(r.Entry)
		switch {
		case e == nil:
			t.Errorf("%s: entry %q does not exist", r.Name, r.Entry)
		case entries.ByRule(r.Name) != e:
			t.Errorf("%s: entry %q does not list the rule (ByRule gives %v)", r.Name, r.Entry, entries.ByRule(r.Name))
		}
		summary, _, _ := strings.Cut(strings.TrimSpace(r.Doc), "\n")
		if summary == "" || !strings.Contains(r.Doc, "Use instead") && !strings.Contains(r.Doc, "use instead") && !strings.Contains(r.Doc, "Instead") {
			t.Errorf("%s: the doc needs a summary line and a \"Use instead\" part", r.Name)
		}
		if (r.Severity < 1 || r.Severity > 4) && r.Severity != analysis.Off {
			t.Errorf("%s: severity %d", r.Name, r.Severity)
		}
		if r.Severity == analysis.Off && (!strings.Contains(r.Doc, "Off by default") || !strings.Contains(r.Doc, "--rule "+r.Name+"=")) {
			t.Errorf("%s is off by default: its doc must say so, why, and how to turn it on (--rule %s=LEVEL)", r.Name, r.Name)
		}
	}
	if len(All()) != 40 {
		t.Errorf("%d rules, want 40", len(All()))
	}
}
