package project

import (
	"context"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/cores"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// driverFor is a Driver of every rule over the tree at root, its stores quiet.
func driverFor(root string) *Driver {
	return &Driver{
		Packages: pkginfo.NewStore(func(string, error) {}),
		Configs:  config.NewStore(rules.Known(), func(string, error) {}),
		Rules:    rules.All(),
		Roots:    ProjectRoots([]string{root}),
	}
}

func testDriver(t *testing.T, files map[string]string) (*Driver, []string) {
	t.Helper()
	root := t.TempDir()
	writeTree(t, root, files)
	d := driverFor(root)
	paths, err := Discover([]string{root}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d, paths
}

var driverTree = map[string]string{
	"package.json":       `{"dependencies":{"express":"^4.21.2"}}`,
	"src/routes.js":      "const router = require('express').Router();\nrouter.get('/', require('./list').list);\nmodule.exports = router;\n",
	"src/list.js":        "exports.list = async (req, res) => {\n  res.json(await req.db.query('x'));\n};\n",
	"src/scripts/off.js": "module.exports = (app) => app.disable('x-powered-by');\n",
}

// TestRunGivesEachFileOnce: every listed file reaches the callback once, after the fact
// pass for the files that depend on the others; an excluded file is not checked and
// leaves no facts.
func TestRunGivesEachFileOnce(t *testing.T) {
	d, paths := testDriver(t, driverTree)
	var mu sync.Mutex
	seen := map[string]int{}
	byName := map[string]FileResult{}
	if err := d.Run(context.Background(), paths, RunOptions{}, func(r FileResult) {
		mu.Lock()
		defer mu.Unlock()
		seen[r.Path]++
		byName[filepath.Base(r.Path)] = r
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if seen[p] != 1 {
			t.Errorf("%s reached the callback %d times", p, seen[p])
		}
	}
	list := byName["list.js"]
	if !list.Again || len(list.Findings) != 1 || list.Findings[0].Rule != "express-async-missing-next" {
		t.Errorf("list.js, registered bare in routes.js: again %v, findings %+v", list.Again, list.Findings)
	}
	if off := byName["off.js"]; off.Checked || len(off.Facts) > 0 || len(off.Findings) > 0 {
		t.Errorf("the excluded script was checked or left facts: %+v", off)
	}
}

// TestRunStopsWhenCancelled: a cancelled run checks nothing more and says so.
func TestRunStopsWhenCancelled(t *testing.T) {
	d, paths := testDriver(t, driverTree)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := 0
	err := d.Run(ctx, paths, RunOptions{}, func(FileResult) { calls++ })
	if err == nil || calls == len(paths) {
		t.Errorf("a cancelled run returned %v after %d of %d files", err, calls, len(paths))
	}
}

// A pass takes its files largest first, ties in the order listed, so that what is
// left for its end is small.
func TestLargestFirst(t *testing.T) {
	sizes := map[int]int{0: 10, 1: 300, 2: 10, 3: 0, 4: 5000, 5: 300}
	idx := []int{0, 1, 2, 3, 4, 5}
	largestFirst(idx, func(i int) int { return sizes[i] })
	if want := []int{4, 1, 5, 0, 2, 3}; !slices.Equal(idx, want) {
		t.Errorf("order %v, want %v", idx, want)
	}
}

// A pass runs one worker per core (cores.Workers), not one per scheduler processor:
// the CLI gives the scheduler a processor more than there are cores (cores.Reserve),
// and that one must stay free.
func TestPassRunsOneWorkerPerCore(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cores.Workers() + 3))
	var (
		mu            sync.Mutex
		running, most int
		release       = make(chan struct{})
		d             = &Driver{}
		n             = 4 * (cores.Workers() + 3)
	)
	go func() {
		// Once one worker per core is running, give any other goroutine the pass
		// started the time to start too before the first returns: a pass with more
		// workers than cores would have them all running.
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			mu.Lock()
			started := running
			mu.Unlock()
			if started >= cores.Workers() {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
		close(release)
	}()
	d.parallel(context.Background(), n, RunOptions{}, func(int) {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		<-release
		mu.Lock()
		running--
		mu.Unlock()
	})
	if most != cores.Workers() {
		t.Errorf("at most %d files judged at once, want one per core: %d", most, cores.Workers())
	}
}
