package analysis

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
)

func TestExcluded(t *testing.T) {
	cases := map[string]bool{
		"src/app.js": false, "app.ts": false, "src/routes/users.tsx": false, "ecosystem.config.js": false,
		"src/app.test.js": true, "lib/a.spec.ts": true, "src/__tests__/a.js": true, "test/a.js": true,
		"tests/unit/a.js": true, "e2e/a.js": true, "scripts/migrate.js": true, "tools/gen.js": true,
		"seeders/users.js": true, "jest.config.js": true, "types/index.d.ts": true, "dist/app.js": true,
		"packages/api/node_modules/x/a.js": true, "./test/a.js": true, "src/testing/a.js": false,
		// At any depth below the package root.
		"src/database/migrations/postgres/1693-init.ts": true, "src/enterprise/database/migrations/mysql/a.ts": true,
		"src/scripts/backfill.ts": true, "packages/api/src/scripts/x.ts": true, "src/test/e2e/helpers/db.ts": true,
		"src/lib/features/tests/a.ts": true, "src/init/seed/users.ts": true, "src/database/seeds/a.ts": true,
		"src/__mocks__/db.ts": true, "server/migrations/001.js": true, "src/test-setup.ts": true,
		"src/setupTests.js": true, "packages/web/dist/app.js": true,
		// tools/ deeper down is a feature of the app, not tooling.
		"src/routes/tools/index.ts": false, "src/controllers/tools/index.ts": false,
		"src/latest/a.js": false, "src/migrationsHelper.js": false,
	}
	for path, want := range cases {
		if got := Excluded(path, nil, nil, nil); got != want {
			t.Errorf("Excluded(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestExcludedExtraGlobs(t *testing.T) {
	if !Excluded("legacy/a.js", []string{"legacy/**"}, nil, nil) {
		t.Error("a configured glob must exclude")
	}
	if Excluded("src/a.js", []string{"legacy/**"}, nil, nil) {
		t.Error("a configured glob excludes only what it matches")
	}
}

// packageWith writes a package.json with the given dependencies and reads it back.
func packageWith(t *testing.T, deps string) *pkginfo.Package {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"p","dependencies":{`+deps+`}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return pkginfo.NewStore(nil).For(filepath.Join(dir, "bin", "server.js"))
}

func TestExcludedBinOnlyForCommandLineTools(t *testing.T) {
	server := packageWith(t, `"express":"^4.21.2"`)
	cli := packageWith(t, `"commander":"^12.0.0"`)
	const script = "#!/usr/bin/env node\nrequire('../lib/cli').run(process.argv);\n"
	const entry = "const app = require('../src/app');\napp.listen(3000);\n"
	cases := []struct {
		name, rel, src string
		pkg            *pkginfo.Package
		want           bool
	}{
		{"a server's entry point", "bin/www.js", entry, server, false},
		{"a nested package's server entry point", "packages/auth/bin/server.ts", entry, server, false},
		{"a shebang script in a server package", "bin/migrate.js", script, server, true},
		{"any file of a package without an HTTP framework", "bin/run.js", entry, cli, true},
		{"no package at all", "bin/run.js", entry, nil, true},
		{"a file beside bin is not concerned", "src/bin.js", script, cli, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			read := 0
			got := Excluded(tc.rel, nil, tc.pkg, func() []byte { read++; return []byte(tc.src) })
			if got != tc.want {
				t.Errorf("Excluded(%q) = %v, want %v", tc.rel, got, tc.want)
			}
			if read > 1 {
				t.Errorf("the source was read %d times", read)
			}
		})
	}
	// Only bin/ files need their source: the others are judged by path.
	Excluded("src/app.js", nil, server, func() []byte { t.Error("source read for a file outside bin/"); return nil })
}
