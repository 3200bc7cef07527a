package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// hearHandlerAsks tells the run (analysis.Options.Asks) the cannot-reject facts of
// the other files that this file's handlers may read, whatever those facts say, so
// that a file no handler asks for need not record its own (see cannot_reject_gate.go).
//
// The verdicts stop at the first await that can reject, so which facts a judgement
// asks for depends on the answers: an await found unable to reject lets the next one
// be judged. Every fact only ever makes a verdict "cannot reject", which lets the
// walk go on (an await, a return, a side of && or of a ternary: each is judged only
// after the ones before it cannot reject), so a walk that takes every fact to say
// "cannot reject" asks for every fact a walk with any answers would.
//
// Only the handlers' verdicts are heard: what a file records of its own functions
// rests on its own code alone (newExportCheck), so it reads none.
func hearHandlerAsks(pass *analysis.Pass) {
	if pass.Options.Asks == nil {
		return
	}
	c := newRejectCheck(pass)
	c.hear = pass.Options.Asks
	for _, h := range pass.Resolver.Handlers() {
		if awaitsJudged(h) {
			firstUnguardedAwait(pass, h, c)
		}
	}
}
