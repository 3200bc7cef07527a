package rules

import (
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// The registry compiles the prefilter's automaton once, from every rule's needles and
// call names, its judging twin's included: each is in it, lower case, and none is
// left to be looked for directly.
func TestRegistryCompilesEveryNeedle(t *testing.T) {
	compiled := analysis.RegisteredNeedles()
	if len(compiled) == 0 {
		t.Fatal("the registry compiled no automaton")
	}
	for _, r := range withJudgingTwins(All()) {
		for _, n := range analysis.RuleNeedles(r) {
			if n != strings.ToLower(n) {
				t.Errorf("%s: needle %q is not lower case: the text is compared lower-cased", r.Name, n)
			}
			if !compiled[n] {
				t.Errorf("%s: needle %q is not in the compiled automaton", r.Name, n)
			}
		}
	}
}
