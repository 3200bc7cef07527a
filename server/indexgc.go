package server

import (
	"os"
	"runtime/debug"
	"sync"
)

// walkGCPercent is the collector's target during a walk: the heap may grow by half of
// what survived the last collection before the next one, not by all of it.
const walkGCPercent = 50

// walksCollecting counts the walks under the lowered target, which is the process's:
// the first lowers it and the last gives the one of before back, so that walks that
// overlap (servers sharing a process) never leave it lowered.
var walksCollecting struct {
	sync.Mutex
	walks  int
	before int
}

// collectingMoreOften lowers the collector's target for a walk and returns what
// restores it. A walk's live heap grows with the files it has judged (their facts,
// diagnostics, cache entries) until its end, and the default target let the heap grow
// to twice that, the server's peak. A target in proportion to the live heap, unlike a
// fixed limit, cannot make the collector run back to back: however large a workspace
// grows, each collection is followed by half the live heap's worth of allocation. The
// user's GOGC, when set, is left as it is.
func collectingMoreOften() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	w := &walksCollecting
	w.Lock()
	defer w.Unlock()
	if w.walks == 0 {
		w.before = debug.SetGCPercent(walkGCPercent)
	}
	w.walks++
	return sync.OnceFunc(func() {
		w.Lock()
		defer w.Unlock()
		if w.walks--; w.walks == 0 {
			debug.SetGCPercent(w.before)
		}
	})
}
