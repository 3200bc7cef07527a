package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A warm run answers each directory's configuration and package from the stamps of
// the files they were found from, yet sees every change to those files: a
// configuration added below the one in force, one edited above, a package.json put in
// between, and each removed again; and a broken configuration is reported on every
// run, not only on the one that read it first.
func TestCacheDirectoryRecordsSeeConfigChanges(t *testing.T) {
	dir := generatedTree(t, 1, 3)
	src := filepath.Join(dir, "services", "svc0", "src")
	when := time.Now().Add(-time.Hour)
	settle(t, dir, when)
	cacheFile := filepath.Join(t.TempDir(), "cache")
	sameAsCold(t, "cold", cacheFile, dir)
	if n := sameAsCold(t, "warm", cacheFile, dir); n != 0 {
		t.Fatalf("warm run on a settled tree analysed %d files", n)
	}
	const rule = "no-sync-fs-in-handler"
	reports := func() bool { return strings.Contains(plainCheck(t, dir), rule) }
	if !reports() {
		t.Fatalf("the tree has no %s finding: the comparisons would prove nothing", rule)
	}
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		when = when.Add(time.Minute)
		if err := os.Chtimes(path, when, when); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(path string) {
		t.Helper()
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
	off := `{"rules":{"` + rule + `":"off"}}`
	on := `{"rules":{"` + rule + `":"error"}}`

	below := filepath.Join(src, ".nodecoach.json")
	write(below, off)
	sameAsCold(t, "a configuration added in src", cacheFile, dir)
	if reports() {
		t.Fatalf("%s still reported with it off in src", rule)
	}
	remove(below)
	sameAsCold(t, "the configuration in src removed", cacheFile, dir)

	above := filepath.Join(dir, ".nodecoach.json")
	write(above, on)
	sameAsCold(t, "a configuration at the top", cacheFile, dir)
	write(above, off)
	sameAsCold(t, "the top configuration edited", cacheFile, dir)
	if reports() {
		t.Fatalf("%s still reported with it off at the top", rule)
	}

	// A package.json between the file and its package's: the nearest package changes
	// (no dependencies declared), and so may the findings.
	between := filepath.Join(src, "package.json")
	write(between, `{"name":"inner"}`)
	sameAsCold(t, "a package.json put in src", cacheFile, dir)
	remove(between)
	sameAsCold(t, "the package.json in src removed", cacheFile, dir)

	write(above, `{"rules":`)
	for _, run := range []string{"first", "second"} {
		_, stderr, _ := cachedCheck(t, cacheFile, dir)
		if !strings.Contains(stderr, "invalid configuration") {
			t.Fatalf("%s run with a broken configuration did not report it: %q", run, stderr)
		}
	}
}
