package resolve

import (
	"path/filepath"
	"strings"
)

// maxWorkspaceFacts bounds the files of other packages read for one package's route
// map.
const maxWorkspaceFacts = 2000

// FactSource gives WorkspaceFacts the files it reads.
type FactSource struct {
	// Table is the route table of a file (made with RouteTableIn), false when the file
	// is none the caller can read: absent, excluded, or out of the workspace.
	Table func(file string) (FileRoutes, bool)
	// PackageDir is the folder of the package.json nearest file, "" for none.
	PackageDir func(file string) string
	// Exists: file is a regular file the caller may read.
	Exists func(file string) bool
}

// WorkspaceFacts are the facts (OnlyFacts) of the files of other workspace packages
// that the tables of the package in dir read (their Modules naming another package's
// source), and of the modules of those packages they read in turn, for that package's
// route map: the other package's files need not be in the same run, and when they are,
// their facts join this package's map as well as their own. From a file of another
// package, only the modules of that package are followed, and each file is read once,
// so two packages that import each other are not walked round the cycle.
func WorkspaceFacts(own []FileRoutes, dir string, src FactSource) []FileRoutes {
	type want struct {
		module string
		within string // the package folder the module must lie in; "" for a workspace source
	}
	var queue []want
	add := func(t FileRoutes, within string) {
		for _, m := range t.Modules {
			abs := absModule(m)
			switch {
			case within != "":
				if withinDir(abs, within) {
					queue = append(queue, want{m, within})
				}
			case isSourcePath(m) && (dir == "" || !withinDir(abs, dir)):
				queue = append(queue, want{m, ""})
			}
		}
	}
	for _, t := range own {
		add(t, "")
	}
	read := map[string]bool{}
	var out []FileRoutes
	for len(queue) > 0 && len(read) < maxWorkspaceFacts {
		w := queue[0]
		queue = queue[1:]
		file, ok := existingModule(w.module, src.Exists)
		if !ok || read[absModule(file)] {
			continue
		}
		read[absModule(file)] = true
		t, ok := src.Table(file)
		if !ok {
			continue
		}
		out = append(out, t.OnlyFacts())
		within := w.within
		if within == "" {
			within = src.PackageDir(absModule(file))
		}
		if within != "" {
			add(t, within)
		}
	}
	return out
}

// existingModule is the first file a module path names that exists: the path itself
// when it has a source ending, else with each ending, then its folder's index. A
// declaration file holds no values and is passed over.
func existingModule(module string, exists func(string) bool) (string, bool) {
	candidates := []string{module}
	if !isSourcePath(module) {
		candidates = moduleFiles(module)
	}
	for _, c := range candidates {
		if isSourcePath(c) && exists(c) {
			return c, true
		}
	}
	return "", false
}

func isSourcePath(p string) bool {
	return trimSourceExt(p) != p && !strings.HasSuffix(p, ".d.ts")
}

func absModule(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return abs
}
