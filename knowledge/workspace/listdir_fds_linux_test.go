package workspace

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// openDescriptors counts the process's open descriptors.
func openDescriptors(t *testing.T) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd here:", err)
	}
	return len(fds)
}

// The walk opens each directory itself and keeps it open while it looks at its files:
// every descriptor is closed again, whether the directory was listed, waited for its
// verdicts, was a link in a directory's place, or could not be read at all.
func TestWalkClosesEveryDirectoryItOpens(t *testing.T) {
	root := t.TempDir()
	large := "const x = 1;\n" + strings.Repeat("// a line of a file that is not minified\n", 200)
	for i := range 40 {
		dir := filepath.Join(root, fmt.Sprintf("d%02d", i), "lib")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "big.js"), []byte(large), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "small.js"), []byte("module.exports = 1;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(t.TempDir(), filepath.Join(root, "outside")); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(root, "outside")
	before := openDescriptors(t)
	if _, _, err := readDir(filepath.Join(root, "gone")); err == nil {
		t.Fatal("a missing directory was listed")
	}
	if _, _, err := readDir(outside); err == nil {
		t.Fatal("a link was listed as a directory")
	}
	for range 3 {
		visited := 0
		listings := 0
		// The root, 40 directories and their lib: the verdicts are ready after the last.
		v := lateVerdicts{recordingVerdicts{&sync.Mutex{}, map[string]bool{}}, t, 81, &listings, make(chan struct{})}
		err := WalkWith([]string{root}, v, func(string) { visited++ }, func(Skipped) {})
		if err != nil || visited != 80 {
			t.Fatalf("walk: %d files, %v; want 80", visited, err)
		}
	}
	if after := openDescriptors(t); after != before {
		t.Errorf("%d descriptors open after the walks, %d before", after, before)
	}
}
