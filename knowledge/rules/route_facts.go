package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// factBareRoute, followed by a module key and "#name", says that a registration in
// this file runs that function of another module with no wrapper between them
// (`router.get('/:id', getGroup)`). The module that defines the function reads it:
// a handler judged by how it looks alone (its parameter types) is a request handler
// only where a registration reaches it, and its errors are unguarded only where that
// registration is bare.
const factBareRoute = "express-route-bare:"

// factAwaitsRegistration marks a file with a function that would be reported if
// another file registered it bare: its result depends on the other files' facts.
const factAwaitsRegistration = "express-awaits-registration"

// exportBareRoutes records a factBareRoute for every bare registration of another
// module's function in this file.
func exportBareRoutes(pass *analysis.Pass) {
	for _, ref := range pass.Resolver.RouteRefs() {
		if ref.Wrapped || ref.Framework != "express" {
			continue
		}
		if key, ok := resolve.ModuleKey(pass.File.Path, ref.Module, pass.DependsOn); ok {
			pass.AddFact(factBareRoute+key+"#"+ref.Name, ref.At)
		}
	}
}

// bareRoutesOf returns where other files of the package register fn bare: by its
// module (this file's path, or the last segments a path alias names it by) and by its
// name (its own, or for a function a factory returns, the factory's).
func bareRoutesOf(pass *analysis.Pass, fn *sitter.Node) []analysis.Location {
	name := resolve.ExportedName(fn, pass.File.Src)
	if name == "" {
		return nil
	}
	var out []analysis.Location
	for _, key := range resolve.OwnModuleKeys(pass.File.Path) {
		out = append(out, pass.Elsewhere(factBareRoute+key+"#"+name)...)
	}
	return out
}
