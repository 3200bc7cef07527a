package project

import (
	"time"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/workspace"
)

// walkVerdict is whether a file looked like a minified bundle to the walk, and the
// file's stamp when it was looked at.
type walkVerdict struct {
	Stamp    stamp
	Minified bool
}

// Minified are the walk's verdicts on a directory's files (workspace.Verdicts): for
// each, the stored one while the file's stamp (its Lstat) is the stored one and
// settled, else look's, which is stored. The cache's lock is taken once for the
// directory, and again only when a file was looked at. A nil cache always looks.
func (c *Cache) Minified(files []workspace.FileStat, look func(i int) bool) []bool {
	out := make([]bool, len(files))
	if c == nil {
		for i := range files {
			out[i] = look(i)
		}
		return out
	}
	<-c.verdictsLoaded
	now := time.Now()
	stamps := make([]stamp, len(files))
	abs := make([]string, len(files))
	for i, f := range files {
		abs[i] = c.abs(f.Path)
		stamps[i] = stampOf(f.Info, now) // before the look: a write during it changes the stamp
	}
	var unsure []int
	c.mu.Lock()
	for i := range files {
		v, ok := c.verdicts[abs[i]]
		c.verdictsSeen[abs[i]] = true
		if ok && v.Stamp.vouchesFor(stamps[i]) {
			out[i] = v.Minified
		} else {
			unsure = append(unsure, i)
		}
	}
	c.mu.Unlock()
	if len(unsure) == 0 {
		return out
	}
	for _, i := range unsure {
		out[i] = look(i)
	}
	c.mu.Lock()
	for _, i := range unsure {
		c.verdicts[abs[i]] = walkVerdict{Stamp: stamps[i], Minified: out[i]}
	}
	c.dirty = true
	c.mu.Unlock()
	return out
}

// Ready is closed once the verdicts are read from the cache file (workspace.Verdicts):
// until then Minified waits for them. A nil cache is always ready.
func (c *Cache) Ready() <-chan struct{} {
	if c == nil {
		return workspace.AlwaysReady
	}
	return c.verdictsLoaded
}

// Listed keeps the stamps of the files the walk lists in a directory
// (workspace.Verdicts), taken from the walk's Lstat, for the run to compare with the
// stored ones, and the files' absolute paths, which the run then need not work out
// again (see located). They are worked out before the lock the walkers share, which
// is taken once for the directory.
func (c *Cache) Listed(files []workspace.FileStat) {
	if c == nil {
		return
	}
	now := time.Now()
	var small [64]listedFile // most directories' files: kept on the stack
	kept := small[:0]
	for _, f := range files {
		kept = append(kept, listedFile{abs: c.abs(f.Path), stamp: stampOf(f.Info, now)})
	}
	c.mu.Lock()
	for i, f := range files {
		c.listed[f.Path] = kept[i]
	}
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
	return safefs.AbsFrom(c.cwd, path)
}

// Discover is project.Discover with the cache's minified-bundle verdicts: a file
// unchanged since the last run is not read to tell whether it is a bundle.
func (c *Cache) Discover(paths []string, skipped func(workspace.Skipped)) ([]string, error) {
	var files []string
	err := workspace.WalkWith(paths, c, func(path string) { files = append(files, path) }, skipped)
	return files, err
}
