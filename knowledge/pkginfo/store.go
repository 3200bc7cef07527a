package pkginfo

import (
	"errors"
	"path/filepath"
)

// Store caches everything read from package.json files, node_modules and
// lockfiles. It is safe for concurrent use.
type Store struct {
	manifests *fileCache[*Package]
	installed *fileCache[installedInfo]
	locks     []lockKind
	// workspaceFiles are the pnpm-workspace.yaml files read (WorkspacePackages).
	workspaceFiles *fileCache[*pnpmWorkspace]
	nearest        nearestCache
}

// NewStore returns an empty Store. warn, which may be nil, is told about
// files that exist but cannot be used, once per file and content; it may
// be called from any goroutine.
func NewStore(warn func(path string, err error)) *Store {
	w := newWarner(warn)
	s := &Store{
		installed:      newFileCache(w, parseInstalled),
		locks:          newLockKinds(w),
		workspaceFiles: newFileCache(w, parsePnpmWorkspace),
		nearest:        nearestCache{dirs: make(map[string]string)},
	}
	s.manifests = newFileCache(w, s.parsePackage)
	return s
}

// For returns the package owning file: the nearest package.json in file's
// directory or above it, or nil when there is none up to the root. file
// need not exist (unsaved buffers); a relative path is taken from the
// working directory.
func (s *Store) For(file string) *Package {
	dir, ok := fileDir(file)
	if !ok {
		return nil
	}
	return s.nearestPackage(dir)
}

// fileDir is the absolute directory of file, where its package is looked for; false
// for no file.
func fileDir(file string) (string, bool) {
	if file == "" {
		return "", false
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", false
	}
	return filepath.Dir(abs), true
}

// Invalidate forgets what was read from path, or from anything under path
// when it is a directory, so the next call reads it again even if its size
// and mtime did not change. Warnings are still given once per content.
func (s *Store) Invalidate(path string) {
	if path == "" {
		return
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return
	}
	s.manifests.invalidate(abs)
	s.installed.invalidate(abs)
	s.workspaceFiles.invalidate(abs)
	for _, k := range s.locks {
		k.cache.invalidate(abs)
	}
	s.nearest.invalidate(abs)
}

// parsePackage turns the package.json at path into a Package; a broken one
// still yields a Package, marked Broken, so the file is not mistaken for a
// missing one and the walk does not continue to an outer manifest.
func (s *Store) parsePackage(path string, data []byte) (*Package, error) {
	p := &Package{Dir: filepath.Dir(path), Manifest: path, store: s}
	m, err := parseManifest(data)
	if err != nil && !errors.Is(err, ErrWorkspaceDeclaration) {
		p.Broken = true
		return p, err
	}
	// A malformed workspace declaration is warned about (err) and costs only the
	// packages it declares.
	p.Name, p.Type, p.HasBin, p.EnginesNode, p.deps = m.name, m.typ, m.hasBin, m.enginesNode, m.deps
	p.Layout, p.workspaces, p.declaresWorkspaces = m.layout, m.workspaces, m.declaresWorkspaces
	return p, err
}
