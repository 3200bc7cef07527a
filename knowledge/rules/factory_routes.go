package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// factUnseenFactoryBare, followed by a function name, says that a registration in
// this file runs, with no wrapper, what a call of a function of that name returns,
// where the file can neither see the function nor trace it to an import
// (`api.use(ctx.authorization.isPermitted('api:read'))`, the authorization module
// handed in as a property of a parameter). The name is all the two files share.
const factUnseenFactoryBare = "express-factory-bare:"

// exportUnseenFactoryCalls records a factUnseenFactoryBare for every such argument.
func exportUnseenFactoryCalls(pass *analysis.Pass) {
	for _, c := range pass.Resolver.UnseenFactoryCalls() {
		pass.AddFact(factUnseenFactoryBare+c.Name, c.At)
	}
}

// unseenFactoryRoutesOf returns where other files of the package register, bare, the
// result of a call of the function that returns fn, matched by that factory's name.
func unseenFactoryRoutesOf(pass *analysis.Pass, fn *sitter.Node) []analysis.Location {
	factory := pass.Resolver.FactoryOf(fn)
	if factory == nil {
		return nil
	}
	name := syntax.FunctionName(factory, pass.File.Src)
	if name == "" {
		return nil
	}
	return pass.Elsewhere(factUnseenFactoryBare + name)
}
