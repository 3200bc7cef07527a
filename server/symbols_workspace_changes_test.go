package server

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// siblingWorkspace is a workspace whose packages/api registers the route specs that
// packages/shared (its files under shared, slash paths) exports at spec, and the
// document symbols of its app, open in the editor.
func siblingWorkspace(t *testing.T, spec string, shared map[string]string) (*session, string, func() []string) {
	t.Helper()
	const app = "import express from 'express';\nimport { getThing } from './getThing';\nconst app = express();\nconst allRoutes = [getThing];\n" +
		"allRoutes.forEach((route) => {\n  app[route.method](`/api${route.path}`, route.handler);\n});\n"
	root := t.TempDir()
	files := map[string]string{
		"package.json":                `{"name": "root", "private": true, "workspaces": ["packages/*"]}`,
		"packages/api/package.json":   `{"name": "api", "dependencies": {"express": "^4.21.2", "shared": "*"}}`,
		"packages/api/src/handler.ts": "export function createHandler({ method, path }) {\n  return (handler) => ({ method, path, handler });\n}\n",
		"packages/api/src/getThing.ts": "import { getThingValidator } from '" + spec + "';\nimport { createHandler } from './handler';\n" +
			"export const getThing = createHandler(getThingValidator)(async (req, res) => { res.end() });\n",
		"packages/api/src/app.ts": app,
	}
	for name, text := range shared {
		files["packages/shared/"+name] = text
	}
	writeFiles(t, root, files)
	ss := newSession(t)
	ss.initializeFolder(root, false)
	doc := uri.File(filepath.Join(root, "packages/api/src/app.ts"))
	ss.open(doc, "typescript", app)
	return ss, root, func() []string {
		return ss.symbolNames(doc)
	}
}

// siblingSpecApp is a sibling workspace whose packages/shared exports its specs at
// `shared/specs` by the package.json sharedManifest (none when it is "").
func siblingSpecApp(t *testing.T, sharedManifest string) (*session, string, func() []string) {
	t.Helper()
	shared := map[string]string{
		"src/old.ts": "export const getThingValidator = { method: 'get' as const, path: '/things/:id' };\n",
		"src/new.ts": "export const getThingValidator = { method: 'get' as const, path: '/items/:id' };\n",
	}
	if sharedManifest != "" {
		shared["package.json"] = sharedManifest
	}
	return siblingWorkspace(t, "shared/specs", shared)
}

// writeAndNotify writes a file and sends its watched-file event over the connection.
func writeAndNotify(ss *session, path, text string, kind protocol.FileChangeType) {
	ss.t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		ss.t.Fatal(err)
	}
	if err := ss.server.DidChangeWatchedFiles(ss.ctx(), &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
		{URI: uri.File(path), Type: kind},
	}}); err != nil {
		ss.t.Fatal(err)
	}
}

// waitForSymbol asks for the outline until it holds want, and returns the last one.
func waitForSymbol(outline func() []string, want string) []string {
	return waitForOutline(outline, func(got []string) bool { return slices.Contains(got, want) })
}

// waitForOutline asks for the outline until done holds of it, and returns the last one.
func waitForOutline(outline func() []string, done func([]string) bool) []string {
	var got []string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if got = outline(); done(got) {
			break
		}
	}
	return got
}

// A sibling package's package.json whose `exports` changes on disk: its watched-file
// event makes the importing package's outline read the file the new `exports` names.
func TestDocumentSymbolsFollowASiblingsExportsChange(t *testing.T) {
	const manifest = `{"name": "shared", "exports": {"./specs": "./src/%s.ts"}}`
	ss, root, outline := siblingSpecApp(t, strings.Replace(manifest, "%s", "old", 1))
	if got := outline(); !slices.Contains(got, "GET /api/things/:id") {
		t.Fatalf("outline %q: the spec `exports` names is not read", got)
	}
	writeAndNotify(ss, filepath.Join(root, "packages/shared/package.json"), strings.Replace(manifest, "%s", "new", 1), protocol.FileChangeTypeChanged)
	if got := waitForSymbol(outline, "GET /api/items/:id"); !slices.Contains(got, "GET /api/items/:id") || slices.Contains(got, "GET /api/things/:id") {
		t.Fatalf("outline %q after the sibling's exports changed", got)
	}
}

// A sibling package created after the server started (its package.json appears) is
// found at its watched-file event.
func TestDocumentSymbolsFindASiblingPackageAddedLater(t *testing.T) {
	ss, root, outline := siblingSpecApp(t, "")
	if got := outline(); slices.Contains(got, "GET /api/items/:id") {
		t.Fatalf("outline %q before the sibling package exists", got)
	}
	writeAndNotify(ss, filepath.Join(root, "packages/shared/package.json"), `{"name": "shared", "exports": {"./specs": "./src/new.ts"}}`, protocol.FileChangeTypeCreated)
	if got := waitForSymbol(outline, "GET /api/items/:id"); !slices.Contains(got, "GET /api/items/:id") {
		t.Fatalf("outline %q after the sibling package was added", got)
	}
}

// A source file created where a sibling's sub-path names one that was missing is read
// at its watched-file event: the file each specifier names is looked for again, and
// the importing file tabled again, closed or open.
func TestDocumentSymbolsFindASiblingSourceAddedLater(t *testing.T) {
	for _, open := range []bool{false, true} {
		t.Run(map[bool]string{false: "importer closed", true: "importer open"}[open], func(t *testing.T) {
			testSiblingSourceAddedLater(t, open)
		})
	}
}

func testSiblingSourceAddedLater(t *testing.T, openImporter bool) {
	ss, root, outline := siblingSpecApp(t, `{"name": "shared"}`)
	if openImporter {
		importer := filepath.Join(root, "packages/api/src/getThing.ts")
		text, err := os.ReadFile(importer)
		if err != nil {
			t.Fatal(err)
		}
		ss.open(uri.File(importer), "typescript", string(text))
	}
	if got := outline(); slices.Contains(got, "GET /api/widgets/:id") {
		t.Fatalf("outline %q before the source exists", got)
	}
	writeAndNotify(ss, filepath.Join(root, "packages/shared/specs.ts"),
		"export const getThingValidator = { method: 'get' as const, path: '/widgets/:id' };\n", protocol.FileChangeTypeCreated)
	if got := waitForSymbol(outline, "GET /api/widgets/:id"); !slices.Contains(got, "GET /api/widgets/:id") {
		t.Fatalf("outline %q after the sibling's source was added", got)
	}
}

// A malformed pnpm-workspace.yaml is skipped with one line in the server's log that
// names it and says what it costs, however many requests read the workspace.
func TestMalformedWorkspaceDeclarationIsLoggedOnce(t *testing.T) {
	ss, root, outline := siblingSpecApp(t, `{"name": "shared", "exports": {"./specs": "./src/new.ts"}}`)
	decl := filepath.Join(root, "pnpm-workspace.yaml")
	writeAndNotify(ss, filepath.Join(root, "package.json"), `{"name": "root", "private": true}`, protocol.FileChangeTypeChanged)
	writeAndNotify(ss, decl, "packages: [unclosed\n", protocol.FileChangeTypeCreated)
	got := waitForOutline(outline, func(got []string) bool { return !slices.Contains(got, "GET /api/items/:id") })
	if slices.Contains(got, "GET /api/items/:id") {
		t.Fatalf("outline %q: the sibling is read though no workspace is declared", got)
	}
	outline()
	lines := 0
	for _, e := range ss.logs.FilterMessageSnippet("workspace packages it declares are not read").All() {
		if e.ContextMap()["file"] == decl {
			lines++
		}
	}
	if lines != 1 {
		t.Fatalf("%d log lines about %s, want one", lines, decl)
	}
}

// A sibling's file that another request is tabling (tableUntabled has taken it out of
// the untabled files and holds the tabling lock) is not missing to a request meanwhile:
// it waits for that tabling and reads the table it built. Without the wait the request
// read the sibling as having no table and the outline lost its routes until the next.
func TestSiblingFileBeingTabledIsWaitedFor(t *testing.T) {
	ss, root, outline := siblingSpecApp(t, `{"name": "shared", "exports": {"./specs": "./src/old.ts"}}`)
	const want = "GET /api/things/:id"
	if got := waitForSymbol(outline, want); !slices.Contains(got, want) {
		t.Fatalf("outline %q before the tabling", got)
	}
	spec := filepath.Join(root, "packages/shared/src/old.ts")
	ss.s.forgetRoutes(spec)
	ss.s.idx.tabling.Lock() // another request's tabling, which has taken spec out of untabled
	type answer struct {
		has bool
		t   resolve.FileRoutes
		ok  bool
	}
	answered := make(chan answer)
	go func() {
		has := ss.s.hasTable(spec)
		tbl, ok := ss.s.closedTable(ss.ctx(), spec)
		answered <- answer{has, tbl, ok}
	}()
	time.Sleep(50 * time.Millisecond) // the request asks while the tabling goes on
	if !ss.s.tableClosedFile(ss.ctx(), spec) {
		t.Fatal("the spec was not tabled")
	}
	ss.s.idx.tabling.Unlock()
	got := <-answered
	if !got.has || !got.ok || got.t.File != spec {
		t.Errorf("while the spec was being tabled: has %v, table of %q (%v)", got.has, got.t.File, got.ok)
	}
	if names := outline(); !slices.Contains(names, want) {
		t.Errorf("outline %q after the tabling", names)
	}
}
