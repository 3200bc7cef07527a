package resolve

import (
	"path"
	"path/filepath"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ModuleKey names the file that importer's specifier spec imports, so that files of
// one package can speak of each other: "path:" and the path it resolves to for a
// relative specifier; "alias:" and its last two segments (see aliasKey) for a bare one
// that is no dependency of the package (a path alias such as "@/controllers/user" or
// "back-end/src/controllers/user"). Extensions are dropped: TypeScript imports a .ts
// file as ".js", or with no extension at all. ok is false for a dependency.
func ModuleKey(importer, spec string, dependsOn func(pkg string) bool) (key string, ok bool) {
	if strings.HasPrefix(spec, ".") {
		return pathKey(filepath.Join(filepath.Dir(importer), spec)), true
	}
	if dependsOn != nil && dependsOn(packageOf(spec)) {
		return "", false
	}
	return "alias:" + aliasKey(spec), true
}

// pathKey is the "path:" key of the module file (or extensionless module path) p.
func pathKey(p string) string { return "path:" + trimSourceExt(filepath.ToSlash(p)) }

// OwnModuleKeys are the keys ModuleKey gives file from any importer; an index file is
// also imported by its directory.
func OwnModuleKeys(file string) []string {
	p := trimSourceExt(filepath.ToSlash(file))
	keys := []string{pathKey(file), "alias:" + aliasKey(p)}
	if path.Base(p) == "index" {
		keys = append(keys, "path:"+path.Dir(p))
	}
	return keys
}

// aliasKey is the last two folders or file names of the module a path alias names. An
// index file stands for its folder (`@/routes/api/index.js` is `routes/api`, not
// `api/index`, which `@/routes/internal/api/index.js` would share), and the alias's
// marker before its first segment is no folder name (`@server/routes` names the folder
// `server/routes`).
func aliasKey(spec string) string {
	p := trimSourceExt(spec)
	if path.Base(p) == "index" {
		p = path.Dir(p)
	}
	return lastSegments(strings.TrimLeft(p, "@~#"), 2)
}

// ExportedName is the name another module reaches fn by: its own (a function or
// method name, the variable, property or export it is assigned to; "default" for a
// default export), else that of the nearest enclosing function, which returns it (a
// factory: `export function getAddress() { return async (req, res) => {…} }`).
func ExportedName(fn *sitter.Node, src []byte) string {
	for f := fn; f != nil; f = syntax.EnclosingFunction(f) {
		if p := syntax.Parent(f); p != nil && syntax.Kind(p) == syntax.ExportStatement && syntax.Field(f, syntax.FieldName) == nil {
			return "default"
		}
		if name := syntax.FunctionName(f, src); name != "" {
			return name
		}
	}
	return ""
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
