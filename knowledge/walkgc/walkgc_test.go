package walkgc

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent and memoryLimit read the collector's settings without changing them.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

func memoryLimit() int64 { return debug.SetMemoryLimit(-1) }

// ours skips a test when the user's GOGC or GOMEMLIMIT is set: a walk leaves them.
func ours(t *testing.T) {
	t.Helper()
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: a walk leaves the user's settings as they are")
	}
}

// A walk raises the target and limits the heap to its floor (the live heap here is far
// below it); the settings of before are back once it ends.
func TestWalkSetsItsPaceAndGivesTheOldOneBack(t *testing.T) {
	ours(t)
	percent, limit := gcPercent(), memoryLimit()
	end := Begin(Floor(false))
	if got := gcPercent(); got != walkPercent {
		t.Errorf("during the walk the target is %d, want %d", got, walkPercent)
	}
	if got := memoryLimit(); got != Floor(false) {
		t.Errorf("during the walk the limit is %d, want the floor %d", got, Floor(false))
	}
	end()
	if gcPercent() != percent || memoryLimit() != limit {
		t.Errorf("after the walk: target %d, limit %d; want %d and %d as before", gcPercent(), memoryLimit(), percent, limit)
	}
}

// Walks that overlap keep the pace until the last ends, whichever order they end in,
// under the largest floor of those running; a second call of an end changes nothing.
func TestOverlappingWalksShareThePace(t *testing.T) {
	ours(t)
	percent, limit := gcPercent(), memoryLimit()
	small := Begin(Floor(false))
	large := Begin(Floor(true))
	if got := memoryLimit(); got != Floor(true) {
		t.Errorf("with both walks the limit is %d, want the larger floor %d", got, Floor(true))
	}
	large()
	large()
	if got := memoryLimit(); got != Floor(false) || gcPercent() != walkPercent {
		t.Errorf("with one walk left: limit %d, target %d; want %d and %d", got, gcPercent(), Floor(false), walkPercent)
	}
	small()
	if gcPercent() != percent || memoryLimit() != limit {
		t.Errorf("after both walks: target %d, limit %d; want %d and %d as before", gcPercent(), memoryLimit(), percent, limit)
	}
}

// Once what is live outgrows the floor, a collection raises the limit to the live heap
// and half again: a fixed limit below the live heap would have the collector run back
// to back.
func TestTheLimitFollowsALiveHeapAboveTheFloor(t *testing.T) {
	ours(t)
	const floor = 4 << 20
	end := Begin(floor)
	defer end()
	live := make([][]byte, 0, 64)
	for range 64 {
		live = append(live, make([]byte, 256<<10)) // 16 MB live, four times the floor
	}
	runtime.GC()
	want := int64(16<<20) * 3 / 2
	deadline := time.Now().Add(10 * time.Second)
	for memoryLimit() < want && time.Now().Before(deadline) {
		runtime.GC() // the limit is set once the finalizer of a collection has run
		time.Sleep(10 * time.Millisecond)
	}
	if got := memoryLimit(); got < want {
		t.Errorf("with 16 MB live the limit is %d, want at least %d", got, want)
	}
	runtime.KeepAlive(live)
}

// A GOGC the user set is theirs: a walk changes neither setting.
func TestUsersGOGCIsLeftAlone(t *testing.T) {
	t.Setenv("GOGC", "100")
	percent, limit := gcPercent(), memoryLimit()
	end := Begin(Floor(true))
	if gcPercent() != percent || memoryLimit() != limit {
		t.Errorf("with GOGC set the walk changed the target to %d and the limit to %d", gcPercent(), memoryLimit())
	}
	end()
}
