package server

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// The outline of a package whose route specs another package of the workspace
// exports shows their method and path, and follows an edit of that other package:
// of its closed file on disk (a file event), and of it open in the editor.
func TestDocumentSymbolsReadSiblingWorkspacePackages(t *testing.T) {
	spec := func(path string) string {
		return "export const getThingValidator = { method: 'get' as const, path: '" + path + "' };\n"
	}
	ss, root, outline := siblingWorkspace(t, "shared", map[string]string{
		"package.json": `{"name": "shared", "types": "src/index.ts"}`,
		"src/index.ts": "export * from './specs';\n",
		"src/specs.ts": spec("/things/:id"),
	})
	if got := outline(); !slices.Contains(got, "GET /api/things/:id") {
		t.Fatalf("outline %q: the spec in the sibling package is not read", got)
	}

	// The closed spec file changes on disk: its change event drops its kept table.
	specPath := filepath.Join(root, "packages/shared/src/specs.ts")
	if err := os.WriteFile(specPath, []byte(spec("/items/:id")), 0o644); err != nil {
		t.Fatal(err)
	}
	ss.fileChanged(specPath)
	if got := waitForSymbol(outline, "GET /api/items/:id"); !slices.Contains(got, "GET /api/items/:id") || slices.Contains(got, "GET /api/things/:id") {
		t.Fatalf("outline %q after the sibling's file changed on disk", got)
	}

	// The spec file opened and edited: its current text counts.
	specDoc := uri.File(specPath)
	ss.open(specDoc, "typescript", spec("/items/:id"))
	ss.change(specDoc, 2, &protocol.TextDocumentContentChangeWholeDocument{Text: spec("/widgets/:id")})
	if got := outline(); !slices.Contains(got, "GET /api/widgets/:id") {
		t.Errorf("outline %q after the sibling's open document was edited", got)
	}
}

// sharedSpecsWorkspace is a session over a workspace whose one package, shared,
// exports a route spec from specPath, a file no package of the workspace registers.
func sharedSpecsWorkspace(t *testing.T) (ss *session, root, specPath string) {
	t.Helper()
	root = t.TempDir()
	writeFiles(t, root, map[string]string{
		"package.json":                 `{"name": "root", "private": true, "workspaces": ["packages/*"]}`,
		"packages/shared/package.json": `{"name": "shared", "types": "src/specs.ts"}`,
		"packages/shared/src/specs.ts": "export const getThingValidator = { method: 'get' as const, path: '/things/:id' };\n",
	})
	ss = newSession(t)
	ss.initializeFolder(root, false)
	return ss, root, filepath.Join(root, "packages/shared/src/specs.ts")
}

// A request cancelled before it tabled a sibling package's closed file it reads leaves
// the file to be tabled by the next request, which then reads its spec.
func TestCancelledWorkspaceFactsLeaveTheFileUntabled(t *testing.T) {
	ss, _, specPath := sharedSpecsWorkspace(t)
	untabled, _ := ss.untabledFiles()
	dir, ok := untabled[specPath]
	if !ok {
		t.Fatalf("the index tabled %s; want it left to the first request: %v", specPath, untabled)
	}
	cancelled, cancel := context.WithCancel(ss.ctx())
	cancel()
	if _, ok := ss.s.closedTable(cancelled, specPath); ok {
		t.Fatal("a cancelled request gave a table")
	}
	if untabled, _ := ss.untabledFiles(); untabled[specPath] != dir {
		t.Fatalf("after a cancelled request the file is no longer to be tabled: %v", untabled)
	}
	table, ok := ss.s.closedTable(ss.ctx(), specPath)
	if !ok || table.File != specPath {
		t.Fatalf("the next request: %+v %v, want the file's table", table.File, ok)
	}
}

// A kept table of a sibling's closed file that does not decode gives the request none,
// and leaves the file to be tabled again, as a package's own files are (decodeKept):
// the next request reads its spec.
func TestUndecodableWorkspaceTableIsTabledAgain(t *testing.T) {
	ss, root, specPath := sharedSpecsWorkspace(t)
	if _, ok := ss.s.closedTable(ss.ctx(), specPath); !ok || len(ss.keptRoutes(specPath)) == 0 {
		t.Fatalf("no table kept for %s", specPath)
	}
	ss.s.keepRoutes(specPath, filepath.Join(root, "packages/shared"), []byte("not a table"))
	if _, ok := ss.s.closedTable(ss.ctx(), specPath); ok {
		t.Fatal("a table that does not decode gave one")
	}
	if untabled, _ := ss.untabledFiles(); untabled[specPath] == "" {
		t.Fatalf("after a table that does not decode the file is not to be tabled again: %v", untabled)
	}
	table, ok := ss.s.closedTable(ss.ctx(), specPath)
	if !ok || table.File != specPath || len(table.RouteLists) == 0 {
		t.Fatalf("the next request: %+v %v, want the file's table", table.File, ok)
	}
}
