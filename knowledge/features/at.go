package features

import (
	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// At is what the knowledge base has to say about one offset of a file.
type At struct {
	Findings []analysis.Finding // covering the offset: one per rule, of known rules only
	API      string             // the API the expression under the offset resolves to
	Entry    *entries.Entry     // the knowledge entry of API; nil when there is none
	// Start and End span the resolved expression, when Entry is set.
	Start, End uint
}

// AtOffset collects the findings covering offset and the entry of the API under it.
func AtOffset(f *analysis.File, res analysis.Result, offset uint) At {
	var here At
	seen := map[string]bool{}
	for _, fd := range res.Findings {
		if fd.Start <= offset && offset < fd.End && !seen[fd.Rule] && rules.ByName(fd.Rule) != nil {
			seen[fd.Rule] = true
			here.Findings = append(here.Findings, fd)
		}
	}
	r := res.Resolver
	if r == nil || f == nil || f.Tree == nil {
		return here
	}
	if v, n := r.At(f.Tree.RootNode(), offset); n != nil {
		api := v.Canonical()
		if api == "" && syntax.Kind(n) == syntax.Identifier && explain.IsHandlerNext(r, n) {
			api = explain.NextAPI // the resolver leaves a handler's next a local
		}
		if e := entries.ByAPI(api); e != nil {
			here.API, here.Entry, here.Start, here.End = api, e, n.StartByte(), n.EndByte()
		}
	}
	return here
}
