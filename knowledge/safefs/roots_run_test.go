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

// A run places a relative path against the directory it began in, as filepath.Abs
// would then, and reads the same file through it; once the run is over, the roots
// follow the working directory again.
func TestRunPlacesRelativePathsWhereItBegan(t *testing.T) {
	root, _ := project(t)
	write(t, filepath.Join(root, "src", "here.js"), "here();\n")
	t.Chdir(root)
	roots := NewRoots(root)
	forget := roots.Remember()
	want, _ := filepath.Abs(filepath.Join("src", "here.js"))
	if got, err := roots.Abs(filepath.Join("src", ".", "here.js")); err != nil || got != want {
		t.Fatalf("during the run: %q %v, want %q", got, err, want)
	}
	if got, _ := roots.Abs(want + "/../here.js"); got != want {
		t.Errorf("an absolute path is only cleaned: %q, want %q", got, want)
	}
	if data, _, err := roots.ReadFile(filepath.Join("src", "here.js"), 1<<20); err != nil || string(data) != "here();\n" {
		t.Errorf("reading a relative path during the run: %q %v", data, err)
	}
	t.Chdir(filepath.Join(root, "src"))
	if got, _ := roots.Abs(filepath.Join("src", "here.js")); got != want {
		t.Errorf("during the run, in another directory: %q, want %q", got, want)
	}
	forget()
	want, _ = filepath.Abs("here.js")
	if got, _ := roots.Abs("here.js"); got != want {
		t.Errorf("after the run, in another directory: %q, want %q", got, want)
	}
	memo := NewRoots(root).Memo() // a copy for one run begins it now, here
	t.Chdir(root)
	if got, _ := memo.Abs("here.js"); got != want {
		t.Errorf("a Memo's run: %q, want %q", got, want)
	}
}

// AbsOrGiven places a relative path against the working directory and cleans an
// absolute one, as filepath.Abs does.
func TestAbsOrGiven(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := AbsOrGiven(filepath.Join("a", "..", "b")), filepath.Join(cwd, "b"); got != want {
		t.Errorf("a relative path: %q, want %q", got, want)
	}
	abs := filepath.Join(cwd, "x", ".", "y")
	if got, want := AbsOrGiven(abs), filepath.Join(cwd, "x", "y"); got != want {
		t.Errorf("an absolute path: %q, want %q", got, want)
	}
}
