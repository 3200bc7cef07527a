package pkginfo

import (
	"path/filepath"
)

// lockfile is a parsed lockfile that can say which version it pinned.
type lockfile interface {
	// lookup finds dep for the package at importer (its directory relative
	// to the lockfile's, slash-separated, "." for the same directory).
	// spec is the range the manifest declares, which yarn.lock keys on.
	lookup(importer, dep, spec string) (semver, bool)
}

// lockKind is one lockfile name and the cache of its parsed files.
type lockKind struct {
	name  string
	cache *fileCache[lockfile]
}

// newLockKinds lists the lockfiles in the order they are consulted when a
// directory has several. npm-shrinkwrap.json wins over package-lock.json,
// as in npm itself; the rest is an arbitrary but fixed order.
func newLockKinds(w *warner) []lockKind {
	return []lockKind{
		{"npm-shrinkwrap.json", newFileCache(w, parseNpmLock)},
		{"package-lock.json", newFileCache(w, parseNpmLock)},
		{"pnpm-lock.yaml", newFileCache(w, parsePnpmLock)},
		{"yarn.lock", newFileCache(w, parseYarnLock)},
	}
}

// lockfileVersion looks dep up in the lockfiles of the nearest directory,
// from pkgDir upward, that has any. Only that directory counts: a further
// lockfile belongs to another project, or to a root the nearer one
// overrides. Broken lockfiles there are skipped (their parser returned nil).
// looks, when not nil, is told of each lockfile looked for and of those found; memo,
// when not nil, keeps each lockfile's answer for the run.
func (s *Store) lockfileVersion(pkgDir, dep, spec string, looks *Looks, memo *versionMemo) Version {
	for d := pkgDir; ; {
		found := false
		for _, k := range s.locks {
			path := filepath.Join(d, k.name)
			looks.named(path)
			lf, ok := memo.lock(k.cache, path)
			if !ok {
				continue
			}
			looks.found(path)
			found = true
			if lf == nil {
				continue
			}
			if v, ok := lf.lookup(importerPath(d, pkgDir), dep, spec); ok {
				return v.version(SourceLockfile)
			}
		}
		if found {
			return Version{}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return Version{}
		}
		d = parent
	}
}

// importerPath is pkgDir relative to lockDir in the slash form lockfiles
// use ("packages/api", or "." for the lockfile's own directory).
func importerPath(lockDir, pkgDir string) string {
	rel, err := filepath.Rel(lockDir, pkgDir)
	if err != nil {
		return "."
	}
	return filepath.ToSlash(rel)
}
