package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// DependsOnOtherFiles reports whether a file's result may change once the facts of the
// other files of its package are known: a cross-file rule reported in it (another file
// may mitigate), it holds a limiter whose app lives elsewhere, or a handler whose
// findings depend on how another file registers it. Callers that analyse a
// whole package (check, the server's index) analyse such files again at the end.
func DependsOnOtherFiles(res analysis.Result) bool {
	for _, f := range res.Findings {
		if r := ByName(f.Rule); r != nil && r.SharesFacts {
			return true
		}
	}
	if awaitsCallerFacts(res) {
		return true
	}
	for _, f := range res.Facts {
		if f.Name == FactIPLimiter || f.Name == factAwaitsRegistration || f.Name == factReadsCannotReject || f.Name == factAwaitsCaller {
			return true
		}
	}
	return false
}
