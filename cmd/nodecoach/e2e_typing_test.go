package main

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// typingModule is a module without Express, so that its edits are checked one
// statement at a time.
const typingModule = `const bcrypt = require('bcrypt');
const crypto = require('crypto');

function hash(pw) {
  return bcrypt.hashSync(pw, 10);
}

module.exports.seal = function seal(key, data) {
  const out = [];
  out.push(data);
  return out;
};
`

// Typing a statement into a function body, keystroke by keystroke through the real
// binary, ends with the diagnostics the same text gets when it is opened afresh.
func TestTypingEndsWhereOpeningAfreshStarts(t *testing.T) {
	s := startSession(t)
	s.initialize(markdownClient())
	ctx := context.Background()
	typed, fresh := uri.File("/typing/typed.js"), uri.File("/typing/fresh.js")
	s.open(typed, typingModule)
	s.waitFor(typed, 1)
	const word = "crypto.createCipher('aes-256-cbc', key); "
	pos := protocol.Position{Line: 8, Character: 2}
	for i := range len(word) {
		if err := s.server.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
			TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: typed}, Version: int32(2 + i)},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{
				Range: protocol.Range{Start: pos, End: pos}, Text: word[i : i+1]}},
		}); err != nil {
			t.Fatal(err)
		}
		pos.Character++
	}
	got := s.waitFor(typed, int32(1+len(word)))
	s.open(fresh, strings.Replace(typingModule, "  const out = [];", "  "+word+"const out = [];", 1))
	want := s.waitFor(fresh, 1)
	if len(want.Diagnostics) < 2 || !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
		t.Fatalf("after typing:\n%+v\nopened afresh:\n%+v", got.Diagnostics, want.Diagnostics)
	}
	codes := map[string]bool{}
	for _, d := range got.Diagnostics {
		code, _ := d.Code.(protocol.String)
		codes[string(code)] = true
	}
	if !codes["crypto-create-cipher-removed"] || !codes["bcrypt-sync"] {
		t.Errorf("want the typed createCipher and the existing hashSync flagged, got %v", codes)
	}
	s.exit(true)
}

// waitFor returns the first publishDiagnostics of version for doc.
func (s *session) waitFor(doc uri.URI, version int32) *protocol.PublishDiagnosticsParams {
	s.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case p := <-s.client.diags:
			if v, ok := p.Version.Get(); ok && v == version && p.URI == doc {
				return p
			}
		case <-deadline:
			s.t.Fatalf("no diagnostics for version %d of %s", version, doc)
		}
	}
}
