// Package rules holds nodecoach's checks, one file per rule, each with its table test.
package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// All returns every rule, in a stable order.
func All() []*analysis.Rule {
	return []*analysis.Rule{
		NoSyncFSInHandler,
		ExpressAsyncMissingNext,
		CORSAllowAll,
	}
}

// ByName returns the rule with that id, nil if none.
func ByName(name string) *analysis.Rule {
	for _, r := range All() {
		if r.Name == name {
			return r
		}
	}
	return nil
}
