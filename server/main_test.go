package server

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: connections,
// the stream's writer, debounce timers, indexing and analysis must all end with the
// session. Nothing is ignored.
//
// The index keeps a cache in the user's cache directory: the tests' goes to a
// directory of their own, removed at the end.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "nodecoach-test-cache")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		os.RemoveAll(dir)
		os.Exit(code)
	}))
}
