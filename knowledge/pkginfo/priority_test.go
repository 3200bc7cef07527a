package pkginfo

import (
	"path/filepath"
	"testing"
)

// TestVersionPriority builds one tree per case and asks for one
// dependency's version from one file: installed beats lockfile beats range,
// and each unusable source falls through to the next.
func TestVersionPriority(t *testing.T) {
	const unknown = "unknown"
	yarnExpress := "# yarn lockfile v1\n\nexpress@^4.0.0:\n  version \"4.19.2\"\n"
	tests := []struct {
		name  string
		files map[string]string
		file  string // where For is asked from; "index.js" when empty
		dep   string // "express" when empty
		want  string
		src   Source
		warn  string // a file that must be warned about exactly once
	}{
		{
			name: "installed beats lockfile and range",
			files: map[string]string{
				"package.json":                      pkgJSON("express", "^4.0.0"),
				"node_modules/express/package.json": installedJSON("express", "4.21.2"),
				"package-lock.json":                 `{"lockfileVersion": 3, "packages": {"node_modules/express": {"version": "4.20.0"}}}`,
			},
			want: "4.21.2", src: SourceInstalled,
		},
		{
			name: "installed scoped package",
			files: map[string]string{
				"package.json":                          pkgJSON("@types/node", "^20.0.0"),
				"node_modules/@types/node/package.json": installedJSON("@types/node", "20.11.5"),
			},
			dep: "@types/node", want: "20.11.5", src: SourceInstalled,
		},
		{
			name: "installed and hoisted to the workspace root",
			files: map[string]string{
				"package.json":                      `{"workspaces": ["packages/*"]}`,
				"packages/api/package.json":         pkgJSON("express", "^5.0.0"),
				"node_modules/express/package.json": installedJSON("express", "5.1.0"),
			},
			file: "packages/api/src/app.js", want: "5.1.0", src: SourceInstalled,
		},
		{
			name: "a nearer installed copy shadows the hoisted one",
			files: map[string]string{
				"package.json":                                   `{"workspaces": ["packages/*"]}`,
				"packages/api/package.json":                      pkgJSON("express", "^5.0.0"),
				"packages/api/node_modules/express/package.json": installedJSON("express", "5.1.0"),
				"node_modules/express/package.json":              installedJSON("express", "4.21.2"),
			},
			file: "packages/api/app.js", want: "5.1.0", src: SourceInstalled,
		},
		{
			name: "installed alias",
			files: map[string]string{
				"package.json":                 pkgJSON("ex", "npm:express@^5.0.0"),
				"node_modules/ex/package.json": installedJSON("express", "5.1.0"),
			},
			dep: "ex", want: "5.1.0", src: SourceInstalled,
		},
		{
			name: "installed even when the range is unknown",
			files: map[string]string{
				"package.json":                      pkgJSON("express", "github:expressjs/express"),
				"node_modules/express/package.json": installedJSON("express", "5.0.0-beta.3"),
			},
			want: "5.0.0-beta.3", src: SourceInstalled,
		},
		{
			name: "inside node_modules, node_modules/node_modules is not searched",
			files: map[string]string{
				"node_modules/lib/package.json":                    pkgJSON("express", "^4.0.0"),
				"node_modules/node_modules/express/package.json":   installedJSON("express", "9.9.9"),
				"node_modules/express/package.json":                installedJSON("express", "4.18.0"),
				"node_modules/lib/node_modules/other/package.json": installedJSON("other", "1.0.0"),
			},
			file: "node_modules/lib/index.js", want: "4.18.0", src: SourceInstalled,
		},
		{
			name: "a dependency name cannot climb out of node_modules",
			files: map[string]string{
				"package.json":      `{"dependencies": {"../evil": "1.0.0"}}`,
				"evil/package.json": installedJSON("evil", "9.0.0"),
			},
			dep: "../evil", want: "1.0.0", src: SourceRange,
		},
		{
			name: "broken installed package.json falls through to the lockfile",
			files: map[string]string{
				"package.json":                      pkgJSON("express", "^4.0.0"),
				"node_modules/express/package.json": `{"name": "express", "version": `,
				"node_modules/express/index.js":     "",
				"package-lock.json":                 `{"lockfileVersion": 3, "packages": {"node_modules/express": {"version": "4.20.0"}}}`,
			},
			want: "4.20.0", src: SourceLockfile, warn: "node_modules/express/package.json",
		},
		{
			name: "installed version of the wrong type falls through",
			files: map[string]string{
				"package.json":                      pkgJSON("express", "^4.0.0"),
				"node_modules/express/package.json": `{"name": "express", "version": 4}`,
			},
			want: "4.0.0", src: SourceRange, warn: "node_modules/express/package.json",
		},
		{
			name: "installed version that is not semver falls through",
			files: map[string]string{
				"package.json":                      pkgJSON("express", "^4.0.0"),
				"node_modules/express/package.json": `{"name": "express", "version": "four"}`,
			},
			want: "4.0.0", src: SourceRange, warn: "node_modules/express/package.json",
		},
		{
			name: "installed without a version falls through quietly",
			files: map[string]string{
				"package.json":                      pkgJSON("express", "^4.0.0"),
				"node_modules/express/package.json": `{"name": "express"}`,
				"yarn.lock":                         yarnExpress,
			},
			want: "4.19.2", src: SourceLockfile,
		},
		{
			name: "package-lock.json",
			files: map[string]string{
				"package.json":      pkgJSON("express", "^4.0.0"),
				"package-lock.json": `{"lockfileVersion": 3, "packages": {"": {}, "node_modules/express": {"version": "4.20.0"}}}`,
			},
			want: "4.20.0", src: SourceLockfile,
		},
		{
			name: "package-lock.json version 1",
			files: map[string]string{
				"package.json":      pkgJSON("express", "^4.0.0"),
				"package-lock.json": `{"lockfileVersion": 1, "dependencies": {"express": {"version": "4.16.4"}}}`,
			},
			want: "4.16.4", src: SourceLockfile,
		},
		{
			name: "npm-shrinkwrap.json beats package-lock.json",
			files: map[string]string{
				"package.json":        pkgJSON("express", "^4.0.0"),
				"npm-shrinkwrap.json": `{"lockfileVersion": 3, "packages": {"node_modules/express": {"version": "4.19.0"}}}`,
				"package-lock.json":   `{"lockfileVersion": 3, "packages": {"node_modules/express": {"version": "4.20.0"}}}`,
			},
			want: "4.19.0", src: SourceLockfile,
		},
		{
			name: "workspace package uses the root package-lock.json",
			files: map[string]string{
				"package.json":              `{"workspaces": ["packages/*"]}`,
				"packages/api/package.json": pkgJSON("express", "^5.0.0"),
				"package-lock.json": `{"lockfileVersion": 3, "packages": {
					"node_modules/express": {"version": "4.21.2"},
					"packages/api/node_modules/express": {"version": "5.1.0"}}}`,
			},
			file: "packages/api/app.js", want: "5.1.0", src: SourceLockfile,
		},
		{
			name: "pnpm-lock.yaml root importer",
			files: map[string]string{
				"package.json":   pkgJSON("express", "^4.0.0"),
				"pnpm-lock.yaml": "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      express:\n        specifier: ^4.0.0\n        version: 4.21.1\n",
			},
			want: "4.21.1", src: SourceLockfile,
		},
		{
			name: "pnpm-lock.yaml workspace importer",
			files: map[string]string{
				"package.json":              `{"name": "root"}`,
				"packages/api/package.json": pkgJSON("express", "^5.0.0"),
				"pnpm-workspace.yaml":       "packages:\n  - packages/*\n",
				"pnpm-lock.yaml": "lockfileVersion: '9.0'\nimporters:\n  .: {}\n  packages/api:\n    dependencies:\n" +
					"      express:\n        specifier: ^5.0.0\n        version: 5.1.0(supports-color@8.1.1)\n",
			},
			file: "packages/api/src/app.js", want: "5.1.0", src: SourceLockfile,
		},
		{
			name: "yarn.lock",
			files: map[string]string{
				"package.json": pkgJSON("express", "^4.0.0"),
				"yarn.lock":    yarnExpress,
			},
			want: "4.19.2", src: SourceLockfile,
		},
		{
			name: "only the nearest lockfile directory counts",
			files: map[string]string{
				"package-lock.json":         `{"lockfileVersion": 3, "packages": {"packages/api/node_modules/express": {"version": "4.20.0"}}}`,
				"packages/api/package.json": pkgJSON("express", "^4.1.0"),
				"packages/api/yarn.lock":    "# yarn lockfile v1\n\nkoa@^2.0.0:\n  version \"2.15.0\"\n",
			},
			file: "packages/api/app.js", want: "4.1.0", src: SourceRange,
		},
		{
			name: "a broken lockfile is skipped for the next one in its directory",
			files: map[string]string{
				"package.json":      pkgJSON("express", "^4.0.0"),
				"package-lock.json": `{"lockfileVersion": 3, "packages": `,
				"yarn.lock":         yarnExpress,
			},
			want: "4.19.2", src: SourceLockfile, warn: "package-lock.json",
		},
		{
			name: "broken pnpm-lock.yaml falls through to the range",
			files: map[string]string{
				"package.json":   pkgJSON("express", "^4.2.0"),
				"pnpm-lock.yaml": "importers:\n  .:\n    dependencies: [express]\n",
			},
			want: "4.2.0", src: SourceRange, warn: "pnpm-lock.yaml",
		},
		{
			name: "broken yarn.lock falls through to the range",
			files: map[string]string{
				"package.json": pkgJSON("express", "^4.3.0"),
				"yarn.lock":    yarnExpress + "<<<<<<< HEAD\n",
			},
			want: "4.3.0", src: SourceRange, warn: "yarn.lock",
		},
		{
			name: "lockfile without the dependency falls through to the range",
			files: map[string]string{
				"package.json":      pkgJSON("express", "~4.18"),
				"package-lock.json": `{"lockfileVersion": 3, "packages": {"node_modules/koa": {"version": "2.15.0"}}}`,
			},
			want: "4.18.0", src: SourceRange,
		},
		{
			name:  "range only",
			files: map[string]string{"package.json": pkgJSON("express", ">=4.17.0 <5")},
			want:  "4.17.0", src: SourceRange,
		},
		{
			name:  "unknown range and nothing else",
			files: map[string]string{"package.json": pkgJSON("express", "latest")},
			want:  unknown,
		},
		{
			name: "workspace: range with a linked lockfile entry",
			files: map[string]string{
				"package.json":   pkgJSON("lib", "workspace:*"),
				"pnpm-lock.yaml": "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      lib:\n        specifier: workspace:*\n        version: link:packages/lib\n",
			},
			dep: "lib", want: unknown,
		},
		{
			name: "not a dependency, even though installed",
			files: map[string]string{
				"package.json":                      pkgJSON("koa", "^2.0.0"),
				"node_modules/express/package.json": installedJSON("express", "4.21.2"),
			},
			want: unknown,
		},
		{
			name: "broken manifest: every version unknown",
			files: map[string]string{
				"package.json":                      `{"dependencies": {"express": 4}}`,
				"node_modules/express/package.json": installedJSON("express", "4.21.2"),
			},
			want: unknown, warn: "package.json",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, tt.files)
			file, dep := tt.file, tt.dep
			if file == "" {
				file = "index.js"
			}
			if dep == "" {
				dep = "express"
			}
			var w warnings
			s := NewStore(w.fn)
			for i := 0; i < 3; i++ { // repeated calls must agree and not re-warn
				p := s.For(filepath.Join(root, filepath.FromSlash(file)))
				if p == nil {
					t.Fatal("For = nil")
				}
				v := p.Version(dep)
				if v.String() != tt.want || v.Source != tt.src {
					t.Fatalf("call %d: Version(%q) = %s from %q, want %s from %q", i, dep, v, v.Source, tt.want, tt.src)
				}
			}
			if tt.warn != "" {
				if n := w.count(filepath.Join(root, filepath.FromSlash(tt.warn))); n != 1 {
					t.Errorf("%s warned %d times, want once", tt.warn, n)
				}
			}
			if want := map[bool]int{false: 0, true: 1}[tt.warn != ""]; w.total() != want {
				t.Errorf("%d warnings in all (%v), want %d", w.total(), w.paths, want)
			}
		})
	}
}
