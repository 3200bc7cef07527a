package pkginfo

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestRememberingKeepsARunsVersions: a run's Package answers each dependency's
// version as its first lookup did, known or unknown (unknown is an answer, not a
// miss), and tells a caller the files
// that lookup consulted; the store's Package, asked outside a run, sees an install
// made meanwhile.
func TestRememberingKeepsARunsVersions(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json":                      `{"dependencies":{"express":"^4.0.0","koa":"latest"}}`,
		"node_modules/express/package.json": `{"name":"express","version":"4.21.2"}`,
	})
	pkg := NewStore(nil).For(filepath.Join(root, "app.js"))
	run := pkg.Remembering()
	if run.Remembering() != run {
		t.Fatal("a run's Package made another memo")
	}

	var want []string
	wantExpress := pkg.VersionFrom("express", &Looks{Named: func(p string) { want = append(want, p) }})
	var got []string
	if v := run.VersionFrom("express", &Looks{Named: func(p string) { got = append(got, p) }}); v != wantExpress || !v.Known {
		t.Fatalf("express: the run answers %+v, the store %+v", v, wantExpress)
	}
	if !slices.Equal(got, want) || len(want) == 0 {
		t.Fatalf("the run consulted %v, the lookup %v", got, want)
	}
	koa := run.Version("koa") // not installed, no lockfile, no range: unknown
	if koa.Known {
		t.Fatalf("koa, declared as latest and not installed, is %+v", koa)
	}

	// An install while the run goes on: express 5, and koa pinned by its installed copy.
	write(t, filepath.Join(root, "node_modules/express/package.json"), `{"name":"express","version":"5.1.0"}`)
	setMtime(t, filepath.Join(root, "node_modules/express/package.json"), 1)
	write(t, filepath.Join(root, "node_modules/koa/package.json"), `{"name":"koa","version":"2.15.3"}`)

	got = nil
	if v := run.VersionFrom("express", &Looks{Named: func(p string) { got = append(got, p) }}); v != wantExpress {
		t.Errorf("the run's express changed within the run: %+v, first %+v", v, wantExpress)
	}
	if !slices.Equal(got, want) {
		t.Errorf("a remembered answer consulted %v, its lookup %v", got, want)
	}
	if v := run.Version("koa"); v != koa {
		t.Errorf("the run's koa changed within the run: %+v, first %+v", v, koa)
	}
	if v := pkg.Version("express"); v == wantExpress || v.Major != 5 {
		t.Errorf("outside the run express is %+v, want the installed 5.1.0", v)
	}
	if v := pkg.Version("koa"); !v.Known {
		t.Errorf("outside the run koa is still %+v after its install", v)
	}
	if v := run.Version("fastify"); v.Known {
		t.Errorf("an undeclared dependency is %+v in a run", v)
	}
}

// TestRememberingAsksEachDirectoryOnce: in a run, a node_modules directory found
// absent answers for every dependency below it, and a lockfile is looked at once for
// the package: an install or a lockfile made after the run's first lookup is not seen
// by the run's other dependencies either, while the store outside the run sees both.
// Each dependency's lookup still tells the files it stands for, the same as outside a
// run, so a cache's witnesses do not change.
func TestRememberingAsksEachDirectoryOnce(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json": `{"dependencies":{"express":"^4.0.0","koa":"^2.0.0","mongoose":"^8.0.0"}}`,
	})
	pkg := NewStore(nil).For(filepath.Join(root, "app.js"))
	run := pkg.Remembering()

	var outside, inside []string
	pkg.VersionFrom("express", &Looks{Named: func(p string) { outside = append(outside, p) }})
	if v := run.VersionFrom("express", &Looks{Named: func(p string) { inside = append(inside, p) }}); v.Major != 4 || v.Source != SourceRange {
		t.Fatalf("express with nothing installed: %+v, want its range's minimum", v)
	}
	if !slices.Equal(inside, outside) || !slices.Contains(inside, filepath.Join(root, "node_modules", "express", "package.json")) {
		t.Fatalf("the run consulted %v, outside a run %v", inside, outside)
	}

	// Installed and locked after the run looked at node_modules and the lockfiles.
	write(t, filepath.Join(root, "node_modules/koa/package.json"), `{"name":"koa","version":"2.15.3"}`)
	write(t, filepath.Join(root, "package-lock.json"),
		`{"lockfileVersion":3,"packages":{"":{},"node_modules/mongoose":{"version":"8.9.5"}}}`)

	if v := run.Version("koa"); v.Source == SourceInstalled {
		t.Errorf("the run saw koa installed after it found no node_modules: %+v", v)
	}
	if v := run.Version("mongoose"); v.Source == SourceLockfile {
		t.Errorf("the run read a lockfile made after it found none: %+v", v)
	}
	if v := pkg.Version("koa"); v.Source != SourceInstalled || v.Minor != 15 {
		t.Errorf("outside the run koa is %+v, want the installed 2.15.3", v)
	}
	if v := pkg.Version("mongoose"); v.Source != SourceLockfile || v.Minor != 9 {
		t.Errorf("outside the run mongoose is %+v, want the locked 8.9.5", v)
	}
}

// A run's first lookup of a version tells the caller of each file before it looks at
// the file, as a lookup without a memo does: a cache stamps what it is told of, and a
// stamp taken after the look would vouch for a file changed in between. Here the
// lockfile is written the moment it is named, so the lookup sees it only when it was
// named first; it fails when a run tells the files only once the lookup is done.
func TestRememberingTellsEachFileBeforeLookingAtIt(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json": `{"dependencies":{"express":"^4.0.0"}}`,
	})
	lock := filepath.Join(root, "package-lock.json")
	run := NewStore(nil).For(filepath.Join(root, "app.js")).Remembering()
	written := false
	v := run.VersionFrom("express", &Looks{Named: func(path string) {
		if path == lock && !written {
			write(t, lock, `{"packages": {"node_modules/express": {"version": "4.20.0"}}}`)
			written = true
		}
	}})
	if !written || v.Source != SourceLockfile || v.String() != "4.20.0" {
		t.Errorf("express: %+v (lockfile named: %v), want 4.20.0 from the lockfile written when it was named", v, written)
	}
}

// A lookup tells which of the files it named it found: the installed package.json that
// decides, and the lockfile of a dependency not installed; a remembered answer tells
// the same, in the same order, as does a lookup outside a run.
func TestLooksAreToldWhatTheLookupFound(t *testing.T) {
	root := tree(t, map[string]string{
		"package.json":                      `{"dependencies":{"express":"^4.0.0","cors":"^2.8.0"}}`,
		"node_modules/express/package.json": `{"name":"express","version":"4.21.2"}`,
		"package-lock.json":                 `{"packages": {"node_modules/cors": {"version": "2.8.5"}}}`,
	})
	pkg := NewStore(nil).For(filepath.Join(root, "app.js"))
	run := pkg.Remembering()
	for _, tc := range []struct{ dep, want string }{
		{"express", filepath.Join(root, "node_modules/express/package.json")},
		{"cors", filepath.Join(root, "package-lock.json")},
	} {
		var answers [][2][]string
		for _, p := range []*Package{pkg, run, run} { // outside, first ask, remembered
			var named, found []string
			p.VersionFrom(tc.dep, &Looks{
				Named: func(path string) { named = append(named, path) },
				Found: func(path string) { found = append(found, path) },
			})
			answers = append(answers, [2][]string{named, found})
		}
		if found := answers[0][1]; !slices.Equal(found, []string{tc.want}) {
			t.Errorf("%s: found %v, want %s", tc.dep, found, tc.want)
		}
		for i, a := range answers[1:] {
			if !slices.Equal(a[0], answers[0][0]) || !slices.Equal(a[1], answers[0][1]) {
				t.Errorf("%s, run ask %d: named %v found %v; outside a run named %v found %v", tc.dep, i+1, a[0], a[1], answers[0][0], answers[0][1])
			}
		}
	}
}
