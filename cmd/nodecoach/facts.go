package main

import (
	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// needsOtherFiles reports whether a file's result may change once the facts of the
// other files of its package are known: the cross-file rules reported in it (another
// file may mitigate), or it holds a limiter whose app lives elsewhere.
func needsOtherFiles(res analysis.Result) bool {
	for _, f := range res.Findings {
		if r := rules.ByName(f.Rule); r != nil && r.SharesFacts {
			return true
		}
	}
	for _, f := range res.Facts {
		if f.Name == rules.FactIPLimiter {
			return true
		}
	}
	return false
}
