package project

import (
	"io/fs"
	"path/filepath"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/workspace"
)

// walkVerdict is whether a file looked like a minified bundle to the walk, and the
// file's stamp when it was looked at.
type walkVerdict struct {
	Stamp    stamp
	Minified bool
}

// Minified is the walk's verdict on path (workspace.Verdicts): the stored one while
// the file's stamp (info, its Lstat) is the stored one and settled, else look's, which
// is stored. A nil cache always looks.
func (c *Cache) Minified(path string, info fs.FileInfo, look func() bool) bool {
	if c == nil {
		return look()
	}
	<-c.verdictsLoaded
	abs := c.abs(path)
	st := stampOf(info, time.Now()) // before the look: a write during it changes the stamp
	c.mu.Lock()
	v, ok := c.verdicts[abs]
	c.verdictsSeen[abs] = true
	c.mu.Unlock()
	if ok && v.Stamp.vouchesFor(st) {
		return v.Minified
	}
	minified := look()
	c.mu.Lock()
	c.verdicts[abs], c.dirty = walkVerdict{Stamp: st, Minified: minified}, true
	c.mu.Unlock()
	return minified
}

// Listed keeps the stamp of a file the walk lists (workspace.Verdicts), taken from the
// walk's Lstat, for the run to compare with the stored one, and the file's absolute
// path, which the run then need not work out again (see located).
func (c *Cache) Listed(path string, info fs.FileInfo) {
	if c == nil {
		return
	}
	l := listedFile{abs: c.abs(path), stamp: stampOf(info, time.Now())} // outside the lock the walkers share
	c.mu.Lock()
	c.listed[path] = l
	c.mu.Unlock()
}

// listedFile is what the walk told of a file it listed.
type listedFile struct {
	abs   string
	stamp stamp
}

// located is the absolute path of path, a file the run checks, and the walk's stamp of
// it: those Listed kept when the walk listed it by that path, else path made absolute
// and the zero stamp (the file is then looked at by the run).
func (c *Cache) located(path string) (string, stamp) {
	c.mu.Lock()
	l, ok := c.listed[path]
	c.mu.Unlock()
	if !ok {
		return c.abs(path), stamp{}
	}
	return l.abs, l.stamp
}

// Listing keeps the names of a directory the walk read (workspace.Verdicts): a
// witness that a file of it is absent is then answered without an Lstat.
func (c *Cache) Listing(dir string, names []string) {
	if c == nil {
		return
	}
	c.checks.listings.Store(c.abs(dir), names)
}

// abs is path made absolute against the directory the cache was opened in, as
// filepath.Abs without asking the system for the directory each time.
func (c *Cache) abs(path string) string {
	abs := filepath.Clean(path)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(c.cwd, abs)
	}
	return abs
}

// Discover is project.Discover with the cache's minified-bundle verdicts: a file
// unchanged since the last run is not read to tell whether it is a bundle.
func (c *Cache) Discover(paths []string, skipped func(workspace.Skipped)) ([]string, error) {
	var files []string
	err := workspace.WalkWith(paths, c, func(path string) { files = append(files, path) }, skipped)
	return files, err
}
