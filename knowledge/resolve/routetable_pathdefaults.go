package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// A path part bound to a configuration value with a literal default:
// `const BASE_PATH = process.env.BASE_PATH || '/'` (or `?? '/'`), or the same
// expression written in the registration. What the running app answers depends on
// its configuration, but without one it answers at the default, which is what a
// reader of the code expects first. Such a part is shown as the name (or the
// configuration expression) and its default in braces, separated by a colon:
// `{BASE_PATH:/}/runs`, `{baseUriPath:}/api`. The name before the colon is a dotted
// name, which a JavaScript expression followed by a colon never is, so the notation
// reads back unambiguously (DefaultPath). A constant imported from another module of
// the package is followed there when the joined tables meet (PathDefaults).

// configDefault is the literal default of `value || 'lit'` or `value ?? 'lit'`
// whose left side is not itself a literal: the configuration expression, shown as
// one word, and the default.
func configDefault(n *sitter.Node, src []byte) (expr, def string, ok bool) {
	n = syntax.Unwrap(n)
	if syntax.Kind(n) != syntax.BinaryExpression {
		return "", "", false
	}
	if op := syntax.Text(syntax.Field(n, syntax.FieldOperator), src); op != "||" && op != "??" {
		return "", "", false
	}
	left, right := syntax.Unwrap(syntax.Field(n, syntax.FieldLeft)), syntax.Unwrap(syntax.Field(n, syntax.FieldRight))
	switch syntax.Kind(left) {
	case syntax.String, syntax.TemplateString, syntax.Number:
		return "", "", false
	}
	def, ok = syntax.StringValue(right, src)
	if !ok || strings.ContainsAny(def, "{}") {
		return "", "", false
	}
	return strings.Trim(unknownPart(left, src), "{}"), def, true
}

// defaultedPart is the notation of a configuration part with its default (above);
// "" when name is no dotted name, which keeps the plain braces.
func defaultedPart(name, def string) string {
	if !dottedName(name) {
		return ""
	}
	return "{" + name + ":" + def + "}"
}

// dottedName: `BASE_PATH`, `process.env.BASE_PATH`, `config.server.base`.
func dottedName(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i, c := range part {
			word := c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !word && !(i > 0 && c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}

// configPathText is the part a path expression shows when it is a configuration
// value with a literal default, directly or through a constant of this file; ok is
// false otherwise.
func (r *Resolver) configPathText(n *sitter.Node) (string, bool) {
	if syntax.Kind(n) == syntax.Identifier {
		if _, def, ok := configDefault(r.Initializer(n), r.src); ok {
			return defaultedPart(syntax.Text(n, r.src), def), true
		}
		return "", false
	}
	if expr, def, ok := configDefault(n, r.src); ok {
		if part := defaultedPart(expr, def); part != "" {
			return part, true
		}
	}
	return "", false
}

// ImportedPart is a path part of this file that names a constant another module of
// the package exports (Key, Name): `app.use(BASE_PATH, router)` with BASE_PATH
// imported. Part is how the file's paths show it ("{BASE_PATH}"). Props is the
// property chain below the export when the part reads one of a configuration object
// ("site.baseUrl" of `{config.site.baseUrl}`, routetable_configobject.go).
type ImportedPart struct {
	Part, Key, Name, Props string
}

// importedParts records the path parts of the file's routes and mounts that are a
// name imported from the package, for the join to give them their default.
func (t *tableBuilder) importedParts() {
	seen := map[string]bool{}
	note := func(path string, at uint) {
		for _, name := range bracedNames(path) {
			if seen[name] {
				continue
			}
			seen[name] = true
			if calledName(name) {
				if p, ok := t.pathFunctionPart(name, at); ok {
					t.out.ImportedParts = append(t.out.ImportedParts, p)
				}
				continue
			}
			if strings.Contains(name, ".") {
				if p, ok := t.configChainPart(name, at); ok {
					t.out.ImportedParts = append(t.out.ImportedParts, p)
				}
				continue
			}
			v := t.r.Lookup(name, at)
			if v.Kind != Member || !v.fromImport() {
				continue
			}
			if key, ok := t.moduleKey(v.Module); ok {
				t.out.ImportedParts = append(t.out.ImportedParts, ImportedPart{Part: "{" + name + "}", Key: key, Name: exportName(v)})
			}
		}
	}
	t.out.eachPathAt(note)
}

// bracedNames are the names, property chains and calls of a name in braces of a
// path: "BASE_PATH" of "{BASE_PATH}/x", "config.site.baseUrl" of
// "{config.site.baseUrl}/x", "loginPath(config)" of "{loginPath(config)}".
func bracedNames(path string) []string {
	var out []string
	for {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			return out
		}
		end := strings.IndexByte(path[open:], '}')
		if end < 0 {
			return out
		}
		if name := path[open+1 : open+end]; dottedName(name) || calledName(name) {
			out = append(out, name)
		}
		path = path[open+end+1:]
	}
}

// exportedDefaults records the file's exported constants that are a configuration
// value with a literal default: `export const BASE_PATH = process.env.BASE_PATH ||
// '/'`, `exports.BASE_PATH = …`, `module.exports.BASE_PATH = …`.
func (t *tableBuilder) exportedDefaults(root *sitter.Node) {
	src := t.r.src
	record := func(name string, value *sitter.Node) {
		if _, def, ok := configDefault(value, src); ok && name != "" {
			t.out.PathDefaults[name] = def
		}
		if name != "" {
			t.objectDefaults(name, value, 0) // a configuration object's defaults
		}
	}
	for i := uint(0); i < root.NamedChildCount(); i++ {
		stmt := root.NamedChild(i)
		switch syntax.Kind(stmt) {
		case syntax.ExportStatement:
			if v := syntax.Field(stmt, syntax.FieldValue); v != nil && syntax.Field(stmt, syntax.FieldSource) == nil {
				record("default", v) // export default { site: { … } }
				continue
			}
			decl := syntax.Field(stmt, syntax.FieldDeclaration)
			if k := syntax.Kind(decl); k != syntax.LexicalDeclaration && k != syntax.VariableDeclaration {
				continue
			}
			for j := uint(0); j < decl.NamedChildCount(); j++ {
				if d := decl.NamedChild(j); syntax.Kind(d) == syntax.VariableDeclarator {
					if name := syntax.Field(d, syntax.FieldName); syntax.Kind(name) == syntax.Identifier {
						record(syntax.Text(name, src), syntax.Field(d, syntax.FieldValue))
					}
				}
			}
		case syntax.ExpressionStatement:
			e := syntax.Unwrap(stmt.NamedChild(0))
			if syntax.Kind(e) != syntax.AssignmentExpression {
				continue
			}
			left := syntax.Text(syntax.Field(e, syntax.FieldLeft), src)
			if left == "module.exports" || left == "exports" {
				record("default", syntax.Field(e, syntax.FieldRight))
			}
			for _, prefix := range []string{"module.exports.", "exports."} {
				if strings.HasPrefix(left, prefix) {
					record(strings.TrimPrefix(left, prefix), syntax.Field(e, syntax.FieldRight))
				}
			}
		}
	}
}

// withImportedDefaults returns the tables with each imported part that another
// file's PathDefaults give a default written as such ({BASE_PATH} becomes
// {BASE_PATH:/}); the tables given are not changed.
func withImportedDefaults(files []FileRoutes, byKey map[string][]int) []FileRoutes {
	out := files
	copied := false
	for i, f := range files {
		var pairs []string
		for _, p := range f.ImportedParts {
			exportedBy(files, byKey, p.Key, p.Name, func(j int, name string) bool {
				if p.Props == calledProps {
					text, ok := files[j].PathFunctions[name]
					if ok && j != i {
						pairs = append(pairs, p.Part, text) // routetable_pathfunctions.go
					}
					return ok
				}
				if p.Props != "" {
					name += "." + p.Props
				}
				def, ok := files[j].PathDefaults[name]
				if ok && j != i {
					pairs = append(pairs, p.Part, defaultedPart(strings.Trim(p.Part, "{}"), def))
				}
				return ok
			})
		}
		if len(pairs) == 0 {
			continue
		}
		if !copied {
			out, copied = append([]FileRoutes(nil), files...), true
		}
		rep := strings.NewReplacer(pairs...)
		g := f
		g.Routes = append([]Route(nil), f.Routes...)
		for k := range g.Routes {
			g.Routes[k].Path = rep.Replace(g.Routes[k].Path)
			paths := make([]string, len(g.Routes[k].Paths))
			for n, p := range g.Routes[k].Paths {
				paths[n] = rep.Replace(p)
			}
			g.Routes[k].Paths = paths
		}
		g.Mounts = append([]Mount(nil), f.Mounts...)
		for k := range g.Mounts {
			g.Mounts[k].Prefix, g.Mounts[k].Path = rep.Replace(g.Mounts[k].Prefix), rep.Replace(g.Mounts[k].Path)
		}
		out[i] = g
	}
	return out
}

// eachPathAt calls note with every path the file's routes and mounts write (a mount's
// prefix and its path), at the start of its registration.
func (o *FileRoutes) eachPathAt(note func(path string, at uint)) {
	for _, r := range o.Routes {
		for _, p := range r.Paths {
			note(p, r.At.Start)
		}
	}
	for _, m := range o.Mounts {
		note(m.Prefix, m.At.Start)
		note(m.Path, m.At.Start)
	}
}
