package pkginfo

import "testing"

// npmLockV3 is a workspace lockfile (lockfileVersion 3, npm 9+): the root
// has express 4 hoisted, packages/api has its own express 5 nested, and
// packages/lib is linked.
const npmLockV3 = `{
  "name": "monorepo",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "monorepo",
      "workspaces": ["packages/*"],
      "dependencies": {"express": "^4.21.2"}
    },
    "node_modules/express": {
      "version": "4.21.2",
      "resolved": "https://registry.npmjs.org/express/-/express-4.21.2.tgz",
      "integrity": "sha512-AAAA",
      "license": "MIT"
    },
    "node_modules/@types/node": {"version": "22.10.1", "dev": true},
    "node_modules/ex": {"name": "express", "version": "5.1.0"},
    "node_modules/fromgit": {"version": "1.0.0", "resolved": "git+ssh://git@github.com/u/fromgit.git#abc"},
    "node_modules/lib": {"resolved": "packages/lib", "link": true},
    "packages/api": {"name": "api", "dependencies": {"express": "^5.1.0"}},
    "packages/api/node_modules/express": {"version": "5.1.0"},
    "packages/lib": {"name": "lib", "version": "0.3.0"}
  }
}`

// npmLockV1 is the npm 5/6 format, with only the dependency tree.
const npmLockV1 = `{
  "name": "legacy",
  "version": "1.0.0",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "express": {"version": "4.17.1", "resolved": "https://registry.npmjs.org/express/-/express-4.17.1.tgz", "requires": {"accepts": "~1.3.7"}},
    "ex": {"version": "npm:express@5.0.0-beta.1"},
    "gitdep": {"version": "git+https://github.com/u/gitdep.git#0123456789abcdef", "from": "git+https://github.com/u/gitdep.git"},
    "local": {"version": "file:../local"}
  }
}`

func TestNpmLockLookup(t *testing.T) {
	tests := []struct {
		name, lock, importer, dep, want string // want "" means not found
	}{
		{"v3 hoisted", npmLockV3, ".", "express", "4.21.2"},
		{"v3 scoped", npmLockV3, ".", "@types/node", "22.10.1"},
		{"v3 alias", npmLockV3, ".", "ex", "5.1.0"},
		{"v3 git dependency keeps its version", npmLockV3, ".", "fromgit", "1.0.0"},
		{"v3 workspace link has no version", npmLockV3, ".", "lib", ""},
		{"v3 workspace's own nested copy", npmLockV3, "packages/api", "express", "5.1.0"},
		{"v3 workspace falls back to hoisted", npmLockV3, "packages/web", "express", "4.21.2"},
		{"v3 missing", npmLockV3, ".", "koa", ""},
		{"v1 top-level", npmLockV1, ".", "express", "4.17.1"},
		{"v1 alias", npmLockV1, ".", "ex", "5.0.0-beta.1"},
		{"v1 git", npmLockV1, ".", "gitdep", ""},
		{"v1 file", npmLockV1, ".", "local", ""},
		{"v1 missing", npmLockV1, ".", "koa", ""},
		{"v1 from a subdirectory", npmLockV1, "packages/api", "express", "4.17.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lf, err := parseNpmLock("", []byte(tt.lock))
			if err != nil {
				t.Fatal(err)
			}
			checkLookup(t, lf, tt.importer, tt.dep, "", tt.want)
		})
	}
}

func TestNpmLockBroken(t *testing.T) {
	for _, lock := range []string{
		`{"lockfileVersion": 3, "packages": {`,
		`{"packages": []}`,
		`{"packages": {"node_modules/express": {"version": 4}}}`,
		`[]`,
	} {
		if lf, err := parseNpmLock("", []byte(lock)); err == nil || lf != nil {
			t.Errorf("parseNpmLock(%s) = %v, %v; want nil and an error", lock, lf, err)
		}
	}
}

// checkLookup asserts lf.lookup's answer; want "" means not found.
func checkLookup(t *testing.T, lf lockfile, importer, dep, spec, want string) {
	t.Helper()
	v, ok := lf.lookup(importer, dep, spec)
	got := ""
	if ok {
		got = v.version(SourceLockfile).String()
	}
	if got != want {
		t.Errorf("lookup(%q, %q, %q) = %q, want %q", importer, dep, spec, got, want)
	}
}
