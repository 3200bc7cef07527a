package server

import (
	"context"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// holdDocument stands for a long analysis of doc: it holds what an analysis holds,
// the document's analysis slot, until the returned function is called.
func holdDocument(t *testing.T, ss *session, doc uri.URI) (release func()) {
	t.Helper()
	d := ss.s.doc(string(doc))
	if d == nil {
		t.Fatalf("%s is not open", doc)
	}
	if !d.acquire(context.Background()) {
		t.Fatalf("%s: no analysis slot", doc)
	}
	return d.release
}

// answeredWithin fails unless call returns within a few seconds, while the test still
// holds a document busy.
func answeredWithin(t *testing.T, what string, call func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s was not answered while another document's analysis ran: the read loop waited for it", what)
	}
}

// The read loop never waits for an analysis: closing or reopening a document whose
// analysis is running, then shutdown and exit, are handled at once, and a hover on
// another document meanwhile is answered. (A hover waited 9.9 s behind a didClose,
// and shutdown/exit about 8 s, when closing waited for the analysis to end.)
func TestCloseReopenAndShutdownDoNotWaitForAnalysis(t *testing.T) {
	ss := newSession(t)
	ss.initialize(true, false)
	busy, other := uri.URI("untitled:busy.js"), uri.URI("untitled:other.js")
	ss.open(busy, "javascript", handlerApp("\n", ""))
	ss.open(other, "javascript", handlerApp("\n", ""))
	ss.pull(busy)
	ss.pull(other)

	release := holdDocument(t, ss, busy)
	defer release()
	answeredWithin(t, "a reopen of the busy document, then a hover elsewhere", func() error {
		ss.open(busy, "javascript", handlerApp("\n", "// reopened\n"))
		_, err := ss.server.Hover(ss.ctx(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: other}, Position: protocol.Position{Line: 3, Character: 12}}})
		return err
	})
	release2 := holdDocument(t, ss, busy) // the reopened document, busy again
	defer release2()
	answeredWithin(t, "didClose of the busy document, then a hover elsewhere", func() error {
		if err := ss.server.DidClose(ss.ctx(), &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: busy}}); err != nil {
			return err
		}
		h, err := ss.server.Hover(ss.ctx(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: other}, Position: protocol.Position{Line: 3, Character: 12}}})
		if err == nil && hoverText(h) == "" {
			t.Error("the hover on the other document is empty")
		}
		return err
	})
	ss.open(busy, "javascript", handlerApp("\n", ""))
	ss.pull(busy)
	release3 := holdDocument(t, ss, busy)
	defer release3()
	answeredWithin(t, "shutdown while an analysis runs", func() error { return ss.server.Shutdown(ss.ctx()) })
	answeredWithin(t, "exit after shutdown", func() error { return ss.server.Exit(context.Background()) })
	select {
	case code := <-ss.raw.done:
		ss.raw.done <- code
		if code != 0 {
			t.Errorf("exit code %d after shutdown, want 0", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not end after exit while an analysis ran")
	}
}
