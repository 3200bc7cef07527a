package resolve

import (
	"path/filepath"
	"slices"
	"sort"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Changed forgets what a change of the file at path can alter, for a finder kept
// across changes (the server's): the next question reads it again.
//   - A package.json, pnpm-workspace.yaml or pnpm-lock.yaml: the workspace holding it
//     (its packages, their names and declarations, the files specifiers named), and
//     which workspace each folder at or below the file's folder is in (a declaration
//     there may make a nearer workspace, or its removal end one).
//   - A source file created or deleted: the files the specifiers of the workspace
//     holding it named, since a candidate may now exist or be gone. Its importers are
//     returned: the files whose route tables hold those answers, to be tabled again.
//
// The caller invalidates its pkginfo.Store for the same path: the finder reads
// through it.
func (w *WorkspaceModules) Changed(path string) (importers []string) {
	if w == nil {
		return nil
	}
	abs := w.abs(path)
	switch filepath.Base(abs) {
	case "package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml":
		w.forgetWorkspaces(abs)
		return nil
	}
	if syntax.ForPath(abs) == syntax.Unknown {
		return nil
	}
	return w.forgetSources(abs)
}

// forgetWorkspaces drops the workspaces a declaration or manifest at file can alter.
func (w *WorkspaceModules) forgetWorkspaces(file string) {
	dir := filepath.Dir(file)
	w.mu.Lock()
	defer w.mu.Unlock()
	for d, ws := range w.rootOf {
		if safefs.Within(d, dir) || ws != nil && safefs.Within(file, ws.dir) {
			delete(w.rootOf, d)
		}
	}
}

// forgetSources drops the specifier memo of the workspaces holding file, and returns
// the importers that asked for a specifier of the package holding file.
func (w *WorkspaceModules) forgetSources(file string) []string {
	w.mu.Lock()
	seen := map[*workspaceRoot]bool{}
	for _, ws := range w.rootOf {
		if ws != nil && safefs.Within(file, ws.dir) {
			seen[ws] = true
		}
	}
	w.mu.Unlock()
	var importers []string
	for ws := range seen {
		ws.mu.Lock()
		for spec, by := range ws.askedBy {
			if dir, ok := ws.packages[packageOf(spec)]; ok && safefs.Within(file, dir) {
				for importer := range by {
					importers = append(importers, w.abs(importer))
				}
				delete(ws.askedBy, spec)
			}
		}
		ws.sources = nil
		ws.mu.Unlock()
	}
	sort.Strings(importers)
	return slices.Compact(importers)
}
