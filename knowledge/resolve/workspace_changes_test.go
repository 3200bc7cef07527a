package resolve

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
)

// A finder kept across changes reads again what Changed says a change alters: a
// sibling's package.json (its exports), a pnpm-workspace.yaml that makes a workspace,
// and a created source file, whose importers it names.
func TestWorkspaceModulesChanged(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"package.json":                 `{"name": "root", "workspaces": ["packages/*"]}`,
		"packages/api/index.js":        "",
		"packages/shared/package.json": `{"name": "shared", "exports": {"./specs": "./old.js"}}`,
		"packages/shared/old.js":       wsSpecJS,
		"packages/shared/new.js":       wsSpecJS,
	})
	store := pkginfo.NewStore(nil)
	w := NewWorkspaceModules(store)
	importer := filepath.Join(root, "packages/api/index.js")
	source := func(spec string) string {
		file, _ := w.Source(importer, spec)
		return file
	}
	if got := source("shared/specs"); got != filepath.Join(root, "packages/shared/old.js") {
		t.Fatalf("before the change: %q", got)
	}

	manifest := filepath.Join(root, "packages/shared/package.json")
	writeTree(t, root, map[string]string{"packages/shared/package.json": `{"name": "shared", "exports": {"./specs": "./new.js"}}`})
	store.Invalidate(manifest)
	w.Changed(manifest)
	if got := source("shared/specs"); got != filepath.Join(root, "packages/shared/new.js") {
		t.Fatalf("after exports changed: %q", got)
	}

	if got := source("shared/extra"); got != "" {
		t.Fatalf("a missing sub-path gave %q", got)
	}
	created := filepath.Join(root, "packages/shared/extra.js")
	writeTree(t, root, map[string]string{"packages/shared/extra.js": wsSpecJS})
	if importers := w.Changed(created); !slices.Equal(importers, []string{importer}) {
		t.Fatalf("Changed(created source) = %q, want the importer %s", importers, importer)
	}
	if got := source("shared/extra"); got != created {
		t.Fatalf("after the sub-path's file was created: %q", got)
	}
	if importers := w.Changed(filepath.Join(root, "packages/api/other.js")); len(importers) != 0 {
		t.Fatalf("a file of no package asked about gave importers %q", importers)
	}
}

// A pnpm-workspace.yaml written into a folder that declared nothing makes it a
// workspace once its change is told.
func TestWorkspaceModulesChangedDeclaration(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		".git/HEAD":                "",
		"apps/api/index.js":        "",
		"libs/shared/package.json": `{"name": "shared", "main": "index.js"}`,
		"libs/shared/index.js":     wsSpecJS,
	})
	store := pkginfo.NewStore(nil)
	w := NewWorkspaceModules(store)
	importer := filepath.Join(root, "apps/api/index.js")
	if file, ok := w.Source(importer, "shared"); ok {
		t.Fatalf("found %s with no workspace declared", file)
	}
	decl := filepath.Join(root, "pnpm-workspace.yaml")
	if err := os.WriteFile(decl, []byte("packages:\n  - 'apps/*'\n  - 'libs/*'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	store.Invalidate(decl)
	w.Changed(decl)
	if file, ok := w.Source(importer, "shared"); !ok || file != filepath.Join(root, "libs/shared/index.js") {
		t.Fatalf("after the declaration: %q, %v", file, ok)
	}
}
