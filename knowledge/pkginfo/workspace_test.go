package pkginfo

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Each way a folder declares its workspace's packages gives their globs, in the order
// package.json, pnpm-workspace.yaml, pnpm-lock.yaml; a folder declaring none gives
// none.
func TestWorkspacePackagesFromEachDeclaration(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
		ok    bool
	}{
		{"package.json list", map[string]string{"package.json": `{"workspaces": ["packages/*", "!packages/old"]}`}, []string{"packages/*", "!packages/old"}, true},
		{"package.json object", map[string]string{"package.json": `{"workspaces": {"packages": ["apps/*"], "nohoist": ["**/x"]}}`}, []string{"apps/*"}, true},
		{"pnpm-workspace.yaml", map[string]string{"package.json": `{"name": "root"}`, "pnpm-workspace.yaml": "packages:\n  - 'libs/*'\n"}, []string{"libs/*"}, true},
		{"package.json before pnpm-workspace.yaml", map[string]string{"package.json": `{"workspaces": ["a/*"]}`, "pnpm-workspace.yaml": "packages: ['b/*']\n"}, []string{"a/*"}, true},
		{"pnpm-lock.yaml importers", map[string]string{"pnpm-lock.yaml": "lockfileVersion: '9.0'\nimporters:\n  .: {}\n  packages/api: {}\n"}, []string{".", "packages/api"}, true},
		{"none", map[string]string{"package.json": `{"name": "app"}`, "package-lock.json": `{"lockfileVersion": 3}`}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, tt.files)
			var w warnings
			got, ok := NewStore(w.fn).WorkspacePackages(root)
			if ok != tt.ok || !slices.Equal(got, tt.want) {
				t.Fatalf("WorkspacePackages = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
			if w.total() != 0 {
				t.Fatalf("warnings about well-formed files: %v", w.paths)
			}
		})
	}
}

// A malformed `workspaces` is warned about once, says what it costs, and costs only
// the packages it declares: the manifest's dependencies still give versions.
func TestMalformedWorkspacesFieldWarnsOnceAndKeepsTheManifest(t *testing.T) {
	root := tree(t, map[string]string{"package.json": `{"name": "root", "workspaces": 5, "dependencies": {"express": "^4.18.0"}}`})
	manifest := filepath.Join(root, "package.json")
	var got []error
	s := NewStore(func(path string, err error) {
		if path == manifest {
			got = append(got, err)
		}
	})
	for range 3 {
		if globs, ok := s.WorkspacePackages(root); !ok || globs != nil {
			t.Fatalf("WorkspacePackages = %q, %v; want the folder to declare a workspace of no packages", globs, ok)
		}
	}
	if len(got) != 1 || !errors.Is(got[0], ErrWorkspaceDeclaration) || !strings.Contains(Consequence(got[0]), "workspace packages") {
		t.Fatalf("warnings %v: want one, about the workspace declaration", got)
	}
	p := s.Manifest(root)
	if p == nil || p.Broken || p.Name != "root" || !p.Version("express").Known {
		t.Fatalf("package %+v: want it whole despite its workspaces field", p)
	}
}

// A malformed pnpm-workspace.yaml is warned about once and passed over for the
// lockfile's importers.
func TestMalformedPnpmWorkspaceFallsBackToTheLockfile(t *testing.T) {
	root := tree(t, map[string]string{
		"pnpm-workspace.yaml": "packages: [unclosed\n",
		"pnpm-lock.yaml":      "lockfileVersion: '9.0'\nimporters:\n  packages/api: {}\n",
	})
	var w warnings
	s := NewStore(w.fn)
	for range 2 {
		if got, ok := s.WorkspacePackages(root); !ok || !slices.Equal(got, []string{"packages/api"}) {
			t.Fatalf("WorkspacePackages = %q, %v; want the lockfile's importers", got, ok)
		}
	}
	if n := w.count(filepath.Join(root, "pnpm-workspace.yaml")); n != 1 || w.total() != 1 {
		t.Fatalf("warnings %v: want one, about pnpm-workspace.yaml", w.paths)
	}
}

// The layout fields are read as written; one of the wrong type reads as absent and
// leaves the manifest whole, as Node passes over it.
func TestManifestLayout(t *testing.T) {
	root := tree(t, map[string]string{
		"a/package.json": `{"name": "a", "exports": {"./specs": "./src/specs.ts"}, "types": "src/index.ts", "main": "dist/index.js"}`,
		"b/package.json": `{"name": "b", "main": 5, "typings": ["x"]}`,
	})
	s := NewStore(nil)
	a := s.Manifest(filepath.Join(root, "a"))
	if a == nil || string(a.Layout.Exports) != `{"./specs": "./src/specs.ts"}` || a.Layout.Types != "src/index.ts" || a.Layout.Main != "dist/index.js" {
		t.Fatalf("layout of a: %+v", a)
	}
	b := s.Manifest(filepath.Join(root, "b"))
	if b == nil || b.Broken || b.Name != "b" || b.Layout.Main != "" || b.Layout.Typings != "" {
		t.Fatalf("package b: %+v, want it whole with no main or typings", b)
	}
}
