package rules

import (
	"slices"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
)

// The prefilter's automaton is compiled once, from every rule's declared needles and
// calls, when the registry is loaded; the judging twins' too (see judgingOnly), whose
// needles a check asks of each file whose request-path facts no other file reads: a
// needle missing from the automaton is looked for in a lower-cased copy of the text.
func init() { analysis.Register(withJudgingTwins(All())...) }

// withJudgingTwins is rules followed by the judging twin of each that has one.
func withJudgingTwins(rules []*analysis.Rule) []*analysis.Rule {
	out := slices.Clone(rules)
	for _, r := range rules {
		if twin := judgingOnly[r]; twin != nil {
			out = append(out, twin)
		}
	}
	return out
}

// Known is what a configuration may name: every rule with its typed options, and the
// unused-suppression hint.
func Known() config.Known { return analysis.Known(All()) }
