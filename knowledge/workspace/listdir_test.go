package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readDir must list what os.ReadDir lists, names and types, sorted, however many
// reads the directory takes (more names than one read's buffer holds).
func TestReadDirListsWhatOsReadDirLists(t *testing.T) {
	root := t.TempDir()
	for i := range 1500 { // about 60 KB of records: more than one read
		name := fmt.Sprintf("%04d-%s.js", 1500-i, strings.Repeat("n", 30))
		if err := os.WriteFile(filepath.Join(root, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "lib"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("lib", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if err := makeFIFO(filepath.Join(root, "pipe")); err != nil {
		t.Log("no FIFO here:", err)
	}
	want, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	dir, got, err := readDir(root)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDir(dir)
	if len(got) != len(want) {
		t.Fatalf("%d entries, os.ReadDir %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Name() != want[i].Name() || got[i].Type() != want[i].Type() || got[i].IsDir() != want[i].IsDir() {
			t.Errorf("entry %d: %q %v, os.ReadDir %q %v", i, got[i].Name(), got[i].Type(), want[i].Name(), want[i].Type())
		}
	}
}

// A directory that cannot be listed is an error naming it, worded as os words it
// (the walk tells it as the reason the directory was skipped).
func TestReadDirErrorNamesTheDirectory(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "gone")
	_, entries, err := readDir(missing)
	_, osErr := os.Open(missing)
	var pathErr *fs.PathError
	if len(entries) != 0 || !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pathErr) || err.Error() != osErr.Error() {
		t.Errorf("readDir of a missing directory: %v, %v; want %v", entries, err, osErr)
	}
}
