package server

import (
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// initialize is accepted once: a second one is InvalidRequest, and the position
// encoding negotiated first stays, so the open documents' positions keep their meaning.
func TestSecondInitializeIsRefused(t *testing.T) {
	ss := newSession(t)
	ss.initialize(true, true) // UTF-8 positions
	params := &protocol.InitializeParams{}
	params.Capabilities.General = &protocol.GeneralClientCapabilities{PositionEncodings: []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF16}}
	if _, err := ss.server.Initialize(ss.ctx(), params); rpcCode(err) != -32600 {
		t.Fatalf("a second initialize: %v, want InvalidRequest (-32600)", err)
	}
	doc := uri.URI("untitled:enc.js")
	// "é" is two bytes and one UTF-16 unit: character 2 is right after it in UTF-8,
	// after the next "/" in UTF-16.
	ss.open(doc, "javascript", "é//\n")
	ss.change(doc, 2, &protocol.TextDocumentContentChangePartial{Range: protocol.Range{
		Start: protocol.Position{Line: 0, Character: 2}, End: protocol.Position{Line: 0, Character: 2}}, Text: "!"})
	ss.pull(doc) // every notification before it is handled
	if text, _ := ss.text(doc); text != "é!//\n" {
		t.Errorf("text %q after an edit in UTF-8 positions, want %q: the encoding changed", text, "é!//\n")
	}
}
