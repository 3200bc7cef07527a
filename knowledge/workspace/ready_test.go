package workspace

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// lateVerdicts are ready only once every directory of the tree has been listed: a
// walk that waited for them instead of listing the other directories would never end.
type lateVerdicts struct {
	recordingVerdicts
	t           *testing.T
	directories int // listings to see before the verdicts are ready
	listings    *int
	ready       chan struct{}
}

func (v lateVerdicts) Listing(dir string, names []string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if *v.listings++; *v.listings == v.directories {
		close(v.ready)
	}
}

func (v lateVerdicts) Ready() <-chan struct{} { return v.ready }

func (v lateVerdicts) Minified(files []FileStat, look func(i int) bool) []bool {
	select {
	case <-v.ready:
	default:
		v.t.Errorf("asked for the verdicts on %s before they were ready", files[0].Path)
	}
	return v.recordingVerdicts.Minified(files, look)
}

// TestWalkListsOnWhileVerdictsLoad: directories whose large files wait for verdicts
// not ready yet are told in their places once they are, with the same results as a
// walk whose verdicts were ready from the start.
func TestWalkListsOnWhileVerdictsLoad(t *testing.T) {
	root := t.TempDir()
	large := strings.Repeat("app.get('/', handler);\n", 300) // over 4 KB: looked at
	bundle := strings.Repeat("var a=1;", 2000)
	files := map[string]string{
		"a/big.js": large, "a/small.js": "x();\n",
		"b/bundle.js": bundle, "b/big.js": large, "b/c/deep.js": large,
		"d/small.js": "y();\n", "top.js": large,
	}
	for rel, text := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	walk := func(v Verdicts) (told []string) {
		err := WalkWith([]string{root}, v, func(p string) { told = append(told, "visit "+p) },
			func(s Skipped) { told = append(told, "skip "+s.Path+": "+s.Reason) })
		if err != nil {
			t.Error(err) // not Fatal: the walk may run on a goroutine of its own
		}
		return told
	}
	want := walk(nil)
	listings := 0
	// Five directories: the root, a, b, b/c and d.
	late := lateVerdicts{recordingVerdicts{&sync.Mutex{}, map[string]bool{}}, t, 5, &listings, make(chan struct{})}
	var got []string
	walked := make(chan struct{})
	go func() { defer close(walked); got = walk(late) }()
	select {
	case <-walked:
	case <-time.After(20 * time.Second):
		t.Fatal("the walk waited for verdicts that are ready only once it lists on")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with late verdicts\n%q\nwant\n%q", got, want)
	}
	if !late.listed[filepath.Join(root, "b", "big.js")] || late.listed[filepath.Join(root, "b", "bundle.js")] {
		t.Errorf("listed %v: want b/big.js and not the bundle", late.listed)
	}
	if len(want) != 7 || !strings.Contains(strings.Join(want, "\n"), "bundle.js: a minified bundle") {
		t.Errorf("the tree's walk %q: want 6 files and the bundle skipped", want)
	}
}
