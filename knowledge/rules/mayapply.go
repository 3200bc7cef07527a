package rules

import (
	"slices"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
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
