package pkginfo

import (
	"errors"
	"io/fs"
	"path/filepath"
	"sync"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// stamp identifies one version of a file's content cheaply. An edit that
// keeps both size and mtime (same-size write within the filesystem's time
// resolution) is missed; Invalidate covers that case.
type stamp struct {
	modTime int64
	size    int64
}

func stampOf(fi fs.FileInfo) stamp {
	return stamp{modTime: fi.ModTime().UnixNano(), size: fi.Size()}
}

type cached[T any] struct {
	st  stamp
	val T
}

// fileCache holds one parsed value per file path and re-parses a file only
// when its stamp changes. Parse failures are cached too (the parser returns
// whatever value stands for "broken"), so a broken file costs one stat per
// lookup and one warning per content, not a parse per call.
type fileCache[T any] struct {
	parse func(path string, data []byte) (T, error)
	warn  *warner
	roots *safefs.Roots // where links may lead; set by Store.Confine

	mu      sync.Mutex
	entries map[string]cached[T]
}

func newFileCache[T any](w *warner, parse func(path string, data []byte) (T, error)) *fileCache[T] {
	return &fileCache[T]{parse: parse, warn: w, entries: make(map[string]cached[T])}
}

// Confine makes the store read package.json files and lockfiles only within
// roots (see safefs.Roots): a link out of the workspace, a FIFO or a device
// counts as absent, with one warning. Call it before the store is used.
func (s *Store) Confine(roots *safefs.Roots) {
	s.manifests.roots = roots
	s.installed.roots = roots
	s.workspaceFiles.roots = roots
	for _, k := range s.locks {
		k.cache.roots = roots
	}
}

// sizeLimit is the cap on a file of the caches: manifests are small, lockfiles
// of big monorepos are not.
func sizeLimit(path string) int64 {
	if name := filepath.Base(path); name == manifestName || name == pnpmWorkspaceName {
		return safefs.ManifestLimit
	}
	return safefs.LockfileLimit
}

// stat returns path's info when it is a regular file that may be read; a file
// that exists but may not is warned about once.
func (c *fileCache[T]) stat(path string) (fs.FileInfo, bool) {
	fi, err := c.roots.Stat(path)
	if err != nil {
		c.unreadable(path, err)
		return nil, false
	}
	return fi, true
}

// get returns the parsed content of path, and false when path is not a
// readable regular file.
func (c *fileCache[T]) get(path string) (T, bool) {
	fi, ok := c.stat(path)
	if !ok {
		var zero T
		return zero, false
	}
	c.mu.Lock()
	e, ok := c.entries[path]
	c.mu.Unlock()
	if ok && e.st == stampOf(fi) {
		return e.val, true
	}
	return c.load(path)
}

// load reads and parses path. The stamp is taken from the open file, so it
// describes the bytes actually read even if the file is replaced meanwhile.
func (c *fileCache[T]) load(path string) (T, bool) {
	var zero T
	data, fi, err := c.roots.ReadFile(path, sizeLimit(path))
	if err != nil {
		c.unreadable(path, err)
		return zero, false
	}
	val, err := c.parse(path, data)
	if err != nil {
		c.warn.report(path, data, err)
	} else {
		c.warn.clear(path)
	}
	st := stampOf(fi)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[path]; ok && e.st == st {
		// Another goroutine parsed the same content first; return its value
		// so every caller shares one snapshot.
		return e.val, true
	}
	c.entries[path] = cached[T]{st: st, val: val}
	return val, true
}

// unreadable treats a file that exists but cannot or must not be read
// (permissions, a link out of the workspace, a FIFO, one over the size cap) as
// absent, with one warning so the user can find out why.
func (c *fileCache[T]) unreadable(path string, err error) {
	c.forget(path)
	if !errors.Is(err, fs.ErrNotExist) {
		c.warn.report(path, []byte(err.Error()), err)
	}
}

func (c *fileCache[T]) forget(path string) {
	c.mu.Lock()
	_, had := c.entries[path]
	delete(c.entries, path)
	c.mu.Unlock()
	if had {
		c.warn.clear(path)
	}
}

// invalidate drops path and, when path is a directory, everything under it.
func (c *fileCache[T]) invalidate(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.entries {
		if safefs.Within(p, path) {
			delete(c.entries, p)
		}
	}
}

// usable reports whether get would read path: a regular file reached without
// leaving the roots. It warns about nothing, so a cache check stays quiet.
func (c *fileCache[T]) usable(path string) bool {
	_, err := c.roots.Stat(path)
	return err == nil
}
