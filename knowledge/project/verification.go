package project

import (
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// verification is how one run checks the directory records it writes (see
// stampedSurroundings) with each file looked at twice a run, not twice per directory
// below it. A record is sound when, for every file its digest came from, the run's
// lookup came first, then the file's stamp, then a second look that found the same:
// a file added, removed or changed around the stamp makes the two looks differ, or the
// stamp fail on the next run. The run's lookups are asked once per directory already;
// here each path is stamped once, and the second looks are the stores' answers asked
// once per directory too (drv). Since those are shared between directories, each
// stamp and each directory's second look is numbered on one clock, and a record
// stands only where every file's stamp came before its directory's second look; where
// it did not (a file first named by a later directory), the record is checked the
// way a directory on its own is (see stampedSurroundings).
type verification struct {
	run    *sync.Map     // the run's lookups this verification serves
	clock  atomic.Uint64 // orders stamps before second looks
	stamps sync.Map      // path → *takenStamp
	began  sync.Map      // directory → uint64: the clock when drv first asked the stores of it
	drv    *Driver       // the stores' answers, asked once per directory of the run
}

// takenStamp is a path's witness, or that it could not be stamped (failed), and when
// on the clock.
type takenStamp struct {
	w      witness
	failed bool
	at     uint64
}

// verificationOf is the verification of d's run (nil when d is not a run's driver): a
// new run gets a new one, since its lookups are new.
func (c *Cache) verificationOf(d *Driver) *verification {
	if d.lookups == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.verifying == nil || c.verifying.run != d.lookups {
		v := &verification{run: d.lookups}
		drv := d.fresh()
		drv.lookups = &sync.Map{}
		drv.beginLookup = func(dir string) {
			if _, ok := v.began.Load(dir); !ok {
				v.began.LoadOrStore(dir, v.clock.Add(1))
			}
		}
		v.drv = drv
		c.verifying = v
	}
	return c.verifying
}

// witnesses stamps paths, each once a run, and gives their witnesses with the clock
// of each (nil when one could not be stamped, as witnessesOf).
func (v *verification) witnesses(roots *safefs.Roots, paths []string) ([]witness, []uint64) {
	ws := make([]witness, 0, len(paths))
	ats := make([]uint64, 0, len(paths))
	seen := make(map[string]bool, len(paths))
	for _, path := range paths {
		if seen[path] {
			continue
		}
		seen[path] = true
		t := v.stamp(roots, path)
		if t.failed {
			return nil, nil
		}
		ws, ats = append(ws, t.w), append(ats, t.at)
	}
	return ws, ats
}

// stamp is path's stamp of this run, taken at the first call.
func (v *verification) stamp(roots *safefs.Roots, path string) *takenStamp {
	if t, ok := v.stamps.Load(path); ok {
		return t.(*takenStamp)
	}
	w, ok := witnessNow(roots, path, time.Now())
	t := &takenStamp{w: w, failed: !ok, at: v.clock.Add(1)} // numbered after the stamp
	got, _ := v.stamps.LoadOrStore(path, t)
	return got.(*takenStamp)
}

// lookedAfter reports whether drv's second look at the directory of each path came
// after that path's stamp (ats from witnesses, in the same order as ws).
func (v *verification) lookedAfter(ws []witness, ats []uint64) bool {
	for i, w := range ws {
		began, ok := v.began.Load(filepath.Dir(w.Path))
		if !ok || began.(uint64) <= ats[i] {
			return false
		}
	}
	return true
}
