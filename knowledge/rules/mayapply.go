package rules

import (
	"maps"
	"slices"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// mentions declares the needles (lower case) of which a file must mention one for a
// rule to fire in it.
func mentions(needles ...string) analysis.Needles { return analysis.Mentions(needles...) }

// expressHandlers are the needles of rules about Express handlers: direct and typed
// handlers need express named in the file; heuristic handlers, parameters named
// (req, res) or (request, response), count only in packages that depend on express.
func expressHandlers(extra ...string) analysis.Needles {
	return analysis.Mentions(slices.Concat(extra, []string{"express"})...).
		InPackagesOf("express", "req,", "req:", "request,", "request:")
}

// methodsNamed are the spellings the resolver reads one of the methods' names from
// (analysis.MethodNeedles: after a dot, or quoted in a subscript): a rule that reports
// only at a call of one of them, or in a function handed to one, needs one in the file.
func methodsNamed(methods map[string]bool) []string {
	return analysis.MethodNeedles(slices.Sorted(maps.Keys(methods))...)
}

// functionNeedles are what every function written inline spells: an arrow or the
// function keyword.
var functionNeedles = []string{"=>", "function"}

// expressMayDropRejections says whether the Express of the file's package may ignore a
// rejected handler promise: not when it is version 5 or later, which forwards every
// rejection to next(err). Nothing express-async-missing-next records is read by
// another rule, and the version is the whole package's, so in such a package the rule
// can neither report nor matter to another file.
func expressMayDropRejections(q *analysis.Quick) bool {
	return !resolve.ExpressForwardsRejections(q.Package.Version("express"))
}
