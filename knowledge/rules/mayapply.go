package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// mentions builds a MayApply that needs one of the needles (lower case) in the text.
func mentions(needles ...string) func(*analysis.Quick) bool {
	analysis.Needles(needles...)
	return func(q *analysis.Quick) bool { return q.Mentions(needles...) }
}

// expressHandlers is MayApply for rules about Express handlers: direct and typed
// handlers need express named in the file; heuristic handlers, parameters named
// (req, res) or (request, response), count only in packages that depend on express.
func expressHandlers(extra ...string) func(*analysis.Quick) bool {
	analysis.Needles(append(extra, "express", "req,", "req:", "request,", "request:")...)
	return func(q *analysis.Quick) bool {
		return q.Mentions(append(extra, "express")...) ||
			q.DependsOn("express") && q.Mentions("req,", "req:", "request,", "request:")
	}
}
