package project

import (
	"context"
	"errors"
	"hash/maphash"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// factsGate spares a run whose facts serve it alone (check without a cache) the
// facts no file will read (see rules.RequestPathFactsRead): the request path's, and
// whether a file's functions can reject where only that had a rule apply. The first
// pass leaves every file that would record them for later and reads what each file
// of the package tells the gate; once every file is read, those files are judged,
// recording their facts only where another file reads them, and not parsed at all
// where nothing else applies. They are judged in two waves: first the files waiting
// only for the request path's decision, whose judgements, like the first pass's, tell
// the gate which cannot-reject facts they ask for (hearing); then, once that is
// decided, the files that record cannot-reject facts. Their facts are then known
// before any file is judged again with the other files' facts.
//
// A run that keeps a cache gates too (see Cache.first and Cache.later): each entry
// keeps what the gate read of its file (what it was heard asking too), and says when
// its facts were not recorded, so a later run decides from the unchanged files'
// stored looks and the changed files' fresh ones, and judges again, before the fact
// pass, a stored file whose facts are read now.
type factsGate struct {
	files   []rules.RequestPathFile // by the file's place in the run
	pkgDir  []string
	later   []laterFile
	waiting []bool // left for after the first pass
	read    []bool // after decide: another file reads its facts
	seed    maphash.Seed
	// held are the stored entries without their facts, kept for decide; fresh what
	// a new entry of a file left for later is keyed by (both for a run with a cache).
	held  []*cacheEntry
	fresh []*freshFile
	byPkg map[string][]int // after decide: the files of each package
	// pkgLooks holds one package's looks at a time for the decisions, which keep none
	// of them (see packageFiles).
	pkgLooks []rules.RequestPathFile
}

// laterFile is what the first pass's quick look decided for a file left for later:
// its rules with the request path's facts and without them, for the text it read.
type laterFile struct {
	sum                  uint64
	size                 int // bytes of the text read
	with, without        []*analysis.Rule
	mayFireWith, mayFire bool
}

func newFactsGate(n int, cached bool) *factsGate {
	g := &factsGate{files: make([]rules.RequestPathFile, n), pkgDir: make([]string, n), later: make([]laterFile, n),
		waiting: make([]bool, n), seed: maphash.MakeSeed()}
	if cached {
		g.held, g.fresh = make([]*cacheEntry, n), make([]*freshFile, n)
	}
	return g
}

// told is the gate told about file i by a stored look (see Cache.first).
func (g *factsGate) told(i int, f rules.RequestPathFile, pkgDir string) {
	g.files[i], g.pkgDir[i] = f, pkgDir
}

// hold leaves file i's stored entry e, whose facts were not recorded, for decide.
func (g *factsGate) hold(i int, e *cacheEntry) {
	g.held[i], g.waiting[i] = e, true
}

// keyed keeps what a new entry of file i, left for later, is keyed by.
func (g *factsGate) keyed(i int, f *freshFile) {
	g.fresh[i] = f
}

// look is the first pass's narrowing of file i: it tells the gate about the file,
// and leaves it for later when it would record facts the gate decides on. Each i is looked
// at by one goroutine only.
func (g *factsGate) look(abs string, i int) narrowing {
	return func(src []byte, opts *analysis.Options, look func() (*analysis.Quick, []*analysis.Rule)) ([]*analysis.Rule, bool, bool) {
		q, applicable := look()
		f := rules.ReadRequestPathFile(abs, src, q, applicable, *opts)
		g.files[i] = f
		if q.Package != nil {
			g.pkgDir[i] = q.Package.Dir
		}
		if !f.Gated() {
			if g.hears(i) {
				opts.Asks = g.files[i].Hear()
			}
			return applicable, analysis.MayFire(q, applicable), true
		}
		without := rules.WithoutRequestPathFacts(q, applicable, *opts)
		g.waiting[i] = true
		g.later[i] = laterFile{sum: maphash.Bytes(g.seed, src), size: len(src), with: applicable, without: without,
			mayFireWith: analysis.MayFire(q, applicable), mayFire: analysis.MayFire(q, without)}
		return nil, false, false
	}
}

// decide judges, package by package, whose request-path facts are read, and lists
// the files left for later in two waves: first those that wait only for that
// decision, then, once decideRejects has heard the first wave's asks, those that
// record cannot-reject facts.
func (g *factsGate) decide() (first, then []int) {
	g.byPkg = map[string][]int{}
	for i := range g.files {
		g.byPkg[g.pkgDir[i]] = append(g.byPkg[g.pkgDir[i]], i)
		switch {
		case !g.waiting[i]:
		case g.files[i].RecordsRejects:
			then = append(then, i)
		default:
			first = append(first, i)
		}
	}
	g.read = make([]bool, len(g.files))
	for _, idx := range g.byPkg {
		for j, read := range rules.RequestPathOnlyRead(g.packageFiles(idx)) {
			g.read[idx[j]] = read
		}
	}
	return first, then
}

// decideRejects judges, package by package, whose cannot-reject facts are read, once
// the first wave of the files left for later is judged.
func (g *factsGate) decideRejects() {
	for _, idx := range g.byPkg {
		read := make([]bool, len(idx))
		for j, i := range idx {
			read[j] = g.read[i]
		}
		rules.CannotRejectRead(g.packageFiles(idx), read)
		for j, i := range idx {
			g.read[i] = read[j]
		}
	}
}

// size is the bytes of file i as the first pass's look read it; 0 for a file the look
// did not read (its entry came from a cache).
func (g *factsGate) size(i int) int { return g.later[i].size }

// packageFiles are the looks of the files at idx, valid until the next call. One
// buffer serves every package: a copy of each package's looks was a copy of every
// file's, twice a run, and a warm run of a large tree spent more on the new memory's
// first touch than on the decisions.
func (g *factsGate) packageFiles(idx []int) []rules.RequestPathFile {
	g.pkgLooks = g.pkgLooks[:0]
	for _, i := range idx {
		g.pkgLooks = append(g.pkgLooks, g.files[i])
	}
	return g.pkgLooks
}

// judged tells the gate how file i's judgement ended: one that did not complete (an
// error, or skipped as too deep or out of time) may have stopped before asking all it
// asks, so the gate forgets what it heard and reads the file's spelled strings.
func (g *factsGate) judged(i int, r FileResult) {
	if g != nil && g.hears(i) && (r.Err != nil || r.Skipped != "") {
		g.files[i].Unhear()
	}
}

// hears reports whether the run hears the cannot-reject facts file i asks for when
// judged: a file that may judge a handler, judged in the first pass, or in the first
// wave after it, both before decideRejects (a file that records such facts waits for
// it). A look read from a stored entry keeps what was heard when it was stored.
func (g *factsGate) hears(i int) bool {
	return g.files[i].ReadsRejects && !g.files[i].RecordsRejects
}

// unparsed reports whether file i, left for later, is not parsed without its facts,
// which no file reads: nothing else applies to it. Its result is then known from the
// first pass's look, and the file is not read again.
func (g *factsGate) unparsed(i int) bool {
	return !g.read[i] && !g.later[i].mayFire
}

// judgeLater is the judgement of file i, left for later by the first pass's look.
func (g *factsGate) judgeLater(ctx context.Context, d *Driver, path string, src []byte, i int) FileResult {
	if g.unparsed(i) {
		if g.hears(i) {
			g.files[i].Hear() // not parsed: it asks for nothing
		}
		Judgements.Add(1)
		return FileResult{Path: path, Abs: d.absolute(path), PkgDir: g.pkgDir[i], Checked: true}
	}
	return d.judge(ctx, path, src, nil, g.narrow(i))
}

// unchanged reports whether src is the text file i's first look read.
func (g *factsGate) unchanged(i int, src []byte) bool {
	return maphash.Bytes(g.seed, src) == g.later[i].sum
}

// narrow is the narrowing of a file left for later: its rules as they are when its
// facts are read, else without the part that records them; as the first pass found
// them, unless the file changed since.
func (g *factsGate) narrow(i int) narrowing {
	return func(src []byte, opts *analysis.Options, look func() (*analysis.Quick, []*analysis.Rule)) ([]*analysis.Rule, bool, bool) {
		l := g.later[i]
		if maphash.Bytes(g.seed, src) != l.sum {
			q, applicable := look()
			l.with, l.mayFireWith = applicable, analysis.MayFire(q, applicable)
			l.without = rules.WithoutRequestPathFacts(q, applicable, *opts)
			l.mayFire = analysis.MayFire(q, l.without)
		}
		if g.hears(i) {
			opts.Asks = g.files[i].Hear()
		}
		if g.read[i] {
			return l.with, l.mayFireWith, true
		}
		return l.without, l.mayFire, true
	}
}

// GateLook is what the gate read of one file of a run (see RunOptions.Looks): its
// package, its look, and whether its request-path facts went unrecorded because no
// file of the run read them.
type GateLook struct {
	Abs, PkgDir string
	Look        rules.RequestPathFile
	Unrecorded  bool
}

// looks are the looks of the run's files that record or read request-path facts (a
// file that does neither weighs in no decision), once decide has run.
func (g *factsGate) looks(firsts []firstResult) []GateLook {
	var out []GateLook
	for i, f := range g.files {
		if firsts[i].abs == "" || !f.Weighs() {
			continue
		}
		out = append(out, GateLook{Abs: firsts[i].abs, PkgDir: g.pkgDir[i], Look: f, Unrecorded: g.waiting[i] && !g.read[i]})
	}
	return out
}

// Look is what the facts gate reads of the file at path (its text src, read when nil)
// and its package's directory: as a run's first pass reads it, so that a caller
// keeping a run's looks (RunOptions.Looks) can decide again after the file changes.
// An excluded file records and reads nothing: its look is the zero one.
func (d *Driver) Look(ctx context.Context, path string, src []byte) (look rules.RequestPathFile, pkgDir string, err error) {
	abs := d.absolute(path)
	_, err = d.analyze(ctx, path, src, nil, func(src []byte, opts *analysis.Options, quick func() (*analysis.Quick, []*analysis.Rule)) ([]*analysis.Rule, bool, bool) {
		q, applicable := quick()
		look = rules.ReadRequestPathFile(abs, src, q, applicable, *opts)
		if q.Package != nil {
			pkgDir = q.Package.Dir
		}
		return nil, false, false // looked at, not judged
	}, nil)
	if errors.Is(err, errLater) {
		err = nil
	}
	return look, pkgDir, err
}
