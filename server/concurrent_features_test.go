package server

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestConcurrentFeaturesDuringEdits: hovers, code actions, code lenses and explain
// requests on one document, from several goroutines while it is edited, each hold the
// snapshot they read (see snapshot.acquire) and share its tree and resolver; run with
// -race, a write that a reader sees fails. Once the edits stop, every feature answers
// for the last version.
func TestConcurrentFeaturesDuringEdits(t *testing.T) {
	ss := newSession(t)
	ss.initialize(true, false)
	doc := uri.URI("untitled:busy.js")
	// Every version types in a comment of the same width before the handler's call, so
	// the finding stays where it is.
	text := func(v int32) string { return handlerApp("\n", fmt.Sprintf("/* edit %02d */ ", v)) }
	ss.open(doc, "javascript", text(1))
	ss.pull(doc)
	char := uint32(strings.Index(strings.Split(text(1), "\n")[3], "slurp") + 1)
	at := protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Position: protocol.Position{Line: 3, Character: char}}
	whole := protocol.Range{End: protocol.Position{Line: 6}}

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
				if _, err := ss.server.Hover(ss.ctx(), &protocol.HoverParams{TextDocumentPositionParams: at}); err != nil {
					t.Errorf("hover: %v", err)
				}
				if _, err := ss.server.CodeAction(ss.ctx(), &protocol.CodeActionParams{TextDocument: at.TextDocument, Range: whole}); err != nil {
					t.Errorf("code action: %v", err)
				}
				if _, err := ss.server.CodeLens(ss.ctx(), &protocol.CodeLensParams{TextDocument: at.TextDocument}); err != nil {
					t.Errorf("code lens: %v", err)
				}
				if got := ss.s.explainAt(ss.ctx(), string(doc), at.Position); got == nil {
					t.Errorf("explain at the finding gave nothing")
				}
			}
		}()
	}
	for v := int32(2); v < 60; v++ {
		ss.change(doc, v, &protocol.TextDocumentContentChangeWholeDocument{Text: text(v)})
		ss.pull(doc) // each version is analysed, and read by the requests while fresh
	}
	close(stop)
	wg.Wait()

	if h := ss.hover(doc, 3, char); !strings.Contains(hoverText(h), "no-sync-fs-in-handler") {
		t.Errorf("the last version's hover %q lacks the finding", hoverText(h))
	}
	actions, err := ss.server.CodeAction(ss.ctx(), &protocol.CodeActionParams{TextDocument: at.TextDocument, Range: whole})
	if err != nil || len(actions) < 2 {
		t.Errorf("the last version's code actions: %d, %v", len(actions), err)
	}
}
