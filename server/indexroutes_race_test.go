package server

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// controllersTree is a package whose app mounts a router at /api; the router registers
// one handler from each of n controllers, files no rule reads (their tables are built
// on demand, several at once).
func controllersTree(n int) (map[string]string, []string) {
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
		"src/app.js":   "const express = require('express');\nconst app = express();\napp.use('/api', require('./routes'));\napp.listen(3000);\n",
	}
	routes := "const express = require('express');\nconst router = express.Router();\n"
	var want []string
	for i := range n {
		routes += fmt.Sprintf("router.get('/c%d', require('./controllers/c%d').list);\n", i, i)
		files[fmt.Sprintf("src/controllers/c%d.js", i)] = "function list(a, b) {\n  return b;\n}\nmodule.exports = { list };\n"
		want = append(want, fmt.Sprintf("GET /api/c%d", i))
	}
	files["src/routes.js"] = routes + "module.exports = router;\n"
	slices.Sort(want)
	return files, want
}

// Route requests (workspace symbols, an outline, a hover on a handler) from several
// goroutines, while file events judge the router and controllers again and a
// package.json event walks the workspace again: the tables built on demand, the index's
// records and the open document's snapshot are shared by all of them. Run with -race, a
// table, record or snapshot written while another reads it fails. Once the events stop,
// every route is there, once.
func TestRouteRequestsDuringFileEventsAndReindex(t *testing.T) {
	root := t.TempDir()
	files, want := controllersTree(6)
	writeFiles(t, root, files)
	ss := newSession(t)
	ss.initializeFolder(root, false)
	handler := uri.File(filepath.Join(root, "src", "controllers", "c0.js"))
	ss.open(handler, "javascript", files["src/controllers/c0.js"])
	symbols := func() []string {
		result, err := ss.server.Symbols(ss.ctx(), &protocol.WorkspaceSymbolParams{Query: "/api/"})
		if err != nil {
			t.Errorf("workspace symbols: %v", err)
			return nil
		}
		var got []string
		for _, s := range result.(protocol.SymbolInformationSlice) {
			got = append(got, s.Name)
		}
		slices.Sort(got)
		return got
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				symbols()
				if _, err := ss.server.DocumentSymbol(ss.ctx(), &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: handler}}); err != nil {
					t.Errorf("outline: %v", err)
				}
				ss.hover(handler, 0, 10)
			}
		}()
	}
	var events []protocol.FileEvent
	for name := range files {
		if strings.HasPrefix(name, "src/") {
			events = append(events, protocol.FileEvent{URI: uri.File(filepath.Join(root, filepath.FromSlash(name))), Type: protocol.FileChangeTypeChanged})
		}
	}
	pkg := protocol.FileEvent{URI: uri.File(filepath.Join(root, "package.json")), Type: protocol.FileChangeTypeChanged}
	for round := range 12 {
		batch := events
		if round%4 == 3 {
			batch = append(slices.Clone(events), pkg) // a whole walk again, beside the judged files
		}
		if err := ss.server.DidChangeWatchedFiles(ss.ctx(), &protocol.DidChangeWatchedFilesParams{Changes: batch}); err != nil {
			t.Fatal(err)
		}
		symbols() // the package's tables built while the events are judged
	}
	close(stop)
	wg.Wait()

	eventually(t, "the index idle with every route", func() bool {
		return ss.s.indexIdle() && slices.Equal(symbols(), want)
	})
	if text := hoverText(ss.hover(handler, 0, 10)); !strings.Contains(text, "GET /api/c0") {
		t.Errorf("hover on the open handler after the events:\n%s\nwant GET /api/c0", text)
	}
}
