package server

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"testing"
	"time"
	"unicode/utf8"

	sitter "github.com/tree-sitter/go-tree-sitter"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The reference below is deliberately naive and shares no code with knowledge/source:
// it cuts the text into lines, each line into code points, and counts a position's
// character in the code points' UTF-16 units (or UTF-8 bytes), re-reading the whole
// text for every change.

// refLine is one line: its code points (an invalid byte stands alone, as editors
// show it as U+FFFD) and the line break after it ("" for the last line).
type refLine struct {
	points []string
	brk    string
}

func refLines(text string) []refLine {
	lines := []refLine{{}}
	for i := 0; i < len(text); {
		cur := &lines[len(lines)-1]
		switch {
		case text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n':
			cur.brk = "\r\n"
			i += 2
			lines = append(lines, refLine{})
		case text[i] == '\r' || text[i] == '\n':
			cur.brk = text[i : i+1]
			i++
			lines = append(lines, refLine{})
		default:
			_, size := utf8.DecodeRuneInString(text[i:])
			cur.points = append(cur.points, text[i:i+size])
			i += size
		}
	}
	return lines
}

// units is the width of one code point in the encoding.
func units(point string, enc source.Encoding) uint64 {
	if enc == source.UTF8 {
		return uint64(len(point))
	}
	if r, _ := utf8.DecodeRuneInString(point); r >= 0x10000 {
		return 2
	}
	return 1
}

// refOffset: a line past the end is the end of the text; a character past the end
// of its line is the line's end; a character inside a code point is its start.
func refOffset(text string, p protocol.Position, enc source.Encoding) int {
	lines := refLines(text)
	if uint64(p.Line) >= uint64(len(lines)) {
		return len(text)
	}
	off := 0
	for _, l := range lines[:p.Line] {
		for _, cp := range l.points {
			off += len(cp)
		}
		off += len(l.brk)
	}
	var col uint64
	for _, cp := range lines[p.Line].points {
		if col+units(cp, enc) > uint64(p.Character) {
			break
		}
		col += units(cp, enc)
		off += len(cp)
	}
	return off
}

// refChange applies one notification's changes in order, each to the text the
// previous one left; ok is false when one has its end before its start (the whole
// notification is then refused).
func refChange(text string, changes []protocol.TextDocumentContentChangeEvent, enc source.Encoding) (string, bool) {
	for _, c := range changes {
		switch c := c.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			text = c.Text
		case *protocol.TextDocumentContentChangePartial:
			s, e := c.Range.Start, c.Range.End
			if e.Line < s.Line || e.Line == s.Line && e.Character < s.Character {
				return "", false
			}
			a, b := refOffset(text, s, enc), refOffset(text, e, enc)
			text = text[:a] + c.Text + text[b:]
		}
	}
	return text, true
}

// decodeNotifications reads the fuzzer's script four bytes per change:
//
//	op    bits 0-1: 0-2 more changes in this notification; bit 2: a whole-document
//	      replacement; bit 3: analyse after it; bits 4-5: version step (0 stale by one,
//	      1 same version, 2-3 the next version); bits 6-7: which end-line rule
//	a, b  start line (a%6, 0xff = MaxUint32) and character (b%24, 0xff = MaxUint32)
//	c     bits 0-4: end character (%24, 31 = MaxUint32); bits 5-7: inserted length / 3
//
// The end line is the start line plus 0-2 or, with rule 3, an absolute line that
// usually inverts the range.
type fuzzNotification struct {
	changes []protocol.TextDocumentContentChangeEvent
	step    int32 // added to the version: <= 0 is stale
	analyse bool
}

func decodeNotifications(script, insert []byte) []fuzzNotification {
	num := func(b byte, mod uint32) uint32 {
		if b == 0xff {
			return math.MaxUint32
		}
		return uint32(b) % mod
	}
	var out []fuzzNotification
	for len(script) >= 4 && len(out) < 24 {
		op := script[0]
		n := fuzzNotification{step: []int32{-1, 0, 1, 1}[op>>4&3], analyse: op&8 != 0}
		for k := 0; k <= int(op&3) && len(script) >= 4; k++ {
			op, a, b, c := script[0], script[1], script[2], script[3]
			script = script[4:]
			size := min(int(c>>5)*3, len(insert))
			text := string(insert[:size])
			insert = insert[size:]
			if op&4 != 0 {
				n.changes = append(n.changes, &protocol.TextDocumentContentChangeWholeDocument{Text: text})
				continue
			}
			start := protocol.Position{Line: num(a, 6), Character: num(b, 24)}
			end := protocol.Position{Line: start.Line, Character: uint32(c&0x1f) % 24}
			if c&0x1f == 0x1f {
				end.Character = math.MaxUint32
			}
			switch rule := op >> 6; {
			case start.Line == math.MaxUint32:
			case rule == 3:
				end.Line = uint32(b) % 6
			default:
				end.Line += uint32(rule)
			}
			n.changes = append(n.changes, &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: start, End: end}, Text: text})
		}
		out = append(out, n)
	}
	return out
}

// FuzzDidChange sends random incremental edits through the server's DidChange and
// checks after each notification that the document's text is the reference's (and
// its version moved only for an accepted change), in UTF-16 and UTF-8. Analyses in
// between make the next edits reparse incrementally, and an incremental tree must be
// the tree a fresh parse gives whenever that one has no syntax error.
func FuzzDidChange(f *testing.F) {
	f.Add([]byte("const fs = require('fs');\napp.get('/', (req, res) => fs.readFileSync('a'));\n"),
		[]byte{0x28, 1, 3, 0x45, 0x20, 1, 0, 0x21, 0x2b, 0, 0, 0xff, 0x00, 1, 2, 0x42}, []byte("xyz😀\r\nabc\xf0\x9f"), false)
	f.Add([]byte("a😀b\r\nc\rd\n\xff\x00é"), []byte{0x29, 0, 2, 0x43, 0x20, 1, 1, 0x61, 0xe8, 0, 5, 0xe3, 0x10, 0, 0, 0}, []byte("\r\n日\x98\x80x"), true)
	f.Add([]byte("let x = [[[1]]];\n"), []byte{0x2c, 0, 0, 0x60, 0x28, 0, 9, 0x29, 0x2f, 0xff, 0xff, 0xff}, []byte("]]]] ) => { fs.statSync(x) }"), false)
	f.Add([]byte("ab\ncd"), []byte{0xe0, 1, 2, 0x20, 0x00, 0, 1, 0x20, 0x10, 0, 1, 0x20}, []byte("zz"), true) // inverted, stale, same version
	f.Add([]byte(""), []byte{0x2a, 0, 0, 0x20, 0, 0, 0, 0x20, 0, 0, 0, 0x20}, []byte("\n\r\n\r"), false)
	f.Fuzz(func(t *testing.T, text, script, insert []byte, useUTF8 bool) {
		defer watchdog(20 * time.Second)()
		enc := source.UTF16
		if useUTF8 {
			enc = source.UTF8
		}
		s := New(Options{Name: "nodecoach", Version: "fuzz"})
		s.encoding, s.pullDiags = enc, true // pull: nothing is published, no client needed
		ctx := context.Background()
		doc := uri.URI("untitled:fuzz.js")
		if err := s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: doc, LanguageID: "javascript", Version: 1, Text: string(text)}}); err != nil {
			t.Fatal(err)
		}
		defer s.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
		d := s.doc(string(doc))
		want, version := string(text), int32(1)
		for i, n := range decodeNotifications(script, insert) {
			sent := version + n.step
			if err := s.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
				TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: doc}, Version: sent},
				ContentChanges: n.changes,
			}); err != nil {
				t.Fatal(err)
			}
			if n.step > 0 {
				if next, ok := refChange(want, n.changes, enc); ok {
					want, version = next, sent
				}
			}
			d.mu.Lock()
			got, gotVersion := string(d.text), d.version
			d.mu.Unlock()
			if got != want || gotVersion != version {
				t.Fatalf("after notification %d (%s): text %q version %d, want %q version %d", i, describeChanges(n), got, gotVersion, want, version)
			}
			if n.analyse {
				checkIncremental(t, s, d)
			}
		}
		checkIncremental(t, s, d)
	})
}

func describeChanges(n fuzzNotification) string {
	out := ""
	for _, c := range n.changes {
		switch c := c.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			out += fmt.Sprintf("[whole %q]", c.Text)
		case *protocol.TextDocumentContentChangePartial:
			r := c.Range
			out += fmt.Sprintf("[%d:%d-%d:%d %q]", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character, c.Text)
		}
	}
	return out
}

// checkIncremental analyses the document (reparsing from the previous tree with the
// edits made since) and compares the tree with a fresh parse of the same text.
func checkIncremental(t *testing.T, s *Server, d *document) {
	t.Helper()
	sn := s.analyze(context.Background(), d)
	if sn == nil {
		t.Fatal("no analysis of an open document")
	}
	defer sn.release()
	if sn.file == nil || sn.file.Tree == nil {
		return
	}
	fresh, _, err := analysis.Check(context.Background(), d.path, d.lang, sn.file.Src, nil, nil, nil, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer syntax.Close(fresh.Tree)
	if fresh.Tree.RootNode().HasError() {
		return // error recovery may differ between an incremental and a fresh parse
	}
	if diff := treeDiff(sn.file.Tree.RootNode(), fresh.Tree.RootNode()); diff != "" {
		t.Fatalf("incremental parse of %q differs from a fresh one: %s", sn.file.Src, diff)
	}
	sameAsWholeCheck(t, s, d, sn)
}

// sameAsWholeCheck checks that the snapshot's findings, however they were reached
// (the whole file, or the one edited statement), are those of a whole check.
func sameAsWholeCheck(t *testing.T, s *Server, d *document, sn *snapshot) {
	t.Helper()
	whole, want, err := analysis.Check(context.Background(), d.path, d.lang, sn.file.Src, nil, s.packageFor(d), s.rules, s.optionsFor(d))
	if err != nil {
		t.Fatal(err)
	}
	defer syntax.Close(whole.Tree)
	if !reflect.DeepEqual(sn.result.Findings, want.Findings) {
		t.Fatalf("after an edit (one statement rechecked: %v), the findings of\n%s\nare\n%+v\nbut a whole check gives\n%+v",
			sn.result.Incremental(), sn.file.Src, sn.result.Findings, want.Findings)
	}
}

// treeDiff walks two trees side by side (iteratively: fuzzed nesting can be deep)
// and describes the first node where they differ.
func treeDiff(a, b *sitter.Node) string {
	ca, cb := a.Walk(), b.Walk()
	defer ca.Close()
	defer cb.Close()
	for {
		na, nb := ca.Node(), cb.Node()
		if na.Kind() != nb.Kind() || na.StartByte() != nb.StartByte() || na.EndByte() != nb.EndByte() || na.ChildCount() != nb.ChildCount() {
			return fmt.Sprintf("%s %d..%d vs %s %d..%d", na.Kind(), na.StartByte(), na.EndByte(), nb.Kind(), nb.StartByte(), nb.EndByte())
		}
		if ca.GotoFirstChild() {
			cb.GotoFirstChild()
			continue
		}
		for !ca.GotoNextSibling() {
			if !ca.GotoParent() {
				return ""
			}
			cb.GotoParent()
		}
		cb.GotoNextSibling()
	}
}

// watchdog crashes the process, with every goroutine's stack, when a fuzz input runs
// longer than d: the fuzzer then keeps the input, where a hang would only stall it.
func watchdog(d time.Duration) (stop func()) {
	timer := time.AfterFunc(d, func() {
		buf := make([]byte, 1<<20)
		panic(fmt.Sprintf("a fuzz input ran over %v:\n%s", d, buf[:runtime.Stack(buf, true)]))
	})
	return func() { timer.Stop() }
}
