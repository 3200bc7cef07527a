package server

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/project"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// untabledFiles are the closed files whose route tables are still to be built, and
// how many tables the server holds.
func (ss *session) untabledFiles() (map[string]string, int) {
	ss.s.idx.mu.Lock()
	untabled := map[string]string{}
	for path, dir := range ss.s.idx.untabled {
		untabled[path] = dir
	}
	ss.s.idx.mu.Unlock()
	ss.s.routes.mu.Lock()
	defer ss.s.routes.mu.Unlock()
	return untabled, len(ss.s.routes.files)
}

// keptRoutes is the encoded route table the server keeps for a closed file.
func (ss *session) keptRoutes(path string) []byte {
	ss.s.routes.mu.Lock()
	defer ss.s.routes.mu.Unlock()
	return ss.s.routes.files[path].routes
}

// listApp is an app whose route is handled in a controller the index checks without
// parsing it.
var listApp = map[string]string{
	"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
	"src/app.js":   "const express = require('express');\nconst app = express();\napp.get('/list', require('./controllers/list').list);\napp.listen(3000);\n",
	// Mentions nothing any rule looks for: checked without parsing.
	"src/controllers/list.js": "function list(a, b) {\n  return b;\n}\nmodule.exports = { list };\n",
}

// The index builds no route table, not even of a file it parses: each checked file's
// is built when a request first needs its package's routes, and then places a route's
// handler in a file the index did not parse as well as in one it did.
func TestIndexTablesFilesWhenAsked(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, listApp)
	ss := newSession(t)
	before := project.Parses.Load()
	ss.initializeFolder(root, false)
	if project.Parses.Load() == before {
		t.Fatal("the index parsed no file: the app's registrations are not those of a parsed file")
	}
	app := filepath.Join(root, "src", "app.js")
	controller := filepath.Join(root, "src", "controllers", "list.js")
	untabled, tables := ss.untabledFiles()
	if tables != 0 || len(untabled) != 2 || untabled[app] != root || untabled[controller] != root {
		t.Fatalf("after the index: %d tables, to build: %v; want none, both files to build", tables, untabled)
	}
	var list []resolve.FullRoute
	for _, r := range resolve.JoinRoutes(ss.s.packageRoutes(ss.ctx(), root)[root]) {
		if r.FullPath == "/list" {
			list = append(list, r)
		}
	}
	if len(list) != 1 || list[0].File != app || list[0].HandlerFile != controller || list[0].Handler.At.Start != 0 {
		t.Fatalf("GET /list: %+v, want it registered in %s, its handler at the start of %s", list, app, controller)
	}
	if untabled, _ := ss.untabledFiles(); len(untabled) != 0 {
		t.Errorf("files still without a table after their package's routes were asked for: %v", untabled)
	}
}

// handlerTree is a package whose app (parsed by the index: it has findings) mounts a
// router at /api, and whose router's handler lives in a file no rule reads.
func handlerTree() map[string]string {
	return map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
		"src/app.js":   "const express = require('express');\nconst app = express();\napp.use('/api', require('./routes'));\napp.listen(3000);\n",
		"src/routes.js": "const express = require('express');\nconst router = express.Router();\n" +
			"router.get('/list', require('./controllers/list').list);\nmodule.exports = router;\n",
		"src/controllers/list.js": "function list(a, b) {\n  return b;\n}\nmodule.exports = { list };\n",
	}
}

// A hover on a handler after the index ends shows its route with the prefix of a mount
// in a parsed file, though the index built the table of neither.
func TestHoverOnAHandlerShowsTheMountOfAnIndexedFile(t *testing.T) {
	root := t.TempDir()
	files := handlerTree()
	writeFiles(t, root, files)
	ss := newSession(t)
	ss.initializeFolder(root, false)
	if got := ss.indexedInFull(root); !strings.Contains(got, "src/app.js") {
		t.Fatalf("app.js has no finding, so nothing shows the index parsed it:\n%s", got)
	}
	doc := uri.File(filepath.Join(root, "src", "controllers", "list.js"))
	ss.open(doc, "javascript", files["src/controllers/list.js"])
	text := hoverText(ss.hover(doc, 0, 10))
	if !strings.Contains(text, "GET /api/list") || !strings.Contains(text, filepath.Join("src", "routes.js")) {
		t.Errorf("hover on the handler:\n%s\nwant GET /api/list, registered in src/routes.js", text)
	}
}

// A file judged again after its table was built (a change on disk) has its table built
// again from its new text (by the index, or at the next request): its new route shows, its old one not.
func TestChangedFileIsTabledAgain(t *testing.T) {
	root := t.TempDir()
	files := handlerTree()
	writeFiles(t, root, files)
	ss := newSession(t)
	ss.initializeFolder(root, false)
	names := func() string {
		t.Helper()
		result, err := ss.server.Symbols(ss.ctx(), &protocol.WorkspaceSymbolParams{Query: "/api/"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range result.(protocol.SymbolInformationSlice) {
			got = append(got, s.Name)
		}
		return strings.Join(got, ", ")
	}
	if got := names(); got != "GET /api/list" {
		t.Fatalf("workspace symbols before the change: %q, want GET /api/list", got)
	}
	routes := filepath.Join(root, "src", "routes.js")
	kept := ss.keptRoutes(routes)
	if len(kept) == 0 {
		t.Fatal("the request kept no table for the router")
	}
	writeFiles(t, root, map[string]string{"src/routes.js": strings.Replace(files["src/routes.js"], "router.get('/list'", "router.post('/items'", 1)})
	if err := ss.server.DidChangeWatchedFiles(ss.ctx(), &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
		{URI: uri.File(routes), Type: protocol.FileChangeTypeChanged},
	}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the changed file judged again", func() bool {
		untabled, _ := ss.untabledFiles()
		return untabled[routes] != "" || !bytes.Equal(ss.keptRoutes(routes), kept)
	})
	if got := names(); got != "POST /api/items" {
		t.Errorf("workspace symbols after the change: %q, want POST /api/items", got)
	}
}

// A warm start parses nothing, and the first route request builds the tables from
// the files, as after a cold one: the router's route joins its mount in the app.
func TestWarmStartTablesAtTheFirstRequest(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, handlerTree())
	routes := filepath.Join(root, "src", "routes.js")
	if _, coldParses := indexOnce(t, root, `{}`); coldParses == 0 {
		t.Fatal("the cold index parsed nothing")
	}
	ss := newSession(t)
	before := project.Parses.Load()
	ss.initializeWith(root, `{}`)
	if n := project.Parses.Load() - before; n != 0 {
		t.Fatalf("the warm index parsed %d files, want none", n)
	}
	if ss.s.idx.lastCacheReads.Load() == 0 {
		t.Fatal("the warm index read nothing from the cache")
	}
	if untabled, tables := ss.untabledFiles(); tables != 0 || untabled[routes] != root {
		t.Fatalf("after the warm index: %d tables, to build: %v; want none, the router to build", tables, untabled)
	}
	var got []string
	for _, r := range resolve.JoinRoutes(ss.s.packageRoutes(ss.ctx(), root)[root]) {
		got = append(got, r.Method+" "+r.FullPath+" in "+filepath.Base(r.File))
	}
	if strings.Join(got, ", ") != "GET /api/list in routes.js" {
		t.Errorf("routes after the warm start: %v, want GET /api/list registered in routes.js", got)
	}
	if len(ss.keptRoutes(routes)) == 0 {
		t.Error("the request kept no table for the router")
	}
}

// A route request cancelled before its tables are built (a client cancels a symbol
// search as the user types on) leaves the files it did not table for the next
// request, which then finds the handler's route as if nothing had been cancelled.
func TestCancelledRequestLeavesFilesToTable(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, listApp)
	ss := newSession(t)
	ss.initializeFolder(root, false)
	controller := filepath.Join(root, "src", "controllers", "list.js")
	cancelled, cancel := context.WithCancel(ss.ctx())
	cancel()
	ss.s.tableUntabled(cancelled, root)
	if untabled, _ := ss.untabledFiles(); untabled[controller] != root {
		t.Fatalf("after a cancelled request, to build: %v; want the controller still to build", untabled)
	}
	var handlers []string
	for _, r := range resolve.JoinRoutes(ss.s.packageRoutes(ss.ctx(), root)[root]) {
		if r.FullPath == "/list" {
			handlers = append(handlers, r.HandlerFile)
		}
	}
	if len(handlers) != 1 || handlers[0] != controller {
		t.Errorf("GET /list handled in %v after the next request, want %s", handlers, controller)
	}
}
