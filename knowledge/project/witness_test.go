package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
)

// packageDigestOf opens the cache at file, asks for the package of dir's digest, saves
// the cache, and says whether the digest came from the record (the files only stat'ed).
func packageDigestOf(t *testing.T, d *Driver, dir, file string) (digest, bool) {
	t.Helper()
	c := OpenCache(file, "test", func(msg string) { t.Log(msg) })
	d.Packages = pkginfo.NewStore(func(string, error) {}) // a new process's store
	d.Packages.Confine(d.Roots)
	pkg := d.Packages.For(filepath.Join(dir, "index.js"))
	if pkg == nil {
		t.Fatal("no package")
	}
	<-c.loaded // the records are read on the cache's own goroutine
	c.mu.Lock()
	rec := c.records[pkg.Manifest]
	c.mu.Unlock()
	got := c.packageDigest(d, pkg)
	c.Save()
	return got, rec != nil && rec.Digest == got && new(witnessChecks).allHold(d.Roots, rec.Witnesses)
}

// TestPackageDigestRecords: a package's digest is answered from its record while the
// files it was computed from are unchanged, and computed again when an installed
// dependency's version changes, a node_modules directory appears, a lockfile appears,
// or package.json changes.
func TestPackageDigestRecords(t *testing.T) {
	hourAgo := time.Now().Add(-time.Hour)
	d, paths := testDriver(t, map[string]string{
		"app/package.json": `{"dependencies":{"express":"^4.0.0 || ^5.0.0","cors":"^2.8.5"}}`,
		"app/index.js":     "require('express');\n",
	})
	root := filepath.Dir(filepath.Dir(paths[0])) // paths: app/index.js
	app := filepath.Join(root, "app")
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		hourAgo = hourAgo.Add(time.Second) // settled, yet another modification time
		setModTimes(t, []string{p}, hourAgo)
	}
	write("app/package.json", `{"dependencies":{"express":"^4.0.0 || ^5.0.0","cors":"^2.8.5"}}`)
	file := filepath.Join(t.TempDir(), DefaultCacheName)

	step := func(what string, wantNew bool, before digest) digest {
		t.Helper()
		got, recorded := packageDigestOf(t, d, app, file)
		if recorded {
			t.Errorf("%s: the record held before the change", what)
		}
		if wantNew && got == before {
			t.Errorf("%s: the digest did not change", what)
		}
		again, recorded := packageDigestOf(t, d, app, file)
		if !recorded || again != got {
			t.Errorf("%s, unchanged since: answered from the record %v, same digest %v", what, recorded, again == got)
		}
		return got
	}
	cold := step("cold", false, digest{})
	// node_modules appears above the package (a hoisted install), with express 5.
	write("node_modules/express/package.json", `{"version":"5.1.0"}`)
	v5 := step("express 5.1.0 installed above", true, cold)
	write("node_modules/express/package.json", `{"version":"4.21.2"}`)
	v4 := step("express 4.21.2 installed above", true, v5)
	write("app/node_modules/express/package.json", `{"version":"5.0.0"}`)
	nearer := step("express 5.0.0 installed in the package", true, v4)
	write("app/package-lock.json", `{"lockfileVersion":3,"packages":{"node_modules/cors":{"version":"2.8.6"}}}`)
	locked := step("a lockfile appears", true, nearer)
	write("app/package.json", `{"dependencies":{"express":"^4.0.0 || ^5.0.0","cors":"^2.8.5","helmet":"^7.0.0"}}`)
	step("package.json changed", true, locked)
}

// TestPackageWitnessesStampedBeforeTheLookups: a package's digest is computed once, its
// files stamped as the lookups name them, before pkginfo looks at them; so a file that
// appears or changes between its stamp and its lookup leaves a record that does not
// hold, and the next run computes the digest again instead of trusting one computed
// from files its witnesses never saw. A file stamped absent that the lookup then finds
// leaves no witnesses at all: removed again before the next run, it would leave an
// absent stamp holding for a digest that saw it.
func TestPackageWitnessesStampedBeforeTheLookups(t *testing.T) {
	for _, tc := range []struct {
		name, rel, before, during string
	}{
		{"a lockfile appears", "app/package-lock.json", "",
			`{"lockfileVersion":3,"packages":{"node_modules/cors":{"version":"2.8.6"}}}`},
		{"a lockfile changes", "app/package-lock.json",
			`{"lockfileVersion":3,"packages":{"node_modules/cors":{"version":"2.8.5"}}}`,
			`{"lockfileVersion":3,"packages":{"node_modules/cors":{"version":"2.8.7"}}}`},
		{"a dependency is installed", "app/node_modules/cors/package.json", "", `{"version":"2.8.9"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, paths := testDriver(t, map[string]string{
				"app/package.json": `{"dependencies":{"cors":"^2.8.5"}}`,
				"app/index.js":     "require('cors');\n",
			})
			root := filepath.Dir(filepath.Dir(paths[0]))
			target := filepath.Join(root, filepath.FromSlash(tc.rel))
			settled := time.Now().Add(-time.Hour)
			write := func(text string) {
				t.Helper()
				if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(target, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				settled = settled.Add(time.Second) // another modification time, long settled
				setModTimes(t, []string{target}, settled)
			}
			if tc.before != "" {
				write(tc.before)
			}
			setModTimes(t, []string{filepath.Join(root, "app", "package.json")}, settled)
			pkg := d.Packages.For(paths[0])
			if pkg == nil {
				t.Fatal("no package")
			}
			quiet := packageDigest(d.Roots, pkg, nil)

			taker := newWitnessTaker(d.Roots)
			changed := false
			got := packageDigest(d.Roots, pkg, &pkginfo.Looks{Named: func(path string) {
				taker.take(path)
				if path == target && !changed { // between the stamp and the lookup
					changed = true
					write(tc.during)
				}
			}, Found: taker.found})
			if !changed {
				t.Fatalf("the lookups never named %s", tc.rel)
			}
			if got == quiet {
				t.Fatalf("the change made between stamp and lookup did not reach the digest")
			}
			// Refused witnesses (a file stamped absent and found) leave no record.
			if ws := taker.witnesses(); ws != nil && new(witnessChecks).allHold(d.Roots, ws) {
				t.Errorf("the witnesses hold after %s between stamp and lookup: the next run would trust a digest they never saw", tc.name)
			}
			if tc.before != "" {
				return
			}
			// The file goes again before the next run, with the directories made for it:
			// the absent stamp would hold.
			made := filepath.Join(root, "app", strings.SplitN(strings.TrimPrefix(tc.rel, "app/"), "/", 2)[0])
			if err := os.RemoveAll(made); err != nil {
				t.Fatal(err)
			}
			if ws := taker.witnesses(); ws != nil && new(witnessChecks).allHold(d.Roots, ws) {
				t.Errorf("%s between stamp and lookup, then gone again: the witnesses hold for a digest that saw it", tc.name)
			}
		})
	}
}

// TestAbsentWitnessFromTheWalksListing: a witness that a file is absent from a
// directory the walk read is answered from the listing, not the disk (a file the walk
// did not see counts as absent for the run); a directory the walk did not read is
// asked of the disk.
func TestAbsentWitnessFromTheWalksListing(t *testing.T) {
	dir := t.TempDir()
	listed, unlisted := filepath.Join(dir, "listed"), filepath.Join(dir, "unlisted")
	for _, d := range []string{listed, unlisted} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "late.json"), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w := new(witnessChecks)
	w.listings.Store(listed, []string{"a.js", "package.json"}) // read before late.json came
	for _, tc := range []struct {
		path string
		want bool
	}{
		{filepath.Join(listed, "late.json"), true},     // not in the listing
		{filepath.Join(listed, "package.json"), false}, // in it
		{filepath.Join(listed, "other.json"), true},
		{filepath.Join(unlisted, "late.json"), false}, // on the disk
		{filepath.Join(unlisted, "other.json"), true},
	} {
		if got := w.holds(nil, witness{Path: tc.path, Absent: true}); got != tc.want {
			t.Errorf("%s absent: %v, want %v", tc.path, got, tc.want)
		}
	}
}

// A run looks at each path its witnesses name once, yet judges each witness by its
// own stamp: two witnesses of one file taken at different moments (one well after its
// last modification, one too soon after it) get their own answers, and the next run
// sees the file changed.
func TestWitnessesOfOnePathAreJudgedEachFromOneLook(t *testing.T) {
	d, paths := testDriver(t, map[string]string{"package.json": `{}`, "index.js": "x();\n"})
	manifest := filepath.Join(filepath.Dir(paths[0]), "package.json")
	modified := time.Now().Add(-time.Hour)
	setModTimes(t, []string{manifest}, modified)
	info, err := os.Lstat(manifest)
	if err != nil {
		t.Fatal(err)
	}
	settled := witness{Path: manifest, Stamp: stampOf(info, time.Now())}
	racy := witness{Path: manifest, Stamp: stampOf(info, modified.Add(time.Second))}
	gone := witness{Path: manifest + ".gone", Absent: true}
	run := new(witnessChecks)
	for i := 0; i < 2; i++ {
		if !run.holds(d.Roots, settled) || run.holds(d.Roots, racy) || !run.holds(d.Roots, gone) {
			t.Fatalf("look %d: settled %v, racy %v, absent %v; want true, false, true", i,
				run.holds(d.Roots, settled), run.holds(d.Roots, racy), run.holds(d.Roots, gone))
		}
	}
	if err := os.WriteFile(manifest, []byte(`{"name":"changed"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gone.Path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	next := new(witnessChecks)
	if next.holds(d.Roots, settled) || next.holds(d.Roots, gone) {
		t.Error("the next run trusts a changed package.json, or a file that appeared")
	}
}
