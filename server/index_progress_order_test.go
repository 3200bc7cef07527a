package server

import (
	"fmt"
	"slices"
	"testing"

	"go.lsp.dev/uri"
)

// TestIndexProgressIsBeginReportsEnd: the index's work-done progress arrives on the wire
// as one begin, at least one report, and one end, in that order. The order is the
// server's to keep; a client may handle the notifications concurrently, so end-to-end
// tests over a library client can only count them.
func TestIndexProgressIsBeginReportsEnd(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`}
	for i := range 4 {
		files[fmt.Sprintf("src/f%d.js", i)] = vulnerableApp
	}
	writeFiles(t, root, files)

	s := New(Options{Name: "nodecoach", Version: "test"})
	s.idx.cacheOff.Store(true)
	r := startRaw(s)
	defer endRaw(t, r)
	c := newWireClient(t, r)
	c.call("init", "initialize", fmt.Sprintf(`{"capabilities":{"window":{"workDoneProgress":true},"textDocument":{"diagnostic":{}}},"workspaceFolders":[{"uri":%q,"name":"ws"}]}`, uri.File(root)))
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	eventually(t, "the index", func() bool {
		kinds := c.kinds()
		return s.indexIdle() && count(kinds, "end") > 0
	})
	kinds := c.kinds()
	if len(kinds) < 3 || kinds[0] != "begin" || kinds[len(kinds)-1] != "end" ||
		count(kinds, "begin") != 1 || count(kinds, "end") != 1 || !slices.Contains(kinds, "report") {
		t.Errorf("progress %q, want begin, report..., end", kinds)
	}
}
