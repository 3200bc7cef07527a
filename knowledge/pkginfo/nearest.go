package pkginfo

import (
	"path/filepath"
	"sync"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

const manifestName = "package.json"

// nearestCache remembers, per directory, which package.json the upward walk
// found ("" for none up to the root).
//
// A hit is revalidated by re-stating the candidates between the directory
// and the remembered manifest, which is what makes a package.json created
// closer, or the remembered one deleted, visible without a file watcher.
// That costs the same system calls as the walk itself; what a hit saves is
// the per-candidate cache bookkeeping, and the entry gives Invalidate a
// handle on directory-level results.
type nearestCache struct {
	mu   sync.Mutex
	dirs map[string]string
}

func (c *nearestCache) get(dir string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.dirs[dir]
	return m, ok
}

func (c *nearestCache) put(dir, manifest string) {
	c.mu.Lock()
	c.dirs[dir] = manifest
	c.mu.Unlock()
}

// invalidate drops lookups made from inside the changed path's directory
// (a package.json created there may now be nearer) and lookups that ended
// at or under path.
func (c *nearestCache) invalidate(path string) {
	parent := filepath.Dir(path)
	c.mu.Lock()
	defer c.mu.Unlock()
	for dir, m := range c.dirs {
		if safefs.Within(dir, parent) || (m != "" && safefs.Within(m, path)) {
			delete(c.dirs, dir)
		}
	}
}

// nearestPackage returns the package whose package.json is in dir or the
// closest ancestor of dir.
func (s *Store) nearestPackage(dir string) *Package {
	if m, ok := s.nearest.get(dir); ok && s.noneCloser(dir, m) {
		if m == "" {
			return nil
		}
		if p, ok := s.manifests.get(m); ok {
			return p
		}
	}
	for d := dir; ; {
		m := filepath.Join(d, manifestName)
		if p, ok := s.manifests.get(m); ok {
			s.nearest.put(dir, m)
			return p
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	s.nearest.put(dir, "")
	return nil
}

// ForAbove is For, asking above, when not nil, for the package of the directory above
// the file's when the file's own directory holds no usable package.json: above gets a
// path in that directory and answers as For would for it. A run over a tree that keeps
// each directory's answer then looks at each directory's package.json once, instead
// of once for every directory below it and on every call.
func (s *Store) ForAbove(file string, above func(file string) *Package) *Package {
	if above == nil {
		return s.For(file)
	}
	dir, ok := fileDir(file)
	if !ok {
		return nil
	}
	if p := s.Manifest(dir); p != nil {
		return p
	}
	if parent := filepath.Dir(dir); parent != dir {
		return above(filepath.Join(parent, manifestName))
	}
	return nil
}

// noneCloser reports whether no package.json exists from dir up to, but not
// including, the directory of manifest (up to the root when manifest is "").
func (s *Store) noneCloser(dir, manifest string) bool {
	stop := ""
	if manifest != "" {
		stop = filepath.Dir(manifest)
	}
	for d := dir; d != stop; {
		if s.manifests.usable(filepath.Join(d, manifestName)) {
			return false
		}
		parent := filepath.Dir(d)
		if parent == d {
			return stop == ""
		}
		d = parent
	}
	return true
}
