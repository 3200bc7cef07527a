package project

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
)

// Within a run a directory's package is asked once: its files share one answer, which
// a package.json removed meanwhile does not change, while outside a run (and through
// fresh) the store answers what the disk says now.
func TestRunAsksEachDirectorysPackageOnce(t *testing.T) {
	d, paths := testDriver(t, map[string]string{
		"package.json":     `{"dependencies":{"express":"^4.21.2"}}`,
		"app/package.json": `{"dependencies":{"express":"^5.1.0"}}`,
		"app/a.js":         "a();\n",
		"app/b.js":         "b();\n",
	})
	a, b := pathNamed(paths, "a.js"), pathNamed(paths, "b.js")
	run := *d
	run.lookups = &sync.Map{}
	first := run.packageOf(a)
	if first == nil || filepath.Base(filepath.Dir(first.Manifest)) != "app" {
		t.Fatalf("package of a.js: %+v", first)
	}
	if err := os.Remove(first.Manifest); err != nil {
		t.Fatal(err)
	}
	if got := run.packageOf(b); got != first {
		t.Errorf("b.js, in the same directory and the same run: %+v, want a.js's", got)
	}
	for what, drv := range map[string]*Driver{"outside a run": d, "fresh": run.fresh()} {
		if got := drv.packageOf(b); got == nil || got == first || filepath.Dir(got.Manifest) != filepath.Dir(filepath.Dir(first.Manifest)) {
			t.Errorf("%s: %+v, want the package above, app's being removed", what, got)
		}
	}
}

// The surroundings of a directory are recorded only when they are what the disk says
// once the witnesses are stamped: a package.json or a .nodecoach.json that the run
// looked up and that went before the stamps (which then say "absent", and would hold
// on the next run) leaves the directory unrecorded, although the run's own lookups
// still give the answer it judged the files with.
func TestSurroundingsAreNotRecordedWhenALookedUpFileWentBeforeTheStamps(t *testing.T) {
	for _, gone := range []string{"app/package.json", "app/.nodecoach.json"} {
		t.Run(filepath.Base(gone), func(t *testing.T) {
			d, paths := testDriver(t, map[string]string{
				"package.json":        `{"dependencies":{"express":"^4.21.2"}}`,
				"app/package.json":    `{"dependencies":{"express":"^5.1.0"}}`,
				"app/.nodecoach.json": `{"rules":{"no-helmet":"off"}}`,
				"app/a.js":            "a();\n",
			})
			a := pathNamed(paths, "a.js")
			dir := filepath.Dir(a)
			root := filepath.Dir(dir)
			run := *d
			run.lookups = &sync.Map{}
			run.Settings(a) // the run's first file of the directory looks both up
			run.packageOf(a)
			if err := os.Remove(filepath.Join(root, filepath.FromSlash(gone))); err != nil {
				t.Fatal(err)
			}
			c := OpenCache(filepath.Join(t.TempDir(), DefaultCacheName), "test", func(msg string) { t.Log(msg) })
			<-c.loaded
			c.stampedSurroundings(&run, dir, a)
			c.mu.Lock()
			rec := c.dirRecords[dir]
			c.mu.Unlock()
			if rec != nil {
				t.Errorf("%s removed after the run's lookup: the directory was recorded with witnesses that will hold", gone)
			}
		})
	}
}

// A directory's configuration is merged with the override, and its analysis options
// made, once a run, and again when the override changes (the editor's settings,
// changed during an index).
func TestRunMergesTheOverrideAgainWhenItChanges(t *testing.T) {
	d, paths := testDriver(t, map[string]string{
		"package.json":    `{}`,
		".nodecoach.json": `{"rules":{"no-helmet":"error"}}`,
		"a.js":            "a();\n",
	})
	a := pathNamed(paths, "a.js")
	var override *config.Config
	d.Override = func() *config.Config { return override }
	run := *d
	run.lookups = &sync.Map{}
	for _, level := range []string{"off", "off", "hint", "warning"} {
		override = &config.Config{Rules: map[string]string{"no-sync-fs-in-handler": level}}
		got := run.Settings(a)
		if got.Rules["no-sync-fs-in-handler"] != level || got.Rules["no-helmet"] != "error" {
			t.Errorf("override %s: settings %v", level, got.Rules)
		}
		opts := run.options(a)
		if opts.Severity["no-sync-fs-in-handler"] != analysis.ParseSeverity(level) || opts.Severity["no-helmet"] != analysis.Error {
			t.Errorf("override %s: options %v", level, opts.Severity)
		}
	}
	override = nil
	if got := run.Settings(a); got.Rules["no-sync-fs-in-handler"] != "" || got.Rules["no-helmet"] != "error" {
		t.Errorf("no override: settings %v", got.Rules)
	}
}
