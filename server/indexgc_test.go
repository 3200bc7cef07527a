package server

import (
	"os"
	"runtime/debug"
	"testing"
)

// gcPercent reads the collector's target without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

// A walk collects at half the live heap's growth, and the target of before is back
// once the walk (and its cache write) is done.
func TestWalkLowersTheCollectorTargetWhileItRuns(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: the walk leaves the user's target as it is")
	}
	root := t.TempDir()
	writeFiles(t, root, listApp)
	before := gcPercent()
	ss := newSession(t)
	during := -2
	ss.s.idx.walked = func([]string) { during = gcPercent() }
	ss.initializeFolder(root, false)
	eventually(t, "the walk to end", func() bool { return ss.s.indexIdle() })
	if during != walkGCPercent {
		t.Errorf("during the walk the collector's target was %d, want %d", during, walkGCPercent)
	}
	if after := gcPercent(); after != before {
		t.Errorf("after the walk the collector's target is %d, want %d as before it", after, before)
	}
}

// Walks that overlap keep the lowered target until the last ends, which gives the
// target of before the first back, whichever order they end in.
func TestOverlappingWalksGiveTheCollectorTargetBack(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: the walk leaves the user's target as it is")
	}
	before := gcPercent()
	first := collectingMoreOften()
	second := collectingMoreOften()
	first()
	if during := gcPercent(); during != walkGCPercent {
		t.Errorf("with a walk still running the target is %d, want %d", during, walkGCPercent)
	}
	first() // a second call of a restore changes nothing
	second()
	if after := gcPercent(); after != before {
		t.Errorf("after both walks the target is %d, want %d as before them", after, before)
	}
}
