package cores

import (
	"runtime"
	"testing"
)

// Reserve leaves one processor beside the workers, and the workers stay one per core
// the process started with.
func TestReserveAddsOneProcessorBesideTheWorkers(t *testing.T) {
	started := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(started)
	if Workers() != started {
		t.Fatalf("Workers() = %d, want GOMAXPROCS as the process started, %d", Workers(), started)
	}
	Reserve()
	if got := runtime.GOMAXPROCS(0); got != started+1 {
		t.Fatalf("GOMAXPROCS after Reserve = %d, want %d", got, started+1)
	}
	if Workers() != started {
		t.Fatalf("Workers() after Reserve = %d, want still %d", Workers(), started)
	}
}
