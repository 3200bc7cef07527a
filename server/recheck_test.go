package server

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/source"
)

// typedModule is a CommonJS module whose top-level statements are expression
// statements (the shape of most library code), with findings of local rules in them.
const typedModule = `'use strict';
const bcrypt = require('bcrypt');
const crypto = require('crypto');
const pool = require('./db');

module.exports.hash = function hash(pw) {
  return bcrypt.hashSync(pw, 10);
};

module.exports.find = async function find(id) {
  return pool.query(` + "`SELECT * FROM users WHERE id = ${id}`" + `);
};

// nodecoach-disable-next-line insecure-random-token
module.exports.token = function token() { return Math.random().toString(36); };

exports.cipher = function (key) {
  return crypto.createCipher('aes-256-cbc', key);
};

exports.timing = (a, b) => a === crypto.createHmac('sha256', 'k').update(b).digest('hex');
`

// moduleServer is a server for a pull client: nothing is published, no client needed.
func moduleServer() *Server {
	s := New(Options{Name: "nodecoach", Version: "test"})
	s.encoding, s.pullDiags, s.markdownHover = source.UTF16, true, true
	return s
}

// openModule opens text as the JavaScript document doc, closed when the test ends.
func openModule(t *testing.T, s *Server, doc uri.URI, text string) *document {
	t.Helper()
	ctx := context.Background()
	if err := s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: doc, LanguageID: "javascript", Version: 1, Text: text}}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
	})
	return s.doc(string(doc))
}

// editModule sends one change of doc, making it version.
func editModule(t *testing.T, s *Server, doc uri.URI, version int32, c *protocol.TextDocumentContentChangePartial) {
	t.Helper()
	if err := s.DidChange(context.Background(), &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: doc}, Version: version},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{c},
	}); err != nil {
		t.Fatal(err)
	}
}

// insertion is a change that inserts text at pos.
func insertion(pos protocol.Position, text string) *protocol.TextDocumentContentChangePartial {
	return &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: pos, End: pos}, Text: text}
}

// Typing into a module, one character per didChange, gives after every keystroke the
// findings a whole check of the text gives, while most keystrokes are analysed one
// statement at a time.
func TestTypingAgreesWithWholeChecks(t *testing.T) {
	s := moduleServer()
	ctx := context.Background()
	doc := uri.URI("untitled:typed.js")
	d := openModule(t, s, doc, typedModule)
	version := int32(1)
	change := func(c *protocol.TextDocumentContentChangePartial) {
		version++
		editModule(t, s, doc, version, c)
	}
	lines := strings.Split(typedModule, "\n")
	var incremental, keystrokes int
	// Into each line in turn: type a statement that adds a finding of its own, check
	// after every character, then delete it character by character.
	typed := " crypto.createCipher(x, k); "
	for line, text := range lines {
		at := uint32(len(text) / 2)
		for i := range 2 * len(typed) {
			if i < len(typed) {
				change(insertion(protocol.Position{Line: uint32(line), Character: at + uint32(i)}, typed[i:i+1]))
			} else {
				end := protocol.Position{Line: uint32(line), Character: at + uint32(2*len(typed)-i)}
				start := protocol.Position{Line: uint32(line), Character: end.Character - 1}
				change(&protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: start, End: end}})
			}
			sn := s.analyze(ctx, d)
			sameAsWholeCheck(t, s, d, sn)
			if sn.result.Incremental() {
				incremental++
			}
			sn.release()
			keystrokes++
		}
	}
	if d.text == nil || string(d.text) != typedModule {
		t.Fatalf("the text did not come back to the original:\n%s", d.text)
	}
	// Lines inside the functions' bodies are followed one statement at a time; lines
	// of imports, the directive and blank lines between statements are not.
	if incremental < keystrokes/3 {
		t.Errorf("only %d of %d keystrokes were analysed one statement at a time", incremental, keystrokes)
	}
	t.Logf("%d of %d keystrokes analysed one statement at a time", incremental, keystrokes)
}

// Once typing stops, the document is checked whole again, to the same findings: the
// next edit then builds on a fresh whole check, wherever it is.
func TestIdleDocumentIsCheckedWholeAgain(t *testing.T) {
	s := moduleServer()
	doc := uri.URI("untitled:settle.js")
	d := openModule(t, s, doc, typedModule)
	snapshot := func() (version int32, incremental bool, findings int) {
		d.mu.Lock()
		sn := d.snap
		if sn == nil || !sn.acquire() {
			d.mu.Unlock()
			return 0, false, 0
		}
		d.mu.Unlock()
		defer sn.release()
		return sn.version, sn.result.Incremental(), len(sn.result.Findings)
	}
	eventually(t, "the first analysis", func() bool { v, _, _ := snapshot(); return v == 1 })
	_, _, before := snapshot()
	// Inside hash()'s body: one statement is checked again, and it adds a finding.
	editModule(t, s, doc, 2, insertion(protocol.Position{Line: 6, Character: 2}, "bcrypt.compareSync(pw, h); "))
	eventually(t, "the edit analysed one statement at a time", func() bool { v, inc, _ := snapshot(); return v == 2 && inc })
	eventually(t, "a whole check once idle", func() bool { v, inc, _ := snapshot(); return v == 2 && !inc })
	d.mu.Lock()
	sn := d.snap
	sn.acquire()
	d.mu.Unlock()
	sameAsWholeCheck(t, s, d, sn)
	sn.release()
	if _, _, after := snapshot(); after != before+1 {
		t.Errorf("the edit made %d findings from %d, want one more", after, before)
	}
}

// After edits checked one statement at a time, hovers anywhere in the file, and the
// code lens of its topics, are those of the same text opened afresh: the resolver of
// one statement answers for the rest of the file through the last whole check.
func TestHoverAndTopicsAfterAnEditMatchAFreshDocument(t *testing.T) {
	s := moduleServer()
	ctx := context.Background()
	edited, fresh := uri.URI("untitled:edited.js"), uri.URI("untitled:fresh.js")
	d := openModule(t, s, edited, typedModule)
	s.analyze(ctx, d).release() // version 1 is checked whole
	// Two keystrokes in hash()'s body, the second on top of the first.
	for i, text := range []string{"x", "y"} {
		editModule(t, s, edited, int32(2+i), insertion(protocol.Position{Line: 6, Character: uint32(2 + i)}, text))
		sn := s.analyze(ctx, d)
		incremental := sn.result.Incremental()
		sn.release()
		if !incremental {
			t.Fatalf("keystroke %d was not checked one statement at a time", i+1)
		}
	}
	d.mu.Lock()
	text := string(d.text)
	d.mu.Unlock()
	openModule(t, s, fresh, text)

	hovered := 0
	for line, content := range strings.Split(text, "\n") {
		for col := range len(content) {
			params := func(doc uri.URI) *protocol.HoverParams {
				return &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
					TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Position: protocol.Position{Line: uint32(line), Character: uint32(col)}}}
			}
			got, err := s.Hover(ctx, params(edited))
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.Hover(ctx, params(fresh))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("hover at %d:%d after the edits:\n%+v\nopened afresh:\n%+v", line, col, got, want)
			}
			if got != nil {
				hovered++
			}
		}
	}
	if hovered == 0 {
		t.Fatal("no position had a hover: the comparison proved nothing")
	}
	lenses := func(doc uri.URI) []protocol.CodeLens {
		l, err := s.CodeLens(ctx, &protocol.CodeLensParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	if got, want := lenses(edited), lenses(fresh); len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("code lens after the edits %+v, opened afresh %+v", got, want)
	}
}
