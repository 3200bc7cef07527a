// Package walkgc paces the garbage collector while a run walks many files: the
// command line's check and the language server's index share one policy.
//
// A walk's garbage is per file (a text read, a tree flattened, a resolver's tables)
// and most of it dies young, while what lives grows slowly with the files judged (their
// facts, findings and cache entries). Go's default target collects each time the heap
// has doubled what was live; a walk collects much less often: its heap may grow to a
// fixed floor, small beside what the process holds anyway (the grammars, the trees
// being parsed). Once what is live outgrows the floor, the heap may still grow by half
// of it beyond the live size. A limit that stayed fixed had the collector run back to
// back as the live heap neared it (a cold cached check of a large tree took 1.9 times
// the CPU at a limit of 40 MB, which its live heap came near); one that follows the
// live heap never can, however large the workspace.
package walkgc

import (
	"os"
	"runtime/debug"
	"sync"
)

// Floor is the heap a walk may grow to before it collects: above four times what a
// check of a large tree keeps live (about 10 MB), so collections stay rare. A run that
// keeps a cache holds every file's entry until it writes them (near 40 MB live on a
// 22,000-file tree) and gets more.
func Floor(cached bool) int64 {
	if cached {
		return 56 << 20
	}
	return 40 << 20
}

// walkPercent is the collector's target during a walk. The limit decides when it
// collects (the floor, or the live heap and half again); the target only keeps the
// heap from growing past five times the live size if the limit is the user's.
const walkPercent = 400

// pacing is the process's walks: the first to begin sets the policy and the last to end
// gives back the target and limit of before. The limit is the largest floor of the
// walks running, raised after each collection to follow the live heap.
type pacing struct {
	mu            sync.Mutex
	floors        map[int64]int // the floors of the walks running, each with its count
	percentBefore int
	limitBefore   int64
	limiting      bool // the limit is ours (no GOMEMLIMIT): it follows the live heap
	watching      bool // a collection's end is watched (see watchCollections)
}

var pace pacing

// Begin paces the collector for a walk with the given floor, and returns what ends
// the walk's pacing (once; later calls do nothing). A GOGC the user set is left as it
// is; under a GOMEMLIMIT the user set, the target is raised and the limit stays theirs.
func Begin(floor int64) (end func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	p := &pace
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.floors) == 0 {
		p.floors = map[int64]int{}
		p.percentBefore = debug.SetGCPercent(walkPercent)
		p.limiting = os.Getenv("GOMEMLIMIT") == ""
		p.limitBefore = debug.SetMemoryLimit(-1)
		if p.limiting && !p.watching {
			p.watching = true
			watchCollections(p.collected)
		}
	}
	p.floors[floor]++
	p.follow(measure())
	return sync.OnceFunc(func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.floors[floor]--; p.floors[floor] == 0 {
			delete(p.floors, floor)
		}
		if len(p.floors) > 0 {
			p.follow(measure())
			return
		}
		debug.SetGCPercent(p.percentBefore)
		if p.limiting {
			debug.SetMemoryLimit(p.limitBefore)
		}
	})
}

// collected is told that a collection ended, with the heap it measured; it reports
// whether to watch for the next one (while a walk runs).
func (p *pacing) collected(h heap) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.floors) == 0 || !p.limiting {
		p.watching = false
		return false
	}
	p.follow(h)
	return true
}

// follow sets the limit for the heap measured, a walk running (the lock held): the
// largest floor of the walks, or the live heap and half again with what the runtime
// holds beside the heap, whichever is more.
func (p *pacing) follow(h heap) {
	if !p.limiting {
		return
	}
	var limit int64
	for f := range p.floors {
		limit = max(limit, f)
	}
	debug.SetMemoryLimit(max(limit, limitFor(h)))
}

// limitFor is the limit that lets the heap grow by half the live size before the next
// collection: the limit counts all the runtime's memory, so what it holds beside the
// heap (stacks, its own structures) is added.
func limitFor(h heap) int64 {
	return int64(h.live + h.live/2 + h.beside)
}
