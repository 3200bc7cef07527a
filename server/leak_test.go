package server

import (
	"fmt"
	"runtime"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Opening, editing, analysing and closing 1,000 documents leaves no tree-sitter tree
// or parser behind (they hold C memory the garbage collector does not see), no
// goroutine, and no growth of the Go heap beyond noise.
func TestThousandDocumentsFreeEverything(t *testing.T) {
	ss := newSession(t)
	ss.initialize(true, false)
	settle := func() {
		t.Helper()
		eventually(t, "no analysis running", func() bool {
			ss.s.mu.Lock()
			defer ss.s.mu.Unlock()
			for _, d := range ss.s.docs {
				d.mu.Lock()
				running := d.running
				d.mu.Unlock()
				if running {
					return false
				}
			}
			return true
		})
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	before, heapBefore, goroutines := syntax.Live(), heap(), runtime.NumGoroutine()
	langs := []struct{ id, ext string }{{"javascript", "js"}, {"typescript", "ts"}, {"typescriptreact", "tsx"}}
	const n = 1000
	for i := range n {
		l := langs[i%len(langs)]
		doc := uri.URI(fmt.Sprintf("untitled:leak-%d.%s", i, l.ext))
		ss.open(doc, l.id, handlerApp("\n", ""))
		ss.pull(doc)
		// An edit: the next analysis clones the tree and reparses incrementally.
		ss.change(doc, 2, &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: protocol.Position{Line: 3, Character: 2}, End: protocol.Position{Line: 3, Character: 2}}, Text: "res.status(200); "})
		ss.pull(doc)
		ss.hover(doc, 3, 30)
		if i%3 == 0 {
			// A module without Express: its edits are checked one statement at a
			// time, on top of a whole check whose tree the analyses share.
			module := uri.URI(fmt.Sprintf("untitled:module-%d.js", i))
			ss.open(module, "javascript", typedModule)
			ss.pull(module)
			for v := int32(2); v <= 4; v++ {
				ss.change(module, v, &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: protocol.Position{Line: 6, Character: 2}, End: protocol.Position{Line: 6, Character: 2}}, Text: "x"})
				ss.pull(module)
			}
			ss.hover(module, 6, 12)
			if err := ss.server.DidClose(ss.ctx(), &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: module}}); err != nil {
				t.Fatal(err)
			}
		}
		if i%2 == 0 {
			// Reopened while open: the old document is replaced and freed.
			ss.open(doc, l.id, handlerApp("\n", "// again\n"))
			ss.pull(doc)
		}
		if err := ss.server.DidClose(ss.ctx(), &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}}); err != nil {
			t.Fatal(err)
		}
		if i == n/2 {
			mid := syntax.Live()
			t.Logf("halfway: %+v", mid)
		}
	}
	ss.pull(uri.URI("untitled:none.js")) // all notifications handled
	settle()
	if len(ss.s.docs) != 0 {
		t.Fatalf("%d documents still open", len(ss.s.docs))
	}
	// A closed document's last analysis may still be ending, its tree not yet closed:
	// that is no leak, so the count is taken once every analysis goroutine is gone.
	eventually(t, "the goroutines of the analyses to end", func() bool { return runtime.NumGoroutine() <= goroutines })
	after := syntax.Live()
	t.Logf("tree-sitter objects before %+v, after %+v", before, after)
	if after.Trees != before.Trees {
		t.Errorf("%d trees alive after closing every document, %d before", after.Trees, before.Trees)
	}
	if after.Parsers != after.IdleParsers {
		t.Errorf("%d parsers alive, %d of them idle: the rest were never returned", after.Parsers, after.IdleParsers)
	}
	if after.Arenas != before.Arenas {
		t.Errorf("%d parse arenas held after closing every document, %d before", after.Arenas, before.Arenas)
	}
	if limit := int64(3 * 2 * runtime.GOMAXPROCS(0)); after.IdleParsers > limit {
		t.Errorf("%d idle parsers kept, want at most %d", after.IdleParsers, limit)
	}
	heapAfter := heap()
	t.Logf("Go heap in use: %d KB before, %d KB after", heapBefore>>10, heapAfter>>10)
	if heapAfter > heapBefore+32<<20 {
		t.Errorf("the Go heap grew by %d MB over 1,000 closed documents", (heapAfter-heapBefore)>>20)
	}
}
