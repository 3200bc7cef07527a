package project

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// A cold cached run records every directory, and stamps each file its directories'
// surroundings came from once: the records of sibling directories share one witness
// per file above them, not one stamp each. It fails when each record stamps its files
// itself (their stamps differ by when they were taken).
func TestRunStampsEachSurroundingFileOnce(t *testing.T) {
	files := map[string]string{
		"package.json":         `{"dependencies":{"express":"^4.21.2"}}`,
		"apps/.nodecoach.json": `{"rules":{"no-helmet":"off"}}`,
	}
	const siblings = 6
	for i := range siblings {
		files[fmt.Sprintf("apps/app%d/lib/a.js", i)] = "a();\n"
	}
	d, paths := testDriver(t, files)
	c := OpenCache(filepath.Join(t.TempDir(), DefaultCacheName), "test", func(msg string) { t.Log(msg) })
	if err := d.Run(context.Background(), paths, RunOptions{Cache: c}, func(FileResult) {}); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.dirRecords) != siblings {
		t.Fatalf("%d directories recorded, want %d", len(c.dirRecords), siblings)
	}
	byPath := map[string]witness{}
	for dir, rec := range c.dirRecords {
		for _, w := range rec.Witnesses {
			if seen, ok := byPath[w.Path]; ok && seen != w {
				t.Errorf("%s: %s stamped again (%+v, %+v before)", dir, w.Path, w, seen)
			}
			byPath[w.Path] = w
		}
	}
	if c.verifying == nil {
		t.Fatal("the run kept no verification")
	}
	stamped := 0
	c.verifying.stamps.Range(func(any, any) bool { stamped++; return true })
	if stamped != len(byPath) {
		t.Errorf("%d files stamped, want one for each of the %d files witnessed", stamped, len(byPath))
	}
}

// A directory's second look counts for a file only when it came after the file's
// stamp: a file of a directory already looked at again, stamped later, is not vouched
// for by that look, and its record is then checked on its own.
func TestVerificationOrdersStampsBeforeSecondLooks(t *testing.T) {
	d, paths := testDriver(t, map[string]string{
		"package.json": `{}`,
		"app/a.js":     "a();\n",
	})
	a := pathNamed(paths, "a.js")
	dir := filepath.Dir(a)
	run := *d
	run.lookups = &sync.Map{}
	c := OpenCache(filepath.Join(t.TempDir(), DefaultCacheName), "test", func(msg string) { t.Log(msg) })
	v := c.verificationOf(&run)
	if v == nil || c.verificationOf(&run) != v {
		t.Fatal("a run's verification is not kept for the run")
	}
	before, beforeAt := v.witnesses(run.Roots, []string{filepath.Join(dir, ".nodecoach.json")})
	v.drv.lookup(a) // the directory's second look
	after, afterAt := v.witnesses(run.Roots, []string{filepath.Join(dir, "package.json")})
	if !v.lookedAfter(before, beforeAt) {
		t.Error("a file stamped before its directory's second look is not vouched for")
	}
	if v.lookedAfter(after, afterAt) {
		t.Error("a file stamped after its directory's second look is vouched for by it")
	}
	other := run
	other.lookups = &sync.Map{}
	if c.verificationOf(&other) == v {
		t.Error("a new run shares the last run's stamps")
	}
	if c.verificationOf(d) != nil {
		t.Error("outside a run there is a verification")
	}
}
