package safefs

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/iotest"
	"time"
)

// project makes root/ with a regular file, a link to it, links out of the root, a FIFO
// and a directory link out of the root, beside an outside/ directory.
func project(t *testing.T) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root, outside = filepath.Join(base, "root"), filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(root, "src"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(root, "src", "app.js"), "app();\n")
	write(t, filepath.Join(outside, "secret.js"), "secret();\n")
	write(t, filepath.Join(base, "package.json"), "{}")
	links := map[string]string{
		"src/alias.js":   filepath.Join(root, "src", "app.js"),
		"src/out.js":     filepath.Join(outside, "secret.js"),
		"src/zero.js":    "/dev/zero",
		"src/stdin.json": "/dev/stdin",
		"linked":         outside,
		"dangling.js":    filepath.Join(root, "nothing.js"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skipf("symlinks unsupported here: %v", err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(root, "src", "fifo.js"), 0o644); err != nil {
		t.Skipf("FIFOs unsupported here: %v", err)
	}
	return root, outside
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// withDeadline fails the test if read blocks: a FIFO opened the ordinary way would.
func withDeadline(t *testing.T, what string, read func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- read() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("%s blocked", what)
		return nil
	}
}

func TestReadFileFollowsOnlyLinksThatStayInTheRoot(t *testing.T) {
	root, _ := project(t)
	// A Memo gives the same answers, the second time too, when its directories are known.
	memo := NewRoots(root).Memo()
	for _, roots := range []*Roots{NewRoots(root), memo, memo} {
		readEach(t, root, roots)
	}
}

func readEach(t *testing.T, root string, roots *Roots) {
	t.Helper()
	for name, want := range map[string]string{
		"src/app.js":           "app();\n",
		"src/alias.js":         "app();\n",
		"src/out.js":           "outside " + root,
		"src/zero.js":          "outside " + root,
		"src/stdin.json":       "not read",
		"linked/secret.js":     "outside " + root,
		"src/fifo.js":          "named pipe",
		"src":                  "directory",
		"dangling.js":          "cannot be resolved",
		"src/missing.js":       "no such file",
		"../package.json":      "{}",
		"../outside/secret.js": "secret();\n",
	} {
		path := filepath.Join(root, name)
		var data []byte
		err := withDeadline(t, name, func() (err error) {
			data, _, err = roots.ReadFile(path, 1<<20)
			return err
		})
		got := string(data)
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
		var refused *Refused
		if err != nil && errors.As(err, &refused) == errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %v: a file that exists and is refused says why; a missing one is ErrNotExist", name, err)
		}
	}
}

// A Memo checks a directory once, but a directory link below a plain, known directory
// is still seen: each name below the deepest known directory is looked at.
func TestMemoStillRefusesALinkBelowAKnownDirectory(t *testing.T) {
	root, outside := project(t)
	deep := filepath.Join(root, "src", "deep")
	os.MkdirAll(deep, 0o755)
	write(t, filepath.Join(deep, "a.js"), "a();\n")
	if err := os.Symlink(outside, filepath.Join(deep, "out")); err != nil {
		t.Skip(err)
	}
	memo := NewRoots(root).Memo()
	if data, _, err := memo.ReadFile(filepath.Join(deep, "a.js"), 1<<20); err != nil || string(data) != "a();\n" {
		t.Fatalf("a plain file: %q %v", data, err)
	}
	_, _, err := memo.ReadFile(filepath.Join(deep, "out", "secret.js"), 1<<20)
	if err == nil || !strings.Contains(err.Error(), "outside "+root) {
		t.Errorf("through a directory link out of the root, after its parent was checked: %v", err)
	}
}

func TestOutsideEveryRootNoLinkIsFollowed(t *testing.T) {
	root, _ := project(t)
	var none *Roots
	if _, _, err := none.ReadFile(filepath.Join(root, "src", "alias.js"), 1<<20); err == nil || !strings.Contains(err.Error(), "a link") {
		t.Errorf("with no root, a link was read: %v", err)
	}
	if data, _, err := none.ReadFile(filepath.Join(root, "src", "app.js"), 1<<20); err != nil || string(data) != "app();\n" {
		t.Errorf("with no root, a regular file: %q %v", data, err)
	}
}

func TestReadFileCapsTheSize(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "big.json")
	write(t, path, strings.Repeat("x", 3<<10))
	_, _, err := NewRoots(root).ReadFile(path, 2<<10)
	if err == nil || !strings.Contains(err.Error(), "3 KB, over the 2 KB limit") {
		t.Errorf("err = %v, want the size and the limit", err)
	}
	if data, _, err := NewRoots(root).ReadFile(path, 3<<10); err != nil || len(data) != 3<<10 {
		t.Errorf("at the limit: %d bytes, %v", len(data), err)
	}
}

func TestReadNamedFollowsLinksButOnlyToRegularFiles(t *testing.T) {
	root, _ := project(t)
	if data, err := ReadNamed(filepath.Join(root, "src", "out.js"), 1<<20); err != nil || string(data) != "secret();\n" {
		t.Errorf("a named link to a regular file: %q %v", data, err)
	}
	for _, name := range []string{"src/zero.js", "src/fifo.js"} {
		err := withDeadline(t, name, func() error {
			_, err := ReadNamed(filepath.Join(root, name), 1<<20)
			return err
		})
		var refused *Refused
		if !errors.As(err, &refused) {
			t.Errorf("%s: %v, want it refused", name, err)
		}
	}
}

func TestTopAndProjectRoot(t *testing.T) {
	base := t.TempDir()
	repo := filepath.Join(base, "repo")
	os.MkdirAll(filepath.Join(repo, ".git"), 0o755)
	os.MkdirAll(filepath.Join(repo, "pkg", "src"), 0o755)
	write(t, filepath.Join(repo, "pkg", "src", "a.js"), "")
	bare := filepath.Join(base, "bare", "src")
	os.MkdirAll(bare, 0o755)
	cases := map[string][2]string{
		filepath.Join(repo, "pkg", "src", "a.js"): {repo, repo},
		filepath.Join(repo, "pkg"):                {repo, repo},
		bare:                                      {filepath.Dir(bare), bare},
	}
	for path, want := range cases {
		if got := ProjectRoot(path); got != want[1] {
			t.Errorf("ProjectRoot(%s) = %s, want %s", path, got, want[1])
		}
		if got := (*Roots)(nil).Top(path); got != want[0] {
			t.Errorf("Top(%s) with no roots = %s, want %s", path, got, want[0])
		}
	}
	if got := NewRoots(filepath.Join(repo, "pkg")).Top(filepath.Join(repo, "pkg", "src", "a.js")); got != filepath.Join(repo, "pkg") {
		t.Errorf("Top inside a root = %s, want the root", got)
	}
}

// A file that grows between its Stat and its read is read whole up to the limit, and
// refused past it: the buffer sized by the Stat is only where the read starts.
func TestReadCappedReadsOnWhenTheFileGrew(t *testing.T) {
	for _, tc := range []struct {
		grown int
		limit int64
		want  string // the error, or "" for the whole file
	}{
		{grown: 100, limit: 1000},
		{grown: 5000, limit: 1 << 20},
		{grown: 100, limit: 110},
		{grown: 100, limit: 50, want: "grew past the 50 bytes limit"},
		{grown: 0, limit: 10},
	} {
		path := filepath.Join(t.TempDir(), "a.js")
		write(t, path, "0123456789")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		info, _ := f.Stat()
		more := strings.Repeat("y", tc.grown)
		if err := os.WriteFile(path, []byte("0123456789"+more), 0o644); err != nil {
			t.Fatal(err)
		}
		data, _, err := readCapped(f, info, tc.limit)
		f.Close()
		switch {
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("grown by %d, limit %d: %v, want %q", tc.grown, tc.limit, err, tc.want)
		case tc.want == "" && (err != nil || string(data) != "0123456789"+more):
			t.Errorf("grown by %d, limit %d: %d bytes, %v; want all %d", tc.grown, tc.limit, len(data), err, 10+tc.grown)
		}
	}
}

// readCounter counts the reads of r.
type readCounter struct {
	r     io.Reader
	reads int
}

func (c *readCounter) Read(p []byte) (int, error) {
	c.reads++
	return c.r.Read(p)
}

// A file read whole at the size its descriptor gave takes one read, not a second to
// hear its end; one whose reads come short of that size is read on to it, and one that
// shrank after its size was taken is read to its end.
func TestReadCappedStopsAtTheSizeItWasGiven(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.js")
	write(t, path, "0123456789")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		r         io.Reader
		want      string
		wantReads int // 0: any
	}{
		{name: "whole", r: strings.NewReader("0123456789"), want: "0123456789", wantReads: 1},
		{name: "in short reads", r: iotest.HalfReader(strings.NewReader("0123456789")), want: "0123456789"},
		{name: "shrunk", r: strings.NewReader("01234"), want: "01234"},
	} {
		c := &readCounter{r: tc.r}
		data, _, err := readCapped(c, info, 1<<20)
		if err != nil || string(data) != tc.want {
			t.Errorf("%s: %q, %v; want %q", tc.name, data, err, tc.want)
		}
		if tc.wantReads != 0 && c.reads != tc.wantReads {
			t.Errorf("%s: %d reads, want %d", tc.name, c.reads, tc.wantReads)
		}
	}
}
