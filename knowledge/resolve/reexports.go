package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ReExport is an export of a file that is another module's export passed on: an
// index that gathers routers or handlers (`module.exports = require('./routes')`,
// `export { default as users } from './users'`, `export * from './list'`).
type ReExport struct {
	Key  string // the other module's key (ModuleKey)
	Name string // its export: "default", a name, or "*" for all of them
}

// maxReExportHops bounds how many index files a lookup passes through.
const maxReExportHops = 8

// exportFrom records the ESM re-exports of one `export … from '…'` statement.
func (t *tableBuilder) exportFrom(stmt *sitter.Node) {
	src := syntax.Field(stmt, syntax.FieldSource)
	spec, ok := syntax.StringValue(src, t.r.src)
	if !ok || !importedModule(spec) {
		return
	}
	key, ok := t.moduleKey(spec)
	if !ok {
		return
	}
	clause := false
	for i := uint(0); i < stmt.NamedChildCount(); i++ {
		c := stmt.NamedChild(i)
		if syntax.Kind(c) != syntax.ExportClause {
			continue
		}
		clause = true
		for j := uint(0); j < c.NamedChildCount(); j++ {
			s := c.NamedChild(j)
			if syntax.Kind(s) != syntax.ExportSpecifier {
				continue
			}
			name := syntax.Text(syntax.Field(s, syntax.FieldName), t.r.src)
			as := name
			if alias := syntax.Field(s, syntax.FieldAlias); alias != nil {
				as = syntax.Text(alias, t.r.src)
			}
			t.out.ReExports[as] = ReExport{Key: key, Name: name}
		}
	}
	if !clause {
		// export * from './x' (export * as ns from './x' names a namespace, which no
		// registration mounts or runs directly)
		if !strings.Contains(syntax.Text(stmt, t.r.src), " as ") {
			star := ReExport{Key: key, Name: "*"}
			if _, held := t.out.ReExports["*"]; held {
				// an index of many modules: `export * from './a'; export * from './b'`
				t.out.MoreStars = append(t.out.MoreStars, star)
			} else {
				t.out.ReExports["*"] = star
			}
		}
	}
}

// exportClause records `export { users, list as index }` of bindings of this file:
// a router it holds, or another module's export it imported.
func (t *tableBuilder) exportClause(stmt *sitter.Node) {
	for _, c := range syntax.ChildrenOfKind(stmt, syntax.ExportClause) {
		for _, s := range syntax.ChildrenOfKind(c, syntax.ExportSpecifier) {
			local := syntax.Field(s, syntax.FieldName)
			as := syntax.Text(local, t.r.src)
			if alias := syntax.Field(s, syntax.FieldAlias); alias != nil {
				as = syntax.Text(alias, t.r.src)
			}
			if syntax.Kind(local) == syntax.Identifier {
				t.exportValue(as, local)
			}
		}
	}
}

// reExportOf records export name when value is another module of the package, or
// one of its exports: `require('./users')`, or a binding imported from it.
func (t *tableBuilder) reExportOf(name string, value *sitter.Node) {
	if value == nil {
		return
	}
	v := t.r.Value(value)
	if !v.fromImport() {
		return
	}
	key, ok := t.moduleKey(v.Module)
	if !ok {
		return
	}
	of := "default"
	if v.Kind == Member {
		if strings.Contains(v.Path, ".") {
			return // a member of an export: not an export of its own
		}
		of = v.Path
	}
	t.out.ReExports[name] = ReExport{Key: key, Name: of}
	if name == "default" && v.Kind == Module {
		// module.exports = require('./routes'): every export of it, by its own name
		t.out.ReExports["*"] = ReExport{Key: key, Name: "*"}
	}
}

// exportedBy finds what the files that a module key names export as name: the
// files and the values they hold there, following re-exports through index files.
// found is called with each file index and the export's own name in that file.
func exportedBy(files []FileRoutes, byKey map[string][]int, key, name string, found func(j int, name string) bool) {
	type step struct {
		key, name string
	}
	seen := map[step]bool{}
	var walk func(s step, hops int)
	walk = func(s step, hops int) {
		if hops > maxReExportHops || seen[s] {
			return
		}
		seen[s] = true
		for _, j := range byKey[s.key] {
			if found(j, s.name) {
				continue
			}
			f := files[j]
			if re, ok := f.ReExports[s.name]; ok {
				walk(step{re.Key, re.Name}, hops+1)
			}
			if re, ok := f.ReExports["*"]; ok && s.name != "default" {
				walk(step{re.Key, s.name}, hops+1)
				for _, more := range f.MoreStars {
					walk(step{more.Key, s.name}, hops+1)
				}
			}
		}
	}
	walk(step{key, name}, 0)
}
