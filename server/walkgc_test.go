package server

import (
	"os"
	"runtime/debug"
	"testing"
)

// gcSettings reads the collector's target and limit without changing them.
func gcSettings() (percent int, limit int64) {
	percent = debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

// The index walks at the pace check walks at (walkgc), and the settings of before are
// back once the walk (and its cache write) is done.
func TestIndexWalksAtTheWalkPace(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: the walk leaves the user's settings as they are")
	}
	root := t.TempDir()
	writeFiles(t, root, listApp)
	beforePercent, beforeLimit := gcSettings()
	ss := newSession(t)
	var duringPercent int
	var duringLimit int64
	ss.s.idx.walked = func([]string) { duringPercent, duringLimit = gcSettings() }
	ss.initializeFolder(root, false)
	eventually(t, "the walk to end", func() bool { return ss.s.indexIdle() })
	if duringPercent == beforePercent || duringLimit == beforeLimit {
		t.Errorf("during the walk: target %d, limit %d; want the walk's pace, not %d and %d", duringPercent, duringLimit, beforePercent, beforeLimit)
	}
	if p, l := gcSettings(); p != beforePercent || l != beforeLimit {
		t.Errorf("after the walk: target %d, limit %d; want %d and %d as before it", p, l, beforePercent, beforeLimit)
	}
}
