package analysis

import (
	"slices"
	"sort"
	"sync"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// A Fact is something one file establishes for its whole package: "this file turns
// X-Powered-By off", "this file imports express-async-errors". Rules that depend on
// other files (the rules marked SharesFacts) export the facts they look for and read the facts
// of the package's other files, so a mitigation in another file silences them and a
// finding caused by another file can point there.
type Fact struct {
	Name  string
	Where Location
}

// Location is a place in a file, with columns in both encodings LSP clients use.
type Location struct {
	Path            string
	Line, EndLine   int // zero-based
	Col8, EndCol8   int // bytes
	Col16, EndCol16 int // UTF-16 code units
}

// Related points a finding at the place in another file it depends on.
type Related struct {
	Where   Location
	Message string
}

// Facts tells a file what the other files of its package establish.
type Facts interface {
	// Elsewhere returns where other files of the package establish the fact.
	Elsewhere(name string) []Location
}

// AddFact records a fact the running rule establishes at node n of this file.
func (p *Pass) AddFact(name string, n *sitter.Node) {
	if p.lines == nil {
		p.lines = source.NewLines(p.File.Src)
	}
	p.facts = append(p.facts, Fact{Name: name, Where: locate(p.File.Path, p.lines, n.StartByte(), n.EndByte())})
	p.origins = append(p.origins, factOrigin{rule: p.rule.Name, at: resolve.Span{Start: n.StartByte(), End: n.EndByte()}})
}

// factOrigin is the rule that recorded a fact and the bytes it names, so that Recheck
// can keep the fact of a statement it does not check again, at its new place.
type factOrigin struct {
	rule string
	at   resolve.Span
}

// Elsewhere is what the package's other files establish about name (nil when the
// caller gave no index: the rule then judges from this file alone).
func (p *Pass) Elsewhere(name string) []Location {
	if p.Options.Facts == nil {
		return nil
	}
	return p.Options.Facts.Elsewhere(name)
}

func locate(path string, lines *source.Lines, start, end uint) Location {
	a8, b8 := lines.Position(int(start), source.UTF8), lines.Position(int(end), source.UTF8)
	a16, b16 := lines.Position(int(start), source.UTF16), lines.Position(int(end), source.UTF16)
	return Location{Path: path, Line: int(a8.Line), EndLine: int(b8.Line),
		Col8: int(a8.Character), EndCol8: int(b8.Character), Col16: int(a16.Character), EndCol16: int(b16.Character)}
}

// FactIndex holds the facts of every analysed file, grouped by package directory. It
// is safe for concurrent use: the server's indexer and its open documents share one.
//
// A file asks about one fact name of its own package at a time (Elsewhere), so the
// facts are indexed by package and then by name: a question costs the answers it
// finds, where a scan of every file of the tree made each one grow with the tree
// (with a monorepo's many packages, the whole check superlinear).
type FactIndex struct {
	mu    sync.Mutex
	pkgOf map[string]string // the package directory of each file that has facts
	byPkg map[string]*packageFacts
}

// packageFacts are the facts of one package's files: by file, and where each name is
// established, in the order the files were recorded.
type packageFacts struct {
	files  map[string][]Fact
	byName map[string][]factRef
	// names are the package's fact names in order, for prefix questions; nil when the
	// set of names changed since they were last sorted.
	names []string
}

// factRef is one fact of a file: files[path][at].
type factRef struct {
	path string
	at   int
}

// NewFactIndex returns an empty index.
func NewFactIndex() *FactIndex {
	return &FactIndex{pkgOf: map[string]string{}, byPkg: map[string]*packageFacts{}}
}

// Update replaces a file's facts and reports whether its set of fact names changed
// (positions alone moving does not change what other files conclude).
func (ix *FactIndex) Update(path, pkgDir string, facts []Fact) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	oldDir, had := ix.pkgOf[path]
	var old []Fact
	if had {
		old = ix.byPkg[oldDir].files[path]
		ix.drop(path, oldDir)
	}
	if len(facts) > 0 {
		ix.add(path, pkgDir, facts)
	}
	return !sameNames(old, facts) || oldDir != pkgDir && len(facts) > 0
}

// add records the facts of a file that has none in the index.
func (ix *FactIndex) add(path, pkgDir string, facts []Fact) {
	pkg := ix.byPkg[pkgDir]
	if pkg == nil {
		pkg = &packageFacts{files: map[string][]Fact{}, byName: map[string][]factRef{}}
		ix.byPkg[pkgDir] = pkg
	}
	ix.pkgOf[path] = pkgDir
	pkg.files[path] = facts
	for i, f := range facts {
		refs := pkg.byName[f.Name]
		if refs == nil {
			pkg.names = nil
		}
		pkg.byName[f.Name] = append(refs, factRef{path: path, at: i})
	}
}

// drop forgets the facts of a file of the package at pkgDir.
func (ix *FactIndex) drop(path, pkgDir string) {
	pkg := ix.byPkg[pkgDir]
	for _, f := range pkg.files[path] {
		refs := pkg.byName[f.Name]
		if len(refs) == 0 {
			continue // a name the file establishes more than once: dropped at its first
		}
		refs = slices.DeleteFunc(refs, func(r factRef) bool { return r.path == path })
		if len(refs) == 0 {
			delete(pkg.byName, f.Name)
			pkg.names = nil
		} else {
			pkg.byName[f.Name] = refs
		}
	}
	delete(pkg.files, path)
	delete(ix.pkgOf, path)
	if len(pkg.files) == 0 {
		delete(ix.byPkg, pkgDir)
	}
}

// Remove forgets a deleted file; it reports whether the file had facts.
func (ix *FactIndex) Remove(path string) bool { return ix.Update(path, "", nil) }

// EachFile calls fn with the facts of each file of the package at pkgDir, under the
// index's lock: fn must not call the index.
func (ix *FactIndex) EachFile(pkgDir string, fn func(facts []Fact)) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if pkg := ix.byPkg[pkgDir]; pkg != nil {
		for _, facts := range pkg.files {
			fn(facts)
		}
	}
}

// For is the view of one file: the facts of the other files of its package.
func (ix *FactIndex) For(path, pkgDir string) Facts {
	return factView{ix: ix, path: path, pkgDir: pkgDir}
}

type factView struct {
	ix           *FactIndex
	path, pkgDir string
}

func (v factView) Elsewhere(name string) []Location {
	var out []Location
	v.ix.mu.Lock()
	if pkg := v.ix.byPkg[v.pkgDir]; pkg != nil {
		for _, r := range pkg.byName[name] {
			if r.path != v.path {
				out = append(out, pkg.files[r.path][r.at].Where)
			}
		}
	}
	v.ix.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		return out[i].Path < out[j].Path || out[i].Path == out[j].Path && out[i].Line < out[j].Line
	})
	return out
}

func sameNames(a, b []Fact) bool {
	names := func(fs []Fact) map[string]bool {
		m := map[string]bool{}
		for _, f := range fs {
			m[f.Name] = true
		}
		return m
	}
	x, y := names(a), names(b)
	if len(x) != len(y) {
		return false
	}
	for n := range x {
		if !y[n] {
			return false
		}
	}
	return true
}
