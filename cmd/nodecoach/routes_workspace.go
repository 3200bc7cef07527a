package main

import (
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// withWorkspaceFacts adds, to each package's tables, the facts of the files of other
// workspace packages its imports read (resolve.WorkspaceFacts): `routes
// packages/back-end` reads the route objects packages/shared exports, though
// packages/shared is not listed, and `routes .` at the workspace's top joins them
// with the package that imports them as well as with their own. A file is analysed
// once however many packages read it; one the run already tabled is not analysed
// again.
func (a *analyzer) withWorkspaceFacts(tables []resolve.FileRoutes, pkgs []*pkginfo.Package, log *console, workspace *resolve.WorkspaceModules) ([]resolve.FileRoutes, []*pkginfo.Package) {
	known := map[string]resolve.FileRoutes{}
	byPkg := map[*pkginfo.Package][]resolve.FileRoutes{}
	var order []*pkginfo.Package
	for i, t := range tables {
		if t.File == "" {
			continue
		}
		known[safefs.AbsOrGiven(t.File)] = t
		if _, seen := byPkg[pkgs[i]]; !seen {
			order = append(order, pkgs[i])
		}
		byPkg[pkgs[i]] = append(byPkg[pkgs[i]], t)
	}
	src := resolve.FactSource{
		Tables: func(files []string) []resolve.FileRoutes {
			out := make([]resolve.FileRoutes, len(files))
			var todo []string
			var at []int
			for k, f := range files {
				if t, ok := known[safefs.AbsOrGiven(f)]; ok {
					out[k] = t
				} else {
					todo, at = append(todo, f), append(at, k)
				}
			}
			made, _, errs := a.routeTables(todo, log, workspace)
			for n, t := range made {
				if errs[n] != nil {
					t = resolve.FileRoutes{}
				}
				known[safefs.AbsOrGiven(todo[n])] = t
				out[at[n]] = t
			}
			return out
		},
		PackageDir: func(file string) string {
			if p := a.Packages.For(file); p != nil {
				return p.Dir
			}
			return ""
		},
		Exists: workspace.Readable,
	}
	for _, p := range order {
		dir := ""
		if p != nil {
			dir = p.Dir
		}
		for _, t := range resolve.WorkspaceFacts(byPkg[p], dir, src) {
			tables = append(tables, t)
			pkgs = append(pkgs, p)
		}
	}
	return tables, pkgs
}
