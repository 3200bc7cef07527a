package resolve

import (
	"path/filepath"
	"sort"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// RouteTableIn is RouteTable for a file of a workspace: a bare import that names
// another package of the workspace (see WorkspaceModules) is keyed by the source file
// it reads there, as a relative import is, rather than left to the dependency it also
// is. The table's Modules then list the module paths its facts name, for a caller
// that reads the files those lie in (routes: the other package's files are not in
// the run when one package is checked).
func (r *Resolver) RouteTableIn(root *sitter.Node, file string, dependsOn func(pkg string) bool, workspace *WorkspaceModules) FileRoutes {
	return r.routeTable(root, file, dependsOn, workspace)
}

// moduleKey is ModuleKey for the table's file, with the workspace's packages read as
// sources (RouteTableIn).
func (t *tableBuilder) moduleKey(spec string) (string, bool) {
	if t.workspace == nil {
		return ModuleKey(t.file, spec, t.dependsOn)
	}
	if strings.HasPrefix(spec, ".") {
		t.reads(trimSourceExt(filepath.Join(filepath.Dir(t.file), spec)))
		return ModuleKey(t.file, spec, t.dependsOn)
	}
	if t.dependsOn != nil && t.dependsOn(packageOf(spec)) {
		if file, ok := t.workspace.Source(t.file, spec); ok {
			t.reads(file)
			return "path:" + trimSourceExt(filepath.ToSlash(file)), true
		}
	}
	return ModuleKey(t.file, spec, t.dependsOn)
}

func (t *tableBuilder) reads(module string) {
	if t.modules == nil {
		t.modules = map[string]bool{}
	}
	t.modules[module] = true
}

// listModules fills the table's Modules from what moduleKey was asked, sorted.
func (t *tableBuilder) listModules() {
	for m := range t.modules {
		t.out.Modules = append(t.out.Modules, m)
	}
	sort.Strings(t.out.Modules)
}

// OnlyFacts is the table of a file read for another package's route map: its facts
// (functions, exports, route objects and lists, path constants), without the
// registrations it makes itself, which belong to its own package's map.
func (f FileRoutes) OnlyFacts() FileRoutes {
	f.Routes, f.Mounts, f.Passes, f.FieldRefs = nil, nil, nil, nil
	f.Managed, f.Servers, f.Classes = nil, nil, ClassRoutes{}
	return f
}

// ModuleFiles are the files a module path of Modules may be, in the order a relative
// import is looked for: the path itself, with each source or declaration ending,
// then its folder's index.
func ModuleFiles(module string) []string { return moduleFiles(module) }
