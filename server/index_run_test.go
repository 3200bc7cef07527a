package server

import (
	"fmt"
	"sync/atomic"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestIndexRequestDuringAWalkLeavesOneRunning: a second index request while a walk
// runs cancels that walk and waits for it to stop before the next begins, so that two
// walks never overlap (they once reset each other's indexing flag). Counted from the
// progress on the wire: every begin has exactly one end, and no two walks are open at
// once.
func TestIndexRequestDuringAWalkLeavesOneRunning(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`}
	for i := range 5 {
		files[fmt.Sprintf("src/f%d.js", i)] = vulnerableApp
	}
	writeFiles(t, root, files)

	s := New(Options{Name: "nodecoach", Version: "test"})
	s.idx.cacheOff.Store(true)
	inFirst, release := make(chan struct{}), make(chan struct{})
	var walks, active, most atomic.Int32
	s.idx.walked = func([]string) {
		n := active.Add(1)
		if n > most.Load() {
			most.Store(n)
		}
		if walks.Add(1) == 1 {
			close(inFirst)
			<-release
		}
		active.Add(-1)
	}
	r := startRaw(s)
	defer endRaw(t, r)
	c := newWireClient(t, r)
	c.call("init", "initialize", fmt.Sprintf(`{"capabilities":{"window":{"workDoneProgress":true},"textDocument":{"diagnostic":{}}},"workspaceFolders":[{"uri":%q,"name":"ws"}]}`, uri.File(root)))
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	<-inFirst
	s.indexWorkspace() // the second request, while the first walk is between its walk and its reads
	s.indexWorkspace() // and a third: they coalesce into one more walk
	close(release)
	eventually(t, "the index", func() bool {
		kinds := c.kinds()
		return s.indexIdle() && count(kinds, "begin") > 0 && count(kinds, "begin") == count(kinds, "end")
	})
	kinds := c.kinds()
	open, overlap := 0, 0
	for _, k := range kinds {
		switch k {
		case "begin":
			open++
		case "end":
			open--
		}
		overlap = max(overlap, open)
	}
	if overlap != 1 {
		t.Errorf("%d walks were open at once (progress %q), want 1", overlap, kinds)
	}
	if got := walks.Load(); got != 2 {
		t.Errorf("%d walks, want the cancelled first and one more", got)
	}
	if m := most.Load(); m != 1 {
		t.Errorf("%d walks listed files at the same time", m)
	}
	if len(workspaceReport(t, c.call("ws", "workspace/diagnostic", `{"previousResultIds":[]}`))) != 5 {
		t.Errorf("the last walk did not index the 5 files")
	}
}

// TestShutdownCancelsTheIndex: shutdown stops a walk at once, before its reads, and
// no walk asked for meanwhile starts after it.
func TestShutdownCancelsTheIndex(t *testing.T) {
	root := t.TempDir()
	// A file judged once (no route, so no second pass): a walk that reads it records it.
	writeFiles(t, root, map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
		"a.js": "const crypto = require('crypto');\ncrypto.createCipher('aes192', 'k');\n"})
	ss := newSession(t)
	ss.s.idx.cacheOff.Store(true)
	inWalk, release := make(chan struct{}), make(chan struct{})
	var walks atomic.Int32
	ss.s.idx.walked = func([]string) {
		if walks.Add(1) == 1 {
			close(inWalk)
			<-release
		}
	}
	params := &protocol.InitializeParams{}
	folders := fmt.Sprintf(`{"workspaceFolders": [{"uri": %q, "name": "ws"}]}`, uri.File(root))
	if err := protocol.Unmarshal([]byte(folders), &params.WorkspaceFoldersInitializeParams); err != nil {
		t.Fatal(err)
	}
	if _, err := ss.server.Initialize(ss.ctx(), params); err != nil {
		t.Fatal(err)
	}
	if err := ss.server.Initialized(ss.ctx(), &protocol.InitializedParams{}); err != nil {
		t.Fatal(err)
	}
	<-inWalk
	ss.s.indexWorkspace()
	if err := ss.server.Shutdown(ss.ctx()); err != nil {
		t.Fatal(err)
	}
	close(release)
	eventually(t, "the index to stop", func() bool { return ss.s.indexIdle() })
	if ss.logged("workspace indexed") != 0 || ss.logged("workspace indexing stopped") != 1 {
		t.Errorf("the walk was not stopped by shutdown: %d indexed, %d stopped", ss.logged("workspace indexed"), ss.logged("workspace indexing stopped"))
	}
	if got := walks.Load(); got != 1 {
		t.Errorf("%d walks, want the one shutdown stopped", got)
	}
	// Asked of the server itself: after shutdown the session refuses requests.
	if report, _ := ss.s.DiagnosticWorkspace(ss.ctx(), &protocol.WorkspaceDiagnosticParams{}); len(report.Items) != 0 {
		t.Errorf("the walk read %d files after shutdown", len(report.Items))
	}
}
