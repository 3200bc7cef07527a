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
	ctx := context.Background()
	docURI := uri.URI(doc.uri)
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
		if err := s.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: docURI}, Version: version},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{change},
		}); err != nil {
			b.Fatal(err)
		}
		sn := s.analyze(ctx, doc)
		if sn.version != version {
			b.Fatal("stale analysis")
		}
		_ = s.diagnostics(sn)
	}
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
	s.analyze(context.Background(), doc)
	return s, doc, src
}
