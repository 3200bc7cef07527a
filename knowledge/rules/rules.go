// Package rules holds nodecoach's checks, one file per rule, each with its table test.
package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// All returns every rule, in a stable order: the headline rules, then the runtime and
// Express rules, then the security, data and queue rules.
func All() []*analysis.Rule {
	all := []*analysis.Rule{
		NoSyncFSInHandler,
		ExpressAsyncMissingNext,
		CORSAllowAll,
	}
	all = append(all, runtimeRules()...)
	return append(all, securityRules()...)
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

// Names lists the ids a configuration may name: every rule, and the unused-suppression
// hint.
func Names() []string {
	names := []string{analysis.UnusedSuppression}
	for _, r := range All() {
		names = append(names, r.Name)
	}
	return names
}

// FactSharing returns the rules that record facts for the other files of a package.
func FactSharing() []*analysis.Rule {
	var out []*analysis.Rule
	for _, r := range All() {
		if r.SharesFacts {
			out = append(out, r)
		}
	}
	return out
}
