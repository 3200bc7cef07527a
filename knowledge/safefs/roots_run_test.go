package safefs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Roots that remember for a run give the answers of roots that do not, during the run
// (twice: the second time from what they remember) and after it.
func TestRememberGivesTheSameAnswers(t *testing.T) {
	root, _ := project(t)
	roots := NewRoots(root)
	forget := roots.Remember()
	again := roots.Remember() // a second run meanwhile shares the first's memory
	readEach(t, root, roots)
	readEach(t, root, roots)
	again()
	if roots.memo() == nil {
		t.Fatal("the second Remember's forget ended the first's")
	}
	forget()
	readEach(t, root, roots)
}

// Once the run is over, a directory it found plain and that became a link out of the
// root is refused: the roots check every name again.
func TestRememberForgetsWhenTheRunEnds(t *testing.T) {
	root, outside := project(t)
	dir := filepath.Join(root, "src", "deep")
	os.MkdirAll(dir, 0o755)
	write(t, filepath.Join(dir, "secret.js"), "a();\n")
	write(t, filepath.Join(outside, "secret.js"), "secret();\n")
	roots := NewRoots(root)
	forget := roots.Remember()
	if data, _, err := roots.ReadFile(filepath.Join(dir, "secret.js"), 1<<20); err != nil || string(data) != "a();\n" {
		t.Fatalf("a plain file during the run: %q %v", data, err)
	}
	forget()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, dir); err != nil {
		t.Skip(err)
	}
	_, _, err := roots.ReadFile(filepath.Join(dir, "secret.js"), 1<<20)
	if err == nil || !strings.Contains(err.Error(), "outside "+root) {
		t.Errorf("through a directory swapped for a link out of the root after the run: %v", err)
	}
}
