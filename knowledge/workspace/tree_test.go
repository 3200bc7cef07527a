package workspace

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// TestWalkOrderOfAWideTree: the directories are listed on several goroutines, yet the
// files come in filepath.WalkDir's order (a directory's entries by name, "a/" before
// "a.js"), each nested .gitignore applies to its own directory and below only, and the
// skipped files are told in the same order, from the calling goroutine.
func TestWalkOrderOfAWideTree(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var want, wantSkipped []string
	for i := range 12 {
		pkg := fmt.Sprintf("pkg%d", i)
		write(pkg+".js", "x();\n") // sorts after the directory pkgN/
		write(pkg+"/a/deep/b/c.js", "x();\n")
		write(pkg+"/a/deep/b/gen.js", "x();\n")
		write(pkg+"/a/index.ts", "x();\n")
		write(pkg+"/a/vendor.min.js", "x();\n")
		write(pkg+"/b/.gitignore", "gen.js\n")
		write(pkg+"/b/gen.js", "x();\n")
		write(pkg+"/b/keep.js", "x();\n")
		write(pkg+"/node_modules/dep/index.js", "x();\n")
		want = append(want, pkg+"/a/deep/b/c.js", pkg+"/a/deep/b/gen.js", pkg+"/a/index.ts", pkg+"/b/keep.js", pkg+".js")
		wantSkipped = append(wantSkipped, pkg+"/a/vendor.min.js")
	}
	write(".gitignore", "pkg3/\n")
	var skipPkg3 []string
	for _, p := range want {
		if !strings.HasPrefix(p, "pkg3/") {
			skipPkg3 = append(skipPkg3, p)
		}
	}
	want = wantOrder(t, root, skipPkg3)
	var skippedOut []string
	for _, p := range wantSkipped {
		if !strings.HasPrefix(p, "pkg3/") {
			skippedOut = append(skippedOut, p)
		}
	}
	wantSkipped = wantOrder(t, root, skippedOut)

	var (
		mu               sync.Mutex
		listed           = map[string]bool{}
		visited, skipped []string
	)
	rel := func(p string) string { r, _ := filepath.Rel(root, p); return filepath.ToSlash(r) }
	err := WalkWith([]string{root}, recordingVerdicts{&mu, listed}, func(p string) {
		visited = append(visited, rel(p))
	}, func(s Skipped) { skipped = append(skipped, rel(s.Path)) })
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(visited, want) {
		t.Errorf("visited\n%q\nwant\n%q", visited, want)
	}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped %q, want %q", skipped, wantSkipped)
	}
	for _, p := range want {
		if !listed[filepath.Join(root, filepath.FromSlash(p))] {
			t.Errorf("%s visited without its Lstat told to the verdicts", p)
		}
	}
}

// wantOrder is rels in filepath.WalkDir's order of root.
func wantOrder(t *testing.T, root string, rels []string) []string {
	t.Helper()
	keep := map[string]bool{}
	for _, r := range rels {
		keep[r] = true
	}
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		r, _ := filepath.Rel(root, p)
		if keep[filepath.ToSlash(r)] {
			out = append(out, filepath.ToSlash(r))
		}
		return err
	})
	if len(out) != len(rels) {
		t.Fatalf("the tree lacks some of %q", rels)
	}
	return out
}

// recordingVerdicts remembers which files were listed; it is asked from several
// goroutines at once.
type recordingVerdicts struct {
	mu     *sync.Mutex
	listed map[string]bool
}

func (v recordingVerdicts) Minified(files []FileStat, look func(i int) bool) []bool {
	out := make([]bool, len(files))
	for i := range files {
		out[i] = look(i)
	}
	return out
}

func (v recordingVerdicts) Listing(dir string, names []string) {}

func (v recordingVerdicts) Ready() <-chan struct{} { return AlwaysReady }

func (v recordingVerdicts) Listed(files []FileStat) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, f := range files {
		v.listed[f.Path] = true
	}
}

// TestWalkTellsEachListingWhole: each directory the walk reads is told with every
// entry's name, sorted, whether it was entered, skipped or ignored (a witness takes a
// name missing from it for a file that is absent); a directory the walk skips is not
// read, so it is not told.
func TestWalkTellsEachListingWhole(t *testing.T) {
	root := t.TempDir()
	for rel, text := range map[string]string{
		".gitignore":          "ignored.js\n",
		"ignored.js":          "x();\n",
		"b.js":                "b();\n",
		"a/c.js":              "c();\n",
		"notes.txt":           "text\n",
		"node_modules/m/x.js": "m();\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	v := listingVerdicts{recordingVerdicts{&sync.Mutex{}, map[string]bool{}}, map[string][]string{}}
	if err := WalkWith([]string{root}, v, func(string) {}, func(Skipped) {}); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		root:                     {".gitignore", "a", "b.js", "ignored.js", "node_modules", "notes.txt"},
		filepath.Join(root, "a"): {"c.js"},
	}
	if !reflect.DeepEqual(v.listings, want) {
		t.Errorf("listings told\n%q\nwant\n%q", v.listings, want)
	}
}

// listingVerdicts also remembers the listings it is told.
type listingVerdicts struct {
	recordingVerdicts
	listings map[string][]string
}

func (v listingVerdicts) Listing(dir string, names []string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.listings[dir] = names
}
