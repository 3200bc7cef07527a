package project

import (
	"hash/maphash"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// factsGate spares a run whose facts serve it alone (check without a cache) the
// request-path facts no file will read (see rules.RequestPathFactsRead): the first
// pass leaves every file that would record them for later and reads what each file
// of the package tells the gate; once every file is read, those files are judged,
// recording their facts only where another file reads them, and not parsed at all
// where nothing else applies. Their facts are then known before any file is judged
// again with the other files' facts.
type factsGate struct {
	files  []rules.RequestPathFile // by the file's place in the run
	pkgDir []string
	later  []laterFile
	read   []bool // after decide: another file reads its facts
	seed   maphash.Seed
}

// laterFile is what the first pass's quick look decided for a file left for later:
// its rules with the request path's facts and without them, for the text it read.
type laterFile struct {
	sum                  uint64
	with, without        []*analysis.Rule
	mayFireWith, mayFire bool
}

func newFactsGate(n int) *factsGate {
	return &factsGate{files: make([]rules.RequestPathFile, n), pkgDir: make([]string, n), later: make([]laterFile, n), seed: maphash.MakeSeed()}
}

// look is the first pass's narrowing of file i: it tells the gate about the file,
// and leaves it for later when it would record request-path facts. Each i is looked
// at by one goroutine only.
func (g *factsGate) look(abs string, i int) narrowing {
	return func(src []byte, opts analysis.Options, look func() (*analysis.Quick, []*analysis.Rule)) ([]*analysis.Rule, bool, bool) {
		q, applicable := look()
		f := rules.ReadRequestPathFile(abs, src, q, applicable, opts)
		g.files[i] = f
		if q.Package != nil {
			g.pkgDir[i] = q.Package.Dir
		}
		if !f.Records {
			return applicable, analysis.MayFire(q, applicable), true
		}
		without := rules.WithoutRequestPathFacts(q, applicable, opts)
		g.later[i] = laterFile{sum: maphash.Bytes(g.seed, src), with: applicable, without: without,
			mayFireWith: analysis.MayFire(q, applicable), mayFire: analysis.MayFire(q, without)}
		return nil, false, false
	}
}

// decide judges, package by package, whose facts are read, and lists the files left
// for later.
func (g *factsGate) decide() []int {
	byPkg := map[string][]int{}
	var later []int
	for i, f := range g.files {
		byPkg[g.pkgDir[i]] = append(byPkg[g.pkgDir[i]], i)
		if f.Records {
			later = append(later, i)
		}
	}
	g.read = make([]bool, len(g.files))
	for _, idx := range byPkg {
		files := make([]rules.RequestPathFile, len(idx))
		for j, i := range idx {
			files[j] = g.files[i]
		}
		for j, read := range rules.RequestPathFactsRead(files) {
			g.read[idx[j]] = read
		}
	}
	return later
}

// unparsed reports whether file i, left for later, is not parsed without its facts,
// which no file reads: nothing else applies to it. Its result is then known from the
// first pass's look, and the file is not read again.
func (g *factsGate) unparsed(i int) bool {
	return !g.read[i] && !g.later[i].mayFire
}

// narrow is the narrowing of a file left for later: its rules as they are when its
// facts are read, else without the part that records them; as the first pass found
// them, unless the file changed since.
func (g *factsGate) narrow(i int) narrowing {
	return func(src []byte, opts analysis.Options, look func() (*analysis.Quick, []*analysis.Rule)) ([]*analysis.Rule, bool, bool) {
		l := g.later[i]
		if maphash.Bytes(g.seed, src) != l.sum {
			q, applicable := look()
			l.with, l.mayFireWith = applicable, analysis.MayFire(q, applicable)
			l.without = rules.WithoutRequestPathFacts(q, applicable, opts)
			l.mayFire = analysis.MayFire(q, l.without)
		}
		if g.read[i] {
			return l.with, l.mayFireWith, true
		}
		return l.without, l.mayFire, true
	}
}
