package main

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// maxWorkspaceFacts bounds the files read from other packages of the workspace for
// one route map.
const maxWorkspaceFacts = 2000

// withWorkspaceFacts adds, to each package's tables, the facts of the files of other
// workspace packages its imports read (resolve.WorkspaceModules): `routes
// packages/back-end` reads the route objects packages/shared exports, though
// packages/shared is not listed, and `routes .` at the workspace's top joins them
// with the package that imports them. A file read this way gives its facts only
// (FileRoutes.OnlyFacts), never its own registrations, which stay in its own
// package's map. From it, only the modules of its own package are followed, and each
// file is read once per reading package, so two packages that import each other do
// not read round the cycle.
func (a *analyzer) withWorkspaceFacts(tables []resolve.FileRoutes, pkgs []*pkginfo.Package, log *console, workspace *resolve.WorkspaceModules) ([]resolve.FileRoutes, []*pkginfo.Package) {
	inRun := map[string]int{}
	for i, t := range tables {
		if t.File != "" {
			inRun[absPath(t.File)] = i
		}
	}
	type want struct {
		module string
		reader *pkginfo.Package
		within string // the package folder the module must lie in; "" for a workspace source
	}
	var queue []want
	add := func(t resolve.FileRoutes, reader *pkginfo.Package, within string) {
		for _, m := range t.Modules {
			switch abs := absPath(m); {
			case within != "":
				if withinDir(abs, within) {
					queue = append(queue, want{m, reader, within})
				}
			case isSourceFile(m) && (reader == nil || !withinDir(abs, reader.Dir)):
				queue = append(queue, want{m, reader, ""})
			}
		}
	}
	for i, t := range tables {
		if t.File != "" {
			add(t, pkgs[i], "")
		}
	}
	read := map[*pkginfo.Package]map[string]bool{}
	for n := 0; len(queue) > 0 && n < maxWorkspaceFacts; {
		w := queue[0]
		queue = queue[1:]
		file, ok := moduleFile(w.module, workspace)
		if !ok || read[w.reader][absPath(file)] {
			continue
		}
		if read[w.reader] == nil {
			read[w.reader] = map[string]bool{}
		}
		read[w.reader][absPath(file)] = true
		n++
		within := w.within
		if within == "" {
			if p := a.Packages.For(absPath(file)); p != nil {
				within = p.Dir
			}
		}
		var t resolve.FileRoutes
		if i, ok := inRun[absPath(file)]; ok {
			t = tables[i]
		} else {
			extra, _, errs := a.routeTables([]string{file}, log, workspace)
			if errs[0] != nil || extra[0].File == "" {
				continue
			}
			t = extra[0]
		}
		tables = append(tables, t.OnlyFacts())
		pkgs = append(pkgs, w.reader)
		if within != "" {
			add(t, w.reader, within)
		}
	}
	return tables, pkgs
}

// moduleFile is the first file a module path names that the workspace may read: the
// path itself when it has a source ending, else with each ending, then its folder's
// index. A declaration file holds no values and is passed over.
func moduleFile(module string, workspace *resolve.WorkspaceModules) (string, bool) {
	candidates := []string{module}
	if !isSourceFile(module) {
		candidates = resolve.ModuleFiles(module)
	}
	for _, c := range candidates {
		if isSourceFile(c) && workspace.Readable(c) {
			return c, true
		}
	}
	return "", false
}

func absPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return abs
}

func isSourceFile(p string) bool {
	switch filepath.Ext(p) {
	case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx":
		return !strings.HasSuffix(p, ".d.ts")
	}
	return false
}

func withinDir(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(os.PathSeparator))
}
