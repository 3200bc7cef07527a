package pkginfo

import "testing"

// pnpmLockV9 is a pnpm 9 workspace lockfile.
const pnpmLockV9 = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      express:
        specifier: ^4.21.2
        version: 4.21.2
    devDependencies:
      typescript:
        specifier: ~5.6.0
        version: 5.6.3

  packages/api:
    dependencies:
      express:
        specifier: ^5.1.0
        version: 5.1.0(supports-color@8.1.1)
      ex:
        specifier: npm:express@^5.0.0
        version: express@5.0.1
      '@scope/util':
        specifier: 2.0.0-rc.1
        version: 2.0.0-rc.1
      lib:
        specifier: workspace:*
        version: link:../lib
    optionalDependencies:
      bufferutil:
        specifier: ^4.0.8
        version: 4.0.8

packages:

  express@4.21.2:
    resolution: {integrity: sha512-AAAA}
    engines: {node: '>= 0.10.0'}

snapshots:

  express@4.21.2:
    dependencies:
      accepts: 1.3.8
`

// pnpmLockV6 is a pnpm 8 single-project lockfile: no importers.
const pnpmLockV6 = `lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

dependencies:
  express:
    specifier: ^4.18.2
    version: 4.18.2
  ex:
    specifier: npm:express@5
    version: /express@5.0.1

devDependencies:
  jest:
    specifier: ^29.7.0
    version: 29.7.0(@types/node@20.11.5)(ts-node@10.9.2)

packages:

  /express@4.18.2:
    resolution: {integrity: sha512-AAAA}
`

// pnpmLockV5 is pnpm 7's format: versions as plain values, "_" peer
// suffixes, "/name/version" aliases.
const pnpmLockV5 = `lockfileVersion: 5.4

specifiers:
  express: ^4.17.1
  ex: npm:express@5
  under_score: npm:lodash_fork@1

dependencies:
  express: 4.17.1_supports-color@8.1.1
  ex: /express/5.0.1
  under_score: /lodash_fork/1.0.2

devDependencies:
  jest: 29.7.0

packages:

  /express/4.17.1:
    resolution: {integrity: sha512-AAAA}
`

// pnpmLockV5Workspace has importers with v5 plain values.
const pnpmLockV5Workspace = `lockfileVersion: 5.4

importers:

  .:
    specifiers:
      express: ^4.17.1
    dependencies:
      express: 4.17.1

  packages/api:
    specifiers:
      express: ^5.0.0
    dependencies:
      express: 5.0.1
`

func TestPnpmLockLookup(t *testing.T) {
	tests := []struct {
		name, lock, importer, dep, want string // want "" means not found
	}{
		{"v9 root", pnpmLockV9, ".", "express", "4.21.2"},
		{"v9 root devDependencies", pnpmLockV9, ".", "typescript", "5.6.3"},
		{"v9 workspace with peer suffix", pnpmLockV9, "packages/api", "express", "5.1.0"},
		{"v9 alias", pnpmLockV9, "packages/api", "ex", "5.0.1"},
		{"v9 scoped prerelease", pnpmLockV9, "packages/api", "@scope/util", "2.0.0-rc.1"},
		{"v9 workspace link", pnpmLockV9, "packages/api", "lib", ""},
		{"v9 optionalDependencies", pnpmLockV9, "packages/api", "bufferutil", "4.0.8"},
		{"v9 unknown importer", pnpmLockV9, "packages/web", "express", ""},
		{"v9 missing", pnpmLockV9, ".", "koa", ""},
		{"v6 top-level", pnpmLockV6, ".", "express", "4.18.2"},
		{"v6 alias", pnpmLockV6, ".", "ex", "5.0.1"},
		{"v6 several peer suffixes", pnpmLockV6, ".", "jest", "29.7.0"},
		{"v6 top-level is only for the root", pnpmLockV6, "packages/api", "express", ""},
		{"v5 underscore peer suffix", pnpmLockV5, ".", "express", "4.17.1"},
		{"v5 alias", pnpmLockV5, ".", "ex", "5.0.1"},
		{"v5 alias to a name with an underscore", pnpmLockV5, ".", "under_score", "1.0.2"},
		{"v5 devDependencies", pnpmLockV5, ".", "jest", "29.7.0"},
		{"v5 workspace root", pnpmLockV5Workspace, ".", "express", "4.17.1"},
		{"v5 workspace package", pnpmLockV5Workspace, "packages/api", "express", "5.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lf, err := parsePnpmLock("", []byte(tt.lock))
			if err != nil {
				t.Fatal(err)
			}
			checkLookup(t, lf, tt.importer, tt.dep, "", tt.want)
		})
	}
}

func TestPnpmVersion(t *testing.T) {
	tests := []struct{ in, want string }{
		{"4.21.2", "4.21.2"},
		{"5.1.0(supports-color@8.1.1)", "5.1.0"},
		{"5.1.0(@types/node@22.1.0)(typescript@5.6.3)", "5.1.0"},
		{"4.17.1_supports-color@8.1.1", "4.17.1"},
		{"4.17.1_@types+node@18.0.0", "4.17.1"},
		{"/express@5.0.1", "5.0.1"},
		{"express@5.0.1", "5.0.1"},
		{"/@scope/pkg@1.2.3(react@18.0.0)", "1.2.3"},
		{"/express/5.0.1", "5.0.1"},
		{"/express/5.0.1_debug@4.3.4", "5.0.1"},
		{"/1pkg@2.0.0", "2.0.0"},
		{"5.0.0-beta.1", "5.0.0-beta.1"},
		{"link:../lib", ""},
		{"file:../lib", ""},
		{"github.com/u/r/0123abc", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, ok := pnpmVersion(tt.in)
			got := ""
			if ok {
				got = v.version(SourceLockfile).String()
			}
			if got != tt.want {
				t.Errorf("pnpmVersion(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPnpmLockBroken(t *testing.T) {
	for _, lock := range []string{
		"importers:\n  .:\n    dependencies: [express]\n",
		"importers: [1, 2]\n",
		"dependencies:\n  express:\n    - 4.18.2\n",
		"lockfileVersion: '9.0'\nimporters:\n  .: {\n",
		"- a\n- b\n",
	} {
		if lf, err := parsePnpmLock("", []byte(lock)); err == nil || lf != nil {
			t.Errorf("parsePnpmLock(%q) = %v, %v; want nil and an error", lock, lf, err)
		}
	}
}
