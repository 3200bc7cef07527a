package resolve

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// A bare import that names another package of the same workspace (a package.json
// under the workspace whose `name` is the specifier's package name) reads that
// package's source, for the route map's facts (route spec objects, handlers and their
// method and path), as a relative import would: `import { getFeatureValidator } from
// "shared/validators"` in packages/back-end reads packages/shared's source.
//
// The workspace is the nearest folder at or above the importing package that
// declares its packages: a package.json with `workspaces`, a pnpm-workspace.yaml, or
// a pnpm-lock.yaml (whose importers are the workspace's packages). Its packages are
// the folders those declarations name; a glob enters no link and no node_modules at
// any segment. The declarations and the packages' package.json files are read through
// the caller's pkginfo.Store (pkginfo.WorkspacePackages, Manifest), whose caches and
// warnings the rest of the run shares. Nothing outside that folder is read and no
// link out of it is followed (safefs.Roots); a dependency from the registry names no
// package there and stays unkeyed (ModuleKey), as do node_modules folders, which
// are never looked in.

// WorkspaceModules finds the source file a bare specifier names in a package of the
// importer's workspace. It remembers what it read for as long as it is kept: make one
// per run, or tell it what changed (Changed).
type WorkspaceModules struct {
	mu sync.Mutex
	// rootOf is the workspace of each folder asked about ("" for none).
	rootOf map[string]*workspaceRoot
	// cwd places a relative importer, and gives a source found for it in the same
	// relative form, so that its key is the one OwnModuleKeys gives that file when it
	// is in the run.
	cwd string
	// within bounds the walk up to a workspace's folder (nil: no bound).
	within func(dir string) bool
	// store reads the package.json files and workspace declarations, with the
	// caller's caching, confinement and warnings.
	store *pkginfo.Store
}

// workspaceRoot is one workspace: its folder, the reads confined to it, and its
// packages' folders by name.
type workspaceRoot struct {
	dir      string
	roots    *safefs.Roots
	store    *pkginfo.Store
	packages map[string]string
	// sources remembers the file each specifier names (packageSource), "" for none:
	// every file of a package asks for the same few.
	mu      sync.Mutex
	sources map[string]string
	// askedBy are the importers that asked for each specifier: the files whose route
	// tables hold its answer, to be tabled again when it may change (Changed).
	askedBy map[string]map[string]bool
}

// NewWorkspaceModules returns an empty finder that reads package.json files and
// workspace declarations through store: a malformed one is warned about there, once.
func NewWorkspaceModules(store *pkginfo.Store) *WorkspaceModules {
	cwd, _ := os.Getwd()
	return &WorkspaceModules{rootOf: map[string]*workspaceRoot{}, cwd: cwd, store: store}
}

// NewWorkspaceModulesWithin returns a finder that looks for a workspace only in the
// folders within says are inside (the server's workspace folders).
func NewWorkspaceModulesWithin(store *pkginfo.Store, within func(dir string) bool) *WorkspaceModules {
	w := NewWorkspaceModules(store)
	w.within = within
	return w
}

// Readable: path lies in the workspace of the file from (InWorkspaceOf) and is a
// regular file reached without a link out of it.
func (w *WorkspaceModules) Readable(from, path string) bool {
	ws, abs, ok := w.inWorkspaceOf(from, path)
	if !ok {
		return false
	}
	info, err := ws.roots.Stat(abs)
	return err == nil && info.Mode().IsRegular()
}

// InWorkspaceOf: path lies in the workspace of the file from. A path a relative import
// leads to in another workspace (one beside it, or below it in another repository) is
// not of it.
func (w *WorkspaceModules) InWorkspaceOf(from, path string) bool {
	_, _, ok := w.inWorkspaceOf(from, path)
	return ok
}

func (w *WorkspaceModules) inWorkspaceOf(from, path string) (*workspaceRoot, string, bool) {
	ws := w.workspaceOf(filepath.Dir(w.abs(from)))
	abs := w.abs(path)
	return ws, abs, ws != nil && safefs.Within(abs, ws.dir)
}

func (w *WorkspaceModules) abs(p string) string { return safefs.AbsFrom(w.cwd, p) }

// Source is the file of another package of importer's workspace that spec names, and
// false when spec is relative, names no package of the workspace, or its sub-path
// leads to no source file there.
func (w *WorkspaceModules) Source(importer, spec string) (string, bool) {
	if w == nil || spec == "" || strings.HasPrefix(spec, ".") || strings.HasPrefix(spec, "/") {
		return "", false
	}
	ws := w.workspaceOf(filepath.Dir(w.abs(importer)))
	if ws == nil {
		return "", false
	}
	name := packageOf(spec)
	dir, ok := ws.packages[name]
	if !ok {
		return "", false
	}
	file, ok := ws.source(dir, name, spec)
	ws.asked(spec, importer)
	if ok && !filepath.IsAbs(importer) {
		if rel, err := filepath.Rel(w.cwd, file); err == nil {
			file = rel
		}
	}
	return file, ok
}

// asked notes that importer asked for spec.
func (ws *workspaceRoot) asked(spec, importer string) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.askedBy == nil {
		ws.askedBy = map[string]map[string]bool{}
	}
	if ws.askedBy[spec] == nil {
		ws.askedBy[spec] = map[string]bool{}
	}
	ws.askedBy[spec][importer] = true
}

// source is packageSource of spec's sub-path in the package name at dir, remembered.
func (ws *workspaceRoot) source(dir, name, spec string) (string, bool) {
	ws.mu.Lock()
	file, seen := ws.sources[spec]
	ws.mu.Unlock()
	if seen {
		return file, file != ""
	}
	file, _ = ws.packageSource(dir, strings.TrimPrefix(strings.TrimPrefix(spec, name), "/"))
	ws.mu.Lock()
	if ws.sources == nil {
		ws.sources = map[string]string{}
	}
	ws.sources[spec] = file
	ws.mu.Unlock()
	return file, file != ""
}

// workspaceOf is the workspace holding dir, nil for none. The walk up stops at the
// first folder that declares packages, or at the repository's top (a folder holding
// .git): a workspace never spans repositories.
func (w *WorkspaceModules) workspaceOf(dir string) *workspaceRoot {
	w.mu.Lock()
	defer w.mu.Unlock()
	var walked []string
	var found *workspaceRoot
	for d := dir; ; {
		if ws, ok := w.rootOf[d]; ok {
			found = ws
			break
		}
		if w.within != nil && !w.within(d) {
			break
		}
		walked = append(walked, d)
		if members, ok := w.store.WorkspacePackages(d); ok {
			found = &workspaceRoot{dir: d, roots: safefs.NewRoots(d), store: w.store}
			found.packages = found.named(members)
			break
		}
		parent := filepath.Dir(d)
		if parent == d || exists(filepath.Join(d, ".git")) {
			break
		}
		d = parent
	}
	for _, d := range walked {
		w.rootOf[d] = found
	}
	return found
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// named reads the package.json of each folder the globs name (a negated glob drops
// folders; node_modules is never entered) and maps each package's name to its folder.
func (ws *workspaceRoot) named(globs []string) map[string]string {
	out := map[string]string{}
	var dropped []string
	for _, g := range globs {
		if rest, ok := strings.CutPrefix(g, "!"); ok {
			dropped = append(dropped, strings.Trim(rest, "/"))
		}
	}
	for _, g := range globs {
		if strings.HasPrefix(g, "!") {
			continue
		}
		for _, dir := range ws.globDirs(strings.Trim(path.Clean(filepath.ToSlash(g)), "/")) {
			rel, _ := filepath.Rel(ws.dir, dir)
			if droppedBy(filepath.ToSlash(rel), dropped) {
				continue
			}
			if name := ws.packageName(dir); name != "" {
				if _, seen := out[name]; !seen {
					out[name] = dir
				}
			}
		}
	}
	return out
}

func droppedBy(rel string, dropped []string) bool {
	for _, d := range dropped {
		if ok, _ := path.Match(d, rel); ok || strings.HasPrefix(rel, strings.TrimSuffix(d, "/**")+"/") && strings.HasSuffix(d, "/**") {
			return true
		}
	}
	return false
}

// maxGlobDepth bounds how deep a `**` of a workspace glob looks for package folders.
const maxGlobDepth = 4

// globDirs are the folders under the workspace a glob names, one segment at a time:
// `*` matches a segment, `**` any number of them (down to maxGlobDepth).
func (ws *workspaceRoot) globDirs(glob string) []string {
	if glob == "" || glob == "." {
		return []string{ws.dir}
	}
	dirs := []string{ws.dir}
	for _, seg := range strings.Split(glob, "/") {
		var next []string
		for _, d := range dirs {
			switch {
			case seg == "**":
				next = append(next, ws.below(d, maxGlobDepth)...)
			case !strings.ContainsAny(seg, "*?[") && seg != "..":
				if sub := filepath.Join(d, seg); ws.plainDir(sub) {
					next = append(next, sub)
				}
			default:
				for _, sub := range ws.subdirs(d) {
					if ok, _ := path.Match(seg, filepath.Base(sub)); ok {
						next = append(next, sub)
					}
				}
			}
		}
		dirs = next
	}
	return dirs
}

// below is d and its folders down to depth levels.
func (ws *workspaceRoot) below(d string, depth int) []string {
	out := []string{d}
	if depth == 0 {
		return out
	}
	for _, sub := range ws.subdirs(d) {
		out = append(out, ws.below(sub, depth-1)...)
	}
	return out
}

// plainDir: d is a folder of the workspace the globs may enter, neither a link
// (whatever it leads to: a fixed segment naming a link would have the next wildcard
// list the folder it leads to) nor node_modules.
func (ws *workspaceRoot) plainDir(d string) bool {
	if filepath.Base(d) == "node_modules" || !safefs.Within(d, ws.dir) {
		return false
	}
	info, err := os.Lstat(d)
	return err == nil && info.IsDir()
}

// subdirs are d's folders that are no links, hidden folders or node_modules.
func (ws *workspaceRoot) subdirs(d string) []string {
	entries, err := os.ReadDir(d)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && e.Type()&os.ModeSymlink == 0 && e.Name() != "node_modules" && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(d, e.Name()))
		}
	}
	return out
}

// packageName is the name in dir's package.json, "" when it has none or may not be
// read (a link out of the workspace).
func (ws *workspaceRoot) packageName(dir string) string {
	if m := ws.manifest(dir); m != nil {
		return m.Name
	}
	return ""
}

// manifest is dir's package.json, nil when it is missing, malformed, or reached
// through a link out of the workspace.
func (ws *workspaceRoot) manifest(dir string) *pkginfo.Package {
	file := filepath.Join(dir, "package.json")
	if _, err := ws.roots.Stat(file); err != nil {
		return nil
	}
	if m := ws.store.Manifest(dir); m != nil && !m.Broken {
		return m
	}
	return nil
}
