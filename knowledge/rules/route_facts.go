package rules

import (
	"path"
	"path/filepath"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
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
		if key, ok := importedModuleKey(pass, ref.Module); ok {
			pass.AddFact(factBareRoute+key+"#"+ref.Name, ref.At)
		}
	}
}

// bareRoutesOf returns where other files of the package register fn bare: by its
// module (this file's path, or the last segments a path alias names it by) and by its
// name (its own, or for a function a factory returns, the factory's).
func bareRoutesOf(pass *analysis.Pass, fn *sitter.Node) []analysis.Location {
	name := exportedName(fn, pass.File.Src)
	if name == "" {
		return nil
	}
	var out []analysis.Location
	for _, key := range ownModuleKeys(pass.File.Path) {
		out = append(out, pass.Elsewhere(factBareRoute+key+"#"+name)...)
	}
	return out
}

// exportedName is the name another module reaches fn by: its own (a function or
// method name, the variable, property or export it is assigned to; "default" for a
// default export), else that of the nearest enclosing function, which returns it (a
// factory: `export function getAddress() { return async (req, res) => {…} }`).
func exportedName(fn *sitter.Node, src []byte) string {
	for f := fn; f != nil; f = syntax.EnclosingFunction(f) {
		if p := f.Parent(); p != nil && syntax.Kind(p) == "export_statement" && syntax.Field(f, "name") == nil {
			return "default"
		}
		if name := syntax.FunctionName(f, src); name != "" {
			return name
		}
	}
	return ""
}

// importedModuleKey names the file a specifier imports: "path:" and the path it
// resolves to for a relative specifier; "alias:" and its last two segments for a bare
// one that is no dependency of the package (a path alias such as "@/controllers/user"
// or "back-end/src/controllers/user"). Extensions are dropped: TypeScript imports a
// .ts file as ".js", or with no extension at all.
func importedModuleKey(pass *analysis.Pass, spec string) (string, bool) {
	if strings.HasPrefix(spec, ".") {
		return "path:" + trimSourceExt(filepath.ToSlash(filepath.Join(filepath.Dir(pass.File.Path), spec))), true
	}
	if pass.DependsOn(packageOf(spec)) {
		return "", false
	}
	return "alias:" + lastSegments(trimSourceExt(spec), 2), true
}

// ownModuleKeys are the keys importedModuleKey gives this file from any importer;
// an index file is also imported by its directory.
func ownModuleKeys(file string) []string {
	p := trimSourceExt(filepath.ToSlash(file))
	keys := []string{"path:" + p, "alias:" + lastSegments(p, 2)}
	if path.Base(p) == "index" {
		d := path.Dir(p)
		keys = append(keys, "path:"+d, "alias:"+lastSegments(d, 2))
	}
	return keys
}

var sourceExts = []string{".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"}

func trimSourceExt(p string) string {
	for _, ext := range sourceExts {
		if strings.HasSuffix(p, ext) {
			return strings.TrimSuffix(p, ext)
		}
	}
	return p
}

// lastSegments is the last n slash-separated segments of p.
func lastSegments(p string, n int) string {
	parts := strings.Split(p, "/")
	if len(parts) > n {
		parts = parts[len(parts)-n:]
	}
	return strings.Join(parts, "/")
}

// packageOf is the package a bare specifier names: "@scope/name" or "name".
func packageOf(spec string) string {
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") && len(parts) > 1 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}
