package pkginfo

import "sync"

// versionMemo keeps a run's answers of Package.VersionFrom, one per dependency, with
// the files each answer consulted.
type versionMemo struct {
	mu    sync.Mutex
	byDep map[string]rememberedVersion
	// paths keeps one copy of each consulted path: every dependency's lookup consults
	// the same lockfiles up to the root, and a copy per dependency of every package of
	// a large tree was the largest part of a cached run's live heap.
	paths map[string]string
}

type rememberedVersion struct {
	v         Version
	consulted []string
}

// Remembering returns p for one run: a copy whose VersionFrom looks a dependency's
// version up once (the installed copies' package.json and the lockfiles, up to the
// root, each a stat) and then answers from memory, unknown as well as known, telling
// consulted the same files the lookup consulted. The rules ask a file's package for
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
	c.memo = &versionMemo{byDep: map[string]rememberedVersion{}, paths: map[string]string{}}
	return &c
}

// rememberedVersionFrom answers VersionFrom from the memo, looking the version up
// the first time dep is asked.
func (p *Package) rememberedVersionFrom(dep string, consulted func(string)) Version {
	p.memo.mu.Lock()
	r, ok := p.memo.byDep[dep]
	p.memo.mu.Unlock()
	if !ok {
		var paths []string
		r.v = p.lookUpVersion(dep, func(path string) { paths = append(paths, path) })
		p.memo.mu.Lock()
		for i, path := range paths {
			if kept, ok := p.memo.paths[path]; ok {
				paths[i] = kept
			} else {
				p.memo.paths[path] = path
			}
		}
		r.consulted = paths
		if kept, raced := p.memo.byDep[dep]; raced {
			r = kept // another file of the run asked first: one answer for the run
		} else {
			p.memo.byDep[dep] = r
		}
		p.memo.mu.Unlock()
	}
	if consulted != nil {
		for _, path := range r.consulted {
			consulted(path)
		}
	}
	return r.v
}
