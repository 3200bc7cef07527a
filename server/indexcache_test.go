package server

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/project"
)

// cacheTree is a package whose findings cross files (handlers registered bare in
// another file, an app whose X-Powered-By another file may turn off) besides plain
// per-file findings.
func cacheTree() map[string]string {
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2","cors":"^2.8.5"}}`,
		"src/app.js":   "const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors());\napp.use('/api', require('./routes'));\napp.listen(3000);\n",
		"src/plain.js": vulnerableApp,
	}
	var routes strings.Builder
	routes.WriteString("const express = require('express');\nconst router = express.Router();\n")
	for c := range 3 {
		files[fmt.Sprintf("src/controllers/c%d.js", c)] = fmt.Sprintf("exports.list = async (req, res) => {\n  res.json(await req.db.query('select %d'));\n};\n", c)
		fmt.Fprintf(&routes, "router.get('/c%d', require('./controllers/c%d').list);\n", c, c)
	}
	routes.WriteString("module.exports = router;\n")
	files["src/routes.js"] = routes.String()
	return files
}

// initializeWith initializes a pulling client with root as the workspace folder and
// initializationOptions opts, and returns once the index is built.
func (ss *session) initializeWith(root, opts string) {
	ss.t.Helper()
	params := &protocol.InitializeParams{}
	folders := fmt.Sprintf(`{"workspaceFolders": [{"uri": %q, "name": "ws"}]}`, uri.File(root))
	if err := protocol.Unmarshal([]byte(folders), &params.WorkspaceFoldersInitializeParams); err != nil {
		ss.t.Fatal(err)
	}
	params.InitializationOptions = []byte(opts)
	params.Capabilities.TextDocument = &protocol.TextDocumentClientCapabilities{Diagnostic: &protocol.DiagnosticClientCapabilities{}}
	if _, err := ss.server.Initialize(ss.ctx(), params); err != nil {
		ss.t.Fatal(err)
	}
	if err := ss.server.Initialized(ss.ctx(), &protocol.InitializedParams{}); err != nil {
		ss.t.Fatal(err)
	}
	eventually(ss.t, "the index", func() bool { return ss.logged("workspace indexed") > 0 && ss.s.indexIdle() })
}

// indexedInFull is the index as the client pulls it, every diagnostic with its range
// and message, files in order.
func (ss *session) indexedInFull(root string) string {
	ss.t.Helper()
	report, err := ss.server.DiagnosticWorkspace(ss.ctx(), &protocol.WorkspaceDiagnosticParams{})
	if err != nil {
		ss.t.Fatal(err)
	}
	var lines []string
	for _, item := range report.Items {
		full := item.(*protocol.WorkspaceFullDocumentDiagnosticReport)
		rel, _ := filepath.Rel(root, full.URI.FsPath())
		for _, d := range full.Items {
			code, _ := d.Code.(protocol.String)
			lines = append(lines, fmt.Sprintf("%s %v %s %v", filepath.ToSlash(rel), d.Range, code, d.Message))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// indexOnce runs one session's index of root and returns it with how many files the
// index parsed.
func indexOnce(t *testing.T, root, opts string) (string, int64) {
	ss := newSession(t)
	before := project.Parses.Load()
	ss.initializeWith(root, opts)
	return ss.indexedInFull(root), project.Parses.Load() - before
}

// TestIndexWarmCacheEqualsCold: a second session on the same workspace takes every
// result from the persistent cache, parses nothing and shows the same diagnostics; an
// edited file alone is parsed again; nodecoach.cache false parses everything.
func TestIndexWarmCacheEqualsCold(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, cacheTree())
	cold, coldParses := indexOnce(t, root, `{}`)
	for _, must := range []string{"src/controllers/c1.js", "x-powered-by-enabled", "no-sync-fs-in-handler"} {
		if !strings.Contains(cold, must) {
			t.Fatalf("the cold index lacks %q:\n%s", must, cold)
		}
	}
	if coldParses < 6 {
		t.Fatalf("the cold index parsed %d files, want every file", coldParses)
	}
	warm, warmParses := indexOnce(t, root, `{}`)
	if warm != cold {
		t.Errorf("warm index differs from cold\nwarm:\n%s\ncold:\n%s", warm, cold)
	}
	if warmParses != 0 {
		t.Errorf("the warm index parsed %d files, want none", warmParses)
	}

	// An edit that moves no fact: that file alone is parsed again.
	plain := filepath.Join(root, "src/plain.js")
	if err := os.WriteFile(plain, []byte(vulnerableApp+"// edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	edited, editedParses := indexOnce(t, root, `{}`)
	if edited != cold || editedParses != 1 {
		t.Errorf("after an edit of one file: %d parses (want 1), index equal to before: %v\n%s", editedParses, edited == cold, edited)
	}

	// Turned off, the cache is neither read nor written.
	off, offParses := indexOnce(t, root, `{"nodecoach": {"cache": false}}`)
	if off != cold || offParses != coldParses {
		t.Errorf("with the cache off: %d parses (want %d), index equal: %v", offParses, coldParses, off == cold)
	}
}

// TestIndexCacheOffWritesNothing: with nodecoach.cache false no cache file appears in
// the user's cache directory.
func TestIndexCacheOffWritesNothing(t *testing.T) {
	cacheHome := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cacheHome)
	root := t.TempDir()
	writeFiles(t, root, cacheTree())
	indexOnce(t, root, `{"cache": false}`)
	entries, _ := os.ReadDir(filepath.Join(cacheHome, "nodecoach"))
	if len(entries) != 0 {
		t.Errorf("the cache directory holds %d entries with the cache off", len(entries))
	}
	indexOnce(t, root, `{}`)
	found, _ := filepath.Glob(filepath.Join(cacheHome, "nodecoach", "*", project.DefaultCacheName))
	if len(found) != 1 {
		t.Errorf("with the cache on, cache files %v, want one", found)
	}
}

// TestIndexProgressEndsBeforeItsCacheIsWritten: the index's progress ends once every
// file is judged, before its cache is written; the cache is still written, whole, and
// the next session takes every result from it.
func TestIndexProgressEndsBeforeItsCacheIsWritten(t *testing.T) {
	cacheHome := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cacheHome)
	root := t.TempDir()
	writeFiles(t, root, cacheTree())
	cacheFiles := func() []string {
		found, _ := filepath.Glob(filepath.Join(cacheHome, "nodecoach", "*", project.DefaultCacheName))
		return found
	}

	s := New(Options{Name: "nodecoach", Version: "test"})
	var c *wireClient
	var endedFirst, writtenFirst atomic.Bool
	saved := make(chan struct{})
	s.idx.saving = func() { // in the index's goroutine, before the write
		deadline := time.Now().Add(10 * time.Second)
		for count(c.kinds(), "end") == 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		endedFirst.Store(count(c.kinds(), "end") == 1)
		writtenFirst.Store(len(cacheFiles()) > 0)
		close(saved)
	}
	r := startRaw(s)
	defer endRaw(t, r)
	c = newWireClient(t, r)
	c.call("init", "initialize", fmt.Sprintf(`{"capabilities":{"window":{"workDoneProgress":true},"textDocument":{"diagnostic":{}}},"workspaceFolders":[{"uri":%q,"name":"ws"}]}`, uri.File(root)))
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	<-saved
	eventually(t, "the cache written", func() bool { return s.indexIdle() && len(cacheFiles()) == 1 })
	if !endedFirst.Load() {
		t.Errorf("the progress had not ended when the cache was about to be written: %q", c.kinds())
	}
	if writtenFirst.Load() {
		t.Error("the cache was written before the progress ended")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(cacheFiles()[0]), "*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left beside the cache: %v", leftovers)
	}

	warm, parses := indexOnce(t, root, `{}`)
	if parses != 0 {
		t.Errorf("the next session parsed %d files, want none: the cache was not read back", parses)
	}
	if !strings.Contains(warm, "no-sync-fs-in-handler") {
		t.Errorf("the next session's index lacks the findings:\n%s", warm)
	}
}

// TestIndexCacheWrittenWhenShutdownFollowsTheProgress: a client that shuts the server
// down as soon as the index's progress ends (a benchmark, an editor closed at once)
// still gets the cache written before shutdown answers, and the next session reads it.
func TestIndexCacheWrittenWhenShutdownFollowsTheProgress(t *testing.T) {
	cacheHome := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cacheHome)
	root := t.TempDir()
	writeFiles(t, root, cacheTree())
	s := New(Options{Name: "nodecoach", Version: "test"})
	// The write starts after the shutdown request is on its way: without the wait,
	// shutdown would answer before the cache exists.
	s.idx.saving = func() { time.Sleep(300 * time.Millisecond) }
	r := startRaw(s)
	defer endRaw(t, r)
	c := newWireClient(t, r)
	c.call("init", "initialize", fmt.Sprintf(`{"capabilities":{"window":{"workDoneProgress":true},"textDocument":{"diagnostic":{}}},"workspaceFolders":[{"uri":%q,"name":"ws"}]}`, uri.File(root)))
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	eventually(t, "the progress's end", func() bool { return count(c.kinds(), "end") == 1 })
	c.call("sd", "shutdown", "null")
	found, _ := filepath.Glob(filepath.Join(cacheHome, "nodecoach", "*", project.DefaultCacheName))
	if len(found) != 1 {
		t.Fatalf("cache files when shutdown answered: %v, want one", found)
	}
	if _, parses := indexOnce(t, root, `{}`); parses != 0 {
		t.Errorf("the next session parsed %d files, want none", parses)
	}
}
