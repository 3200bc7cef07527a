package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// DependsOnOtherFiles reports whether a file's result may change once the facts of the
// other files of its package are known: a cross-file rule reported in it (another file
// may mitigate), it holds a limiter whose app lives elsewhere, a handler whose
// findings depend on how another file registers it, or a blocking call another file's
// handler may reach. Callers that analyse a
// whole package (check, the server's index) analyse such files again at the end.
func DependsOnOtherFiles(res analysis.Result) bool {
	return dependsOnRequestPath(res) || dependsBesidesRequestPath(res)
}

// DependsOnRequestPathOnly reports whether DependsOnOtherFiles holds of res only
// because of a blocking call another file's handler may reach: the file's second
// judgement may then be spared where no fact names it (see RequestPathNamed).
func DependsOnRequestPathOnly(res analysis.Result) bool {
	return dependsOnRequestPath(res) && !dependsBesidesRequestPath(res)
}

// dependsOnRequestPath reports whether res holds a blocking call another file's
// handler may reach.
func dependsOnRequestPath(res analysis.Result) bool {
	return awaitsCallerFacts(res) || hasFact(res, factAwaitsCaller)
}

func dependsBesidesRequestPath(res analysis.Result) bool {
	for _, f := range res.Findings {
		if r := ByName(f.Rule); r != nil && r.SharesFacts {
			return true
		}
	}
	return hasFact(res, FactIPLimiter) || hasFact(res, factAwaitsRegistration) || hasFact(res, factReadsCannotReject)
}

func hasFact(res analysis.Result, name string) bool {
	for _, f := range res.Facts {
		if f.Name == name {
			return true
		}
	}
	return false
}
