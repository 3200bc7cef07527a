package server

import (
	"bytes"
	"context"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/analysis/analysistest"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// BenchmarkEditToDiagnostics measures one keystroke: a one-letter didChange in the
// middle of a ~5,000-line file, then the analysis that produces its diagnostics
// (incremental reparse, resolver, rules, conversion to LSP ranges).
func BenchmarkEditToDiagnostics(b *testing.B) {
	s, doc, src := openLarge(b)
	line := uint32(source.NewLines(src).Count() / 2)
	version := int32(1)
	b.ReportAllocs()
	for b.Loop() {
		version++
		// Type a letter, then delete it, alternately, so the file stays the same size.
		change := &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: protocol.Position{Line: line}, End: protocol.Position{Line: line}}, Text: "x"}
		if version%2 == 1 {
			change = &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: protocol.Position{Line: line}, End: protocol.Position{Line: line, Character: 1}}, Text: ""}
		}
		_ = typeAndAnalyze(b, s, doc, version, change)
	}
}

// typeAndAnalyze sends one keystroke as version, analyses the document up to it and
// computes its diagnostics, as the server does after an edit; it reports whether the
// keystroke was checked one statement at a time.
func typeAndAnalyze(b *testing.B, s *Server, doc *document, version int32, change *protocol.TextDocumentContentChangePartial) (incremental bool) {
	ctx := context.Background()
	if err := s.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri.URI(doc.uri)}, Version: version},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{change},
	}); err != nil {
		b.Fatal(err)
	}
	sn := s.analyze(ctx, doc)
	defer sn.release()
	if sn.version != version {
		b.Fatal("stale analysis")
	}
	_ = s.diagnostics(sn)
	return sn.result.Incremental()
}

// BenchmarkTypingIntoHandler types a statement before a catch's next(err) in the
// middle of the large file and deletes it again, one keystroke an iteration, as
// BenchmarkLSPTyping does through the binary: half the states are half typed
// (`const typed = v    next(err);` makes the call the declaration's value). It
// reports the share of keystrokes checked one statement at a time.
func BenchmarkTypingIntoHandler(b *testing.B) {
	s, doc, src := openLarge(b)
	mid := bytes.Index(src[len(src)/2:], []byte("\n    next(err);"))
	if mid < 0 {
		b.Skip("the file has no catch that calls next(err)")
	}
	pos := source.NewLines(src).Position(len(src)/2+mid+1, source.UTF16)
	const word = "const typed = value + 1; "
	version, fast, keystrokes := int32(1), 0, 0
	b.ReportAllocs()
	for b.Loop() {
		i := keystrokes % (2 * len(word))
		keystrokes++
		version++
		at := protocol.Position{Line: pos.Line, Character: uint32(min(i, 2*len(word)-i))}
		var change *protocol.TextDocumentContentChangePartial
		if i < len(word) {
			change = &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: at, End: at}, Text: word[i : i+1]}
		} else { // backspace
			change = &protocol.TextDocumentContentChangePartial{Range: protocol.Range{
				Start: protocol.Position{Line: at.Line, Character: at.Character - 1}, End: at}}
		}
		if typeAndAnalyze(b, s, doc, version, change) {
			fast++
		}
	}
	b.ReportMetric(100*float64(fast)/float64(keystrokes), "fast-%")
}

// BenchmarkHover measures a hover on the first readFileSync of an analysed large file:
// the finding's explanation and the API's entry, rendered as Markdown.
func BenchmarkHover(b *testing.B) {
	s, doc, src := openLarge(b)
	s.markdownHover = true
	ctx := context.Background()
	at := max(bytes.Index(src, []byte("readFileSync")), 0)
	pos := source.NewLines(src).Position(at, source.UTF16)
	params := &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri.URI(doc.uri)}, Position: protocol.Position{Line: pos.Line, Character: pos.Character},
	}}
	for b.Loop() {
		if _, err := s.Hover(ctx, params); err != nil {
			b.Fatal(err)
		}
	}
}

// openLarge opens the benchmark file in a fresh server and analyses it once.
func openLarge(b *testing.B) (*Server, *document, []byte) {
	path, src := analysistest.LargeFile(b)
	s := New(Options{Name: "nodecoach"})
	docURI := uri.File("/bench/" + path)
	doc := &document{uri: string(docURI), path: "/bench/" + path, lang: syntax.ForPath(path), text: src, lines: source.NewLines(src), version: 1}
	s.docs[doc.uri] = doc
	s.analyze(context.Background(), doc).release()
	return s, doc, src
}
