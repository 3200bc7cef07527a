package project

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/workspace"
)

// discover walks root with a cache opened at file, saves the cache, and returns the
// files listed and how many files the walk looked at to tell minified bundles.
func discover(t *testing.T, root, file string) (listed map[string]bool, looked int) {
	t.Helper()
	c := OpenCache(file, "test", func(msg string) { t.Log(msg) })
	counting := countingVerdicts{c, &looked, &sync.Mutex{}}
	var files []string
	err := workspace.WalkWith([]string{root}, counting, func(p string) { files = append(files, p) }, func(workspace.Skipped) {})
	if err != nil {
		t.Fatal(err)
	}
	c.Save()
	listed = map[string]bool{}
	for _, f := range files {
		listed[filepath.Base(f)] = true
	}
	return listed, looked
}

// countingVerdicts counts the looks the cache asks for.
type countingVerdicts struct {
	c      *Cache
	looked *int
	mu     *sync.Mutex
}

func (v countingVerdicts) Listed(files []workspace.FileStat)  { v.c.Listed(files) }
func (v countingVerdicts) Listing(dir string, names []string) { v.c.Listing(dir, names) }
func (v countingVerdicts) Ready() <-chan struct{}             { return v.c.Ready() }

// Minified counts under a lock of its own: the walkers ask it at the same time.
func (v countingVerdicts) Minified(files []workspace.FileStat, look func(i int) bool) []bool {
	return v.c.Minified(files, func(i int) bool { v.mu.Lock(); *v.looked++; v.mu.Unlock(); return look(i) })
}

// TestCacheRemembersMinifiedVerdicts: a large file whose settled stamp is the stored one
// is not looked at again, and keeps its verdict; one that becomes minified (its stamp
// changes) is looked at, and skipped; one written too recently is looked at every run.
func TestCacheRemembersMinifiedVerdicts(t *testing.T) {
	root := t.TempDir()
	line := "app.get('/r', (req, res) => res.send(fs.readFileSync('a')));"
	plain := strings.Repeat(line+"\n", 200) // over 4 KB: the walk looks at its lines
	write := func(name, text string, when time.Time) string {
		p := filepath.Join(root, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		setModTimes(t, []string{p}, when)
		return p
	}
	hourAgo := time.Now().Add(-time.Hour)
	server := write("server.js", plain, hourAgo)
	write("bundle.js", strings.Repeat(line, 200)+"\n", hourAgo)
	write("small.js", line+"\n", hourAgo) // under 4 KB: never looked at
	file := filepath.Join(t.TempDir(), DefaultCacheName)

	listed, looked := discover(t, root, file)
	if looked != 2 || !listed["server.js"] || listed["bundle.js"] || !listed["small.js"] {
		t.Fatalf("cold: looked at %d files (want 2), listed %v", looked, listed)
	}
	listed, looked = discover(t, root, file)
	if looked != 0 || !listed["server.js"] || listed["bundle.js"] {
		t.Errorf("warm: looked at %d files (want 0), listed %v", looked, listed)
	}

	// server.js becomes a bundle, with its size and modification time kept.
	info, _ := os.Stat(server)
	bundled := strings.Repeat(line, 200)
	bundled += strings.Repeat(" ", int(info.Size())-len(bundled)-1) + "\n"
	write("server.js", bundled, info.ModTime())
	listed, looked = discover(t, root, file)
	if looked != 1 || listed["server.js"] {
		t.Errorf("server.js became minified: looked at %d files (want 1), listed %v", looked, listed)
	}

	// Written just now: too recent to trust, looked at on each run.
	write("server.js", plain, time.Now())
	for run := range 2 {
		listed, looked = discover(t, root, file)
		if looked != 1 || !listed["server.js"] {
			t.Errorf("run %d after a recent write: looked at %d files (want 1), listed %v", run, looked, listed)
		}
	}
}
