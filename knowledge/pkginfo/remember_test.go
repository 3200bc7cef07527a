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
	wantExpress := pkg.VersionFrom("express", func(p string) { want = append(want, p) })
	var got []string
	if v := run.VersionFrom("express", func(p string) { got = append(got, p) }); v != wantExpress || !v.Known {
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
	if v := run.VersionFrom("express", func(p string) { got = append(got, p) }); v != wantExpress {
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
