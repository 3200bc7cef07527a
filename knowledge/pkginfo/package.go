package pkginfo

import "sort"

// Package is one package.json as it was when read. For returns the same
// *Package while the manifest is unchanged and a new one after an edit, so
// callers may share and keep it but must not modify it.
type Package struct {
	Dir, Manifest string // absolute directory and package.json path
	Name, Type    string // Type is "module", "commonjs" or "" when absent
	HasBin        bool
	// Broken is set when package.json could not be used (invalid JSON,
	// wrong field types). Only Dir and Manifest are then meaningful and
	// every version is unknown.
	Broken      bool
	EnginesNode Version
	// Layout is where the package's modules are (exports, types, main).
	Layout Layout

	workspaces         []string // the package globs `workspaces` declares
	declaresWorkspaces bool

	store *Store // for installed and lockfile lookups; nil in a bare Package
	deps  map[string]depSpec
	memo  *versionMemo // a run's versions (see Remembering); nil outside a run
}

// HasDependency reports whether any dependency section names dep.
func (p *Package) HasDependency(name string) bool {
	if p == nil {
		return false
	}
	_, ok := p.deps[name]
	return ok
}

// Version is the version of dep this package runs against: the installed
// copy, else the lockfile's, else the minimum its declared range allows.
// It is unknown when dep is not declared or none of these pins it down.
//
// Unlike the manifest fields, the answer can change while the manifest does
// not (an npm install), so it is looked up on every call, except in a run's
// Package (Remembering); the files behind it are cached by stat.
func (p *Package) Version(dep string) Version { return p.VersionFrom(dep, nil) }

// Looks is told of every file whose presence or content a version depends on,
// whether it exists or not (the installed copies' package.json looked for and the
// lockfiles): Named just before the lookup looks at the file, and Found when the look
// found it there. A cache that stamps each file named keeps the answer exactly while
// none of them changes, appears or disappears, provided no file it stamped as absent
// was found: one created after the stamp and deleted before the next run would leave
// the stamp holding for an answer that saw it. Either may be nil.
type Looks struct {
	Named, Found func(path string)
}

func (l *Looks) named(path string) {
	if l != nil && l.Named != nil {
		l.Named(path)
	}
}

func (l *Looks) found(path string) {
	if l != nil && l.Found != nil {
		l.Found(path)
	}
}

// VersionFrom is Version, telling looks (when not nil) of every file the answer
// depends on (see Looks).
//
// A Package of a run (Remembering) looks each dependency up once for the run.
func (p *Package) VersionFrom(dep string, looks *Looks) Version {
	if p == nil {
		return Version{}
	}
	if p.memo != nil {
		return p.rememberedVersionFrom(dep, looks)
	}
	return p.lookUpVersion(dep, looks)
}

// lookUpVersion is VersionFrom without a run's memo.
func (p *Package) lookUpVersion(dep string, looks *Looks) Version {
	d, ok := p.deps[dep]
	if !ok {
		return Version{}
	}
	if p.store != nil {
		if v := p.store.installedVersion(p.Dir, dep, looks, p.memo); v.Known {
			return v
		}
		if v := p.store.lockfileVersion(p.Dir, dep, d.spec, looks, p.memo); v.Known {
			return v
		}
	}
	return d.min
}

// Dependencies are the names every dependency section declares, sorted.
func (p *Package) Dependencies() []string {
	if p == nil {
		return nil
	}
	names := make([]string, 0, len(p.deps))
	for name := range p.deps {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// HTTPFrameworks are the dependencies that make a package an HTTP server rather than
// a command-line tool.
var HTTPFrameworks = []string{"express", "fastify", "koa", "@nestjs/core", "@hapi/hapi", "hapi", "restify", "polka"}

// ServesHTTP reports whether the package depends on an HTTP framework.
func (p *Package) ServesHTTP() bool {
	for _, fw := range HTTPFrameworks {
		if p.HasDependency(fw) {
			return true
		}
	}
	return false
}
