package resolve

import (
	"path/filepath"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// maxWorkspaceFacts bounds the files of other packages read for one package's route
// map.
const maxWorkspaceFacts = 2000

// FactSource gives WorkspaceFacts the files it reads.
type FactSource struct {
	// Tables are the route tables of files (made with RouteTableIn), asked for
	// together so that the caller may make them on all cores; a table whose File is
	// "" is of a file the caller cannot read (absent, excluded, out of the workspace).
	Tables func(files []string) []FileRoutes
	// PackageDir is the folder of the package.json nearest file, "" for none.
	PackageDir func(file string) string
	// Exists: file is a regular file the caller may read for the facts of the file
	// from, whose table names it (of the same workspace: WorkspaceModules.Readable).
	Exists func(from, file string) bool
}

// WorkspaceFacts are the facts (onlyFacts) of the files of other workspace packages
// that the tables of the package in dir read (the modules their facts name that lie
// outside dir: factModules), and of the modules of those packages they read in turn, for that package's
// route map: the other package's files need not be in the same run, and when they are,
// their facts join this package's map as well as their own. From a file of another
// package, only the modules of that package are followed, and each file is read once,
// so two packages that import each other are not walked round the cycle.
func WorkspaceFacts(own []FileRoutes, dir string, src FactSource) []FileRoutes {
	type want struct {
		module string
		within string // the package folder the module must lie in; "" for a workspace source
		from   string // the file whose table names the module
	}
	var queue []want
	add := func(t FileRoutes, within string) {
		modules := factModules(t, within == "")
		for _, m := range modules {
			abs := safefs.AbsOrGiven(m)
			switch {
			case within != "":
				if safefs.Within(abs, within) {
					queue = append(queue, want{m, within, t.File})
				}
			case dir == "" || !safefs.Within(abs, dir):
				queue = append(queue, want{m, "", t.File})
			}
		}
	}
	// The package's own files are in its map whole: none is read again as a fact.
	read, nread := map[string]bool{}, 0
	for _, t := range own {
		add(t, "")
		if t.File != "" {
			read[safefs.AbsOrGiven(t.File)] = true
		}
	}
	var out []FileRoutes
	// One wave a step: the files the last wave's facts name, tabled together.
	for len(queue) > 0 && nread < maxWorkspaceFacts {
		var files []string
		var from []want
		for _, w := range queue {
			file, ok := existingModule(w.module, func(f string) bool { return src.Exists(w.from, f) })
			if !ok || read[safefs.AbsOrGiven(file)] || nread >= maxWorkspaceFacts {
				continue
			}
			read[safefs.AbsOrGiven(file)] = true
			nread++
			files, from = append(files, file), append(from, w)
		}
		queue = nil
		if len(files) == 0 {
			break
		}
		for k, t := range src.Tables(files) {
			if t.File == "" {
				continue
			}
			facts := t.onlyFacts()
			out = append(out, facts)
			within := from[k].within
			if within == "" {
				within = src.PackageDir(safefs.AbsOrGiven(files[k]))
			}
			if within != "" {
				add(facts, within)
			}
		}
	}
	return out
}

// factModules are the modules a table's facts name by a "path:" key (ModuleKey): its
// re-exports and the other modules' route objects, lists and factories its route
// lists take; with registrations, also the modules its routes, mounts and hand-offs
// run or read, and the constants and objects its path parts read. A module that the file
// only imports (a helper its functions call) holds nothing its route map reads, and
// is not followed: an index that gathers a package's modules would otherwise read the
// whole package, and a package that imports another's helpers all of it.
func factModules(t FileRoutes, registrations bool) []string {
	var out []string
	add := func(key string) {
		if m, ok := strings.CutPrefix(key, "path:"); ok {
			out = append(out, filepath.FromSlash(m))
		}
	}
	for _, re := range t.ReExports {
		add(re.Key)
	}
	for _, re := range t.MoreStars {
		add(re.Key)
	}
	list := func(l RouteList) {
		for _, item := range l.Items {
			switch {
			case item.Ref != nil:
				add(item.Ref.Key)
			case item.Element != nil && item.Element.Ref != nil:
				add(item.Element.Ref.Key)
			case item.Factory != nil:
				add(item.Factory.Ref.Key)
				for _, args := range item.Factory.Args {
					for _, a := range args {
						if a.Ref != nil {
							add(a.Ref.Key)
						}
					}
				}
			}
		}
	}
	for _, l := range t.RouteLists {
		list(l)
	}
	if registrations {
		targets := func(ts ...Target) {
			for _, x := range ts {
				add(x.Key)
			}
		}
		for _, r := range t.Routes {
			targets(r.Handler)
			targets(r.Middleware...)
			if r.Keyed != nil {
				add(r.Keyed.Key)
			}
			if r.Elements != nil {
				list(r.Elements.List)
			}
		}
		for _, m := range t.Mounts {
			add(m.Key)
			targets(m.Target)
			targets(m.Middleware...)
		}
		for _, p := range t.Passes {
			add(p.Key)
		}
		for _, f := range t.FieldRefs {
			add(f.Key)
		}
		for _, c := range t.Classes.Extends {
			add(c.Key)
		}
		for _, p := range t.ImportedParts {
			add(p.Key)
		}
		for _, p := range t.KeysParts {
			add(p.Key)
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
