package pkginfo

import (
	"errors"
	"io/fs"
	"os"
	"sync"
)

// versionMemo keeps a run's answers of Package.VersionFrom, one per dependency, with
// the files each answer consulted.
type versionMemo struct {
	mu    sync.Mutex
	byDep map[string]rememberedVersion
	// paths numbers each consulted path, which an answer keeps by number: every
	// dependency's lookup consults the same lockfiles up to the root, and a copy per
	// dependency of every package of a large tree was the largest part of a cached
	// run's live heap; then, as a slice of strings per answer, still a quarter of it.
	paths   map[string]uint32
	pathsAt []string // by number
	// What every dependency's lookup asks of the same directories up to the root,
	// answered once for the package in the run: whether a node_modules directory is
	// absent, and what each lockfile is (see modulesDirAbsent and lock).
	modulesAbsent map[string]bool
	locks         map[string]lockAnswer
}

// lockAnswer is what a lockfile path gave: the parsed file, ok false when there is
// none that can be read.
type lockAnswer struct {
	lf lockfile
	ok bool
}

type rememberedVersion struct {
	v         Version
	consulted []uint32 // the paths' numbers (versionMemo.paths), foundMark on those found
}

// foundMark marks, in a remembered answer, a path its lookup found.
const foundMark = 1 << 31

// Remembering returns p for one run: a copy whose VersionFrom looks a dependency's
// version up once (the installed copies' package.json and the lockfiles, up to the
// root, each a stat) and then answers from memory, unknown as well as known, telling
// looks of the same files the lookup named and found. The rules ask a file's package for
// a version once or more per file (express's, whether it forwards rejections), so
// without it a run made those stats again for every file. A run already judges the
// files of a package with the package.json it first found; this keeps its versions
// too. A Package that remembers already is returned as it is; outside a run, use p
// itself, which looks versions up on every call.
func (p *Package) Remembering() *Package {
	if p == nil || p.memo != nil {
		return p
	}
	c := *p
	c.memo = &versionMemo{byDep: map[string]rememberedVersion{}, paths: map[string]uint32{},
		modulesAbsent: map[string]bool{}, locks: map[string]lockAnswer{}}
	return &c
}

// rememberedVersionFrom answers VersionFrom from the memo, looking the version up
// the first time dep is asked.
func (p *Package) rememberedVersionFrom(dep string, looks *Looks) Version {
	p.memo.mu.Lock()
	r, ok := p.memo.byDep[dep]
	p.memo.mu.Unlock()
	if !ok {
		// The caller is told of each file as the lookup names it, before the lookup
		// looks at it, as without a memo: a cache stamps the files it is told of, and a
		// stamp taken after the look could vouch for a file changed in between.
		var (
			paths []string
			found []bool
		)
		r.v = p.lookUpVersion(dep, &Looks{
			Named: func(path string) {
				paths, found = append(paths, path), append(found, false)
				looks.named(path)
			},
			Found: func(path string) {
				if n := len(paths); n > 0 && paths[n-1] == path {
					found[n-1] = true
				}
				looks.found(path)
			},
		})
		p.memo.mu.Lock()
		r.consulted = make([]uint32, len(paths))
		for i, path := range paths {
			r.consulted[i] = p.memo.number(path)
			if found[i] {
				r.consulted[i] |= foundMark
			}
		}
		if kept, raced := p.memo.byDep[dep]; raced {
			r = kept  // another file of the run asked first: one answer for the run
			ok = true // whose files the caller is told of too
		} else {
			p.memo.byDep[dep] = r
		}
		p.memo.mu.Unlock()
	}
	if ok && looks != nil {
		paths := p.memo.pathsOf(r.consulted)
		for i, path := range paths {
			looks.named(path)
			if r.consulted[i]&foundMark != 0 {
				looks.found(path)
			}
		}
	}
	return r.v
}

// number is path's number, given one when it has none; m.mu is held.
func (m *versionMemo) number(path string) uint32 {
	n, ok := m.paths[path]
	if !ok {
		n = uint32(len(m.pathsAt))
		m.paths[path] = n
		m.pathsAt = append(m.pathsAt, path)
	}
	return n
}

// pathsOf are the paths numbered ids (foundMark aside).
func (m *versionMemo) pathsOf(ids []uint32) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = m.pathsAt[id&^foundMark]
	}
	return out
}

// A package's dependencies are looked up in the same directories: every one of them in
// each node_modules from the package's directory to the root, then in the lockfiles of
// those directories. Without a memo each lookup asks the system again for each
// directory, so a package of 60 dependencies seven directories deep made some 1,500
// stats, nearly all of files that are absent because the node_modules above them is;
// a cold cached check of the benchmarks' large tree made 134,000 stats, now 67,000. With a
// run's memo a node_modules directory found absent answers for every dependency below
// it, and a lockfile is looked at once for the package. The files consulted are told
// as before, so a cache's witnesses are the same; the answers hold for the run, as the
// versions themselves do.

// modulesDirAbsent reports whether dir, a node_modules directory, is absent: asked of
// the system once per run with a memo, never without one (the caller then looks up
// the file below it, as it always did).
func (m *versionMemo) modulesDirAbsent(dir string) bool {
	if m == nil {
		return false
	}
	return once(m, m.modulesAbsent, dir, func() bool {
		_, err := os.Lstat(dir)
		return errors.Is(err, fs.ErrNotExist)
	})
}

// lock is the lockfile at path from cache, read once per run with a memo.
func (m *versionMemo) lock(cache *fileCache[lockfile], path string) (lockfile, bool) {
	if m == nil {
		return cache.get(path)
	}
	a := once(m, m.locks, path, func() lockAnswer {
		lf, ok := cache.get(path)
		return lockAnswer{lf: lf, ok: ok}
	})
	return a.lf, a.ok
}

// once is answers[key], asked of ask the first time and kept for the run; m.mu guards
// answers, and is not held while ask runs.
func once[V any](m *versionMemo, answers map[string]V, key string, ask func() V) V {
	m.mu.Lock()
	v, ok := answers[key]
	m.mu.Unlock()
	if ok {
		return v
	}
	v = ask()
	m.mu.Lock()
	answers[key] = v
	m.mu.Unlock()
	return v
}
