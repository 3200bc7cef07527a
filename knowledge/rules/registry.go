package rules

import (
	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
)

// The prefilter's automaton is compiled once, from every rule's declared needles and
// calls, when the registry is loaded.
func init() { analysis.Register(All()...) }

// Known is what a configuration may name: every rule with its typed options, and the
// unused-suppression hint.
func Known() config.Known { return analysis.Known(All()) }
