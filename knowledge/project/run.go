package project

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/cores"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// RunOptions are what a Run shares with its caller.
type RunOptions struct {
	// Cache answers for the files it has seen unchanged; nil checks every file.
	Cache *Cache
	// Facts receives every file's facts (an excluded or unreadable file's are
	// removed); nil: a fresh index, dropped at the end.
	Facts *analysis.FactIndex
	// Busy, while it returns true, takes one worker off the run (the user is typing:
	// the edit's analysis gets a core of its own). With one core the run pauses.
	Busy func() bool
	// Progress is told how many files of the pass are done (two passes: every file,
	// then the files the fact pass judges again).
	Progress func(done, total int)
	// Looks, when set, has the run gate the request-path facts (see factsGate) although
	// its facts serve the caller too: once every file's facts are in Facts, it is told
	// what the gate read of each file that records or reads such facts, and which files'
	// facts went unrecorded. A caller that keeps the index for later changes must judge
	// again, with every rule, a file whose facts a change makes read (see GateLook).
	Looks func([]GateLook)
}

// firstResult is what the fact pass keeps of a file's first result.
type firstResult struct {
	abs, pkgDir string
	facts       []analysis.Fact
	again       bool
	checked     bool
	// spare: judged again only for the request path, and judged now, not answered
	// from a cache; findings are then the first judgement's, kept in case the fact
	// pass spares it (see spared).
	spare    bool
	findings []analysis.Finding
	size     int // bytes of its text when it was parsed (see largestFirst)
}

// Run checks files on all cores and gives each file's final result to each, once per
// file, from any goroutine: first every file, without the other files' facts; then
// the files whose findings depend on those facts (rules.DependsOnOtherFiles), judged
// again once every fact is known. A run whose facts serve it alone (no fact index of
// the caller's; its cache's entries say which facts they lack) judges the files that
// record request-path facts after the others, once it knows whether any file reads
// them (see factsGate); so does a run given RunOptions.Looks, whose caller then keeps
// the gate's decision exact as files change. The fact pass spares the
// second judgement that would find what the first found (see spared), and makes the
// others on the trees their first judgements kept, within a budget (see keptTrees).
// It stops between files when ctx ends, and then returns its error.
func (d *Driver) Run(ctx context.Context, files []string, o RunOptions, each func(FileResult)) error {
	// A run closes each tree once its file is judged, or at the latest when it ends
	// (kept trees): its parses use arenas (see syntax.WithArenas).
	ctx = syntax.WithArenas(ctx)
	// One run checks each directory of the tree for links once (safefs.Roots.Memo).
	memo := *d
	memo.Roots = d.Roots.Memo()
	memo.lookups = &sync.Map{} // and each directory's configuration once
	memo.kept = newKeptTrees(runBudget(o.Cache != nil))
	defer memo.kept.release()
	d = &memo
	// own: the facts serve this run (and its cache) alone, every fact is one of its
	// files' first results.
	own := o.Facts == nil
	facts := o.Facts
	if facts == nil {
		facts = analysis.NewFactIndex()
	}
	firsts := make([]firstResult, len(files))
	first := func(i int, r FileResult) {
		r.Index = i
		firsts[i] = firstResult{abs: r.Abs, pkgDir: r.PkgDir, facts: r.Facts, again: r.Again && r.Err == nil, checked: r.Checked, size: len(r.Src)}
		if f := &firsts[i]; f.again && r.AgainForRequestPath && !r.Cached {
			f.spare, f.findings = true, r.Findings
		}
		if !firsts[i].again {
			each(r)
		}
		// An again file is read a second time in the second pass rather than held
		// until then: on a large tree, thousands of sources held at once made the peak.
		// Its tree is kept within a budget (see keptTrees), and the text read again
		// tells whether the tree is still the file's.
	}
	var gate *factsGate
	if own || o.Looks != nil {
		gate = newFactsGate(len(files), o.Cache != nil)
	}
	d.parallel(ctx, len(files), o, func(i int) {
		if r := o.Cache.first(ctx, d, files[i], gate, i); !r.Later {
			gate.judged(i, r)
			first(i, r)
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	if gate != nil {
		waves := [2][]int{}
		waves[0], waves[1] = gate.decide()
		for w, later := range waves {
			largestFirst(later, gate.size)
			if w == 1 {
				gate.decideRejects()
			}
			d.parallel(ctx, len(later), o, func(j int) {
				i := later[j]
				r := o.Cache.later(ctx, d, files[i], gate, i)
				gate.judged(i, r)
				first(i, r)
			})
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	var again []int
	for i, f := range firsts {
		if f.abs == "" {
			continue
		}
		facts.Update(f.abs, f.pkgDir, f.facts)
		if f.again {
			again = append(again, i)
		}
	}
	if o.Looks != nil {
		o.Looks(gate.looks(firsts))
	}
	o.Cache.factsKnown(firsts)
	spare := spared(firsts, again, facts)
	for i := range spare {
		d.kept.drop(firsts[i].abs) // not judged again
	}
	largestFirst(again, func(i int) int { return firsts[i].size })
	d.parallel(ctx, len(again), o, func(j int) {
		i := again[j]
		var r FileResult
		if spare[i] {
			r = o.Cache.keepFirst(d, files[i], firsts[i])
		} else {
			r = o.Cache.second(ctx, d, files[i], firsts[i], facts)
		}
		// The tree kept for this file is free once the judgement is made, or
		// answered from the cache or without parsing.
		d.kept.drop(firsts[i].abs)
		r.Index = i
		each(r)
	})
	return ctx.Err()
}

// spared are the again files the fact pass need not judge a second time: judged again
// only for the request path, and named by no request-path fact of their package
// (rules.RequestPathNamed) in facts, the index the second judgement would read, so the
// other files' facts put none of their functions on it, and the second judgement would
// find what the first found. The names are taken from that index, every fact of the
// run already in it, and not from the run's results: a caller's index (the language
// server's) may hold facts of files the run did not judge, such as an open document
// outside the folders walked.
func spared(firsts []firstResult, again []int, facts *analysis.FactIndex) map[int]bool {
	named := map[string]rules.RequestPathNamed{}
	for _, i := range again {
		if firsts[i].spare {
			named[firsts[i].pkgDir] = rules.RequestPathNamed{}
		}
	}
	if len(named) == 0 {
		return nil
	}
	for dir, n := range named {
		facts.EachFile(dir, n.Add) // the file's own too: a superset of what it reads
	}
	out := map[int]bool{}
	for _, i := range again {
		if f := firsts[i]; f.spare && !named[f.pkgDir].Names(f.abs) {
			out[i] = true
		}
	}
	return out
}

// largestFirst orders the files idx of a pass by size, largest first (ties keep their
// order). A pass ends when its last file is judged: judged in the order listed, a
// large file that came last parsed on one core while the other had nothing left to
// do, at the end of each wave after the first pass and of the fact pass. Largest
// first, what is left at the end is small. Each file's result is the same in any
// order; only the order in which they arrive changes.
func largestFirst(idx []int, size func(i int) int) {
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(size(b), size(a)) })
}

// passWorkers is how many workers a pass runs: one per core. A test that needs the
// files of a pass handed out strictly in order sets it to one.
var passWorkers = cores.Workers

// parallel calls fn for 0..n-1 on every core, stopping when ctx ends.
func (d *Driver) parallel(ctx context.Context, n int, o RunOptions, fn func(i int)) {
	// Workers take the next index from a shared counter rather than from a channel
	// one goroutine feeds: a file answered from the cache takes microseconds, and
	// through a channel each handoff waited for the feeder, so a warm run's first
	// pass used little more than one core.
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		done   int
		cursor atomic.Int64
	)
	workers := min(passWorkers(), max(n, 1))
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(cursor.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
				if o.Progress != nil {
					mu.Lock()
					done++
					o.Progress(done, n)
					mu.Unlock()
				}
				// The first worker steps aside while the user types (the only one
				// when there is a single core), so an edit is analysed at once.
				for w == 0 && o.Busy != nil && o.Busy() && ctx.Err() == nil {
					time.Sleep(2 * time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
}
