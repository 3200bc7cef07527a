package server

import (
	"context"
	"encoding/json"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// recorder is an in-process LSP client that keeps what the server tells it.
type recorder struct {
	protocol.UnimplementedClient
	mu       sync.Mutex
	diags    []*protocol.PublishDiagnosticsParams
	messages []*protocol.ShowMessageParams
	settings json.RawMessage // the answer to workspace/configuration
}

func (r *recorder) PublishDiagnostics(_ context.Context, p *protocol.PublishDiagnosticsParams) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.diags = append(r.diags, p)
	return nil
}

func (r *recorder) ShowMessage(_ context.Context, p *protocol.ShowMessageParams) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.messages = append(r.messages, p)
	return nil
}

func (r *recorder) Configuration(context.Context, *protocol.ConfigurationParams) ([]protocol.LSPAny, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.settings == nil {
		return []protocol.LSPAny{protocol.LSPAny("null")}, nil
	}
	return []protocol.LSPAny{protocol.LSPAny(r.settings)}, nil
}

func (r *recorder) shown() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, m := range r.messages {
		out = append(out, m.Message)
	}
	return out
}

// clientEnds is the client's side of a rawSession's pipes.
type clientEnds struct {
	r *io.PipeReader
	w *io.PipeWriter
}

func (c clientEnds) Read(b []byte) (int, error)  { return c.r.Read(b) }
func (c clientEnds) Write(b []byte) (int, error) { return c.w.Write(b) }
func (c clientEnds) Close() error {
	c.w.Close()
	return c.r.Close()
}

// session is the server in-process behind its real framing (Serve over pipes), and
// protocol's client on the other end.
type session struct {
	t      *testing.T
	s      *Server
	raw    *rawSession
	server protocol.Server
	conn   jsonrpc2.Conn
	client *recorder
	logs   *observer.ObservedLogs
}

func newSession(t *testing.T) *session {
	t.Helper()
	core, logs := observer.New(zap.DebugLevel)
	s := New(Options{Name: "nodecoach", Version: "test", Logger: zap.New(core)})
	raw := startRaw(s)
	rec := &recorder{}
	_, conn, server := protocol.NewClient(context.Background(), rec, jsonrpc2.NewStream(clientEnds{raw.out, raw.in}))
	ss := &session{t: t, s: s, raw: raw, server: server, conn: conn, client: rec, logs: logs}
	t.Cleanup(func() {
		_ = server.Exit(context.Background())
		select {
		case <-raw.done:
		case <-time.After(10 * time.Second):
			t.Error("the server did not end after exit")
		}
		conn.Close()
	})
	return ss
}

func (ss *session) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	ss.t.Cleanup(cancel)
	return ctx
}

// initialize negotiates: pull diagnostics and UTF-8 when asked.
func (ss *session) initialize(pull, utf8 bool) {
	ss.t.Helper()
	params := &protocol.InitializeParams{}
	encodings := []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF16}
	if utf8 {
		encodings = []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF8}
	}
	params.Capabilities.General = &protocol.GeneralClientCapabilities{PositionEncodings: encodings}
	params.Capabilities.TextDocument = &protocol.TextDocumentClientCapabilities{
		Hover: &protocol.HoverClientCapabilities{ContentFormat: []protocol.MarkupKind{protocol.MarkupKindMarkdown}},
	}
	if pull {
		params.Capabilities.TextDocument.Diagnostic = &protocol.DiagnosticClientCapabilities{}
	}
	if _, err := ss.server.Initialize(ss.ctx(), params); err != nil {
		ss.t.Fatal(err)
	}
	if err := ss.server.Initialized(ss.ctx(), &protocol.InitializedParams{}); err != nil {
		ss.t.Fatal(err)
	}
}

func (ss *session) open(doc uri.URI, lang, text string) {
	ss.t.Helper()
	if err := ss.server.DidOpen(ss.ctx(), &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: doc, LanguageID: protocol.LanguageKind(lang), Version: 1, Text: text,
	}}); err != nil {
		ss.t.Fatal(err)
	}
}

func (ss *session) change(doc uri.URI, version int32, changes ...protocol.TextDocumentContentChangeEvent) {
	ss.t.Helper()
	if err := ss.server.DidChange(ss.ctx(), &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: doc}, Version: version},
		ContentChanges: changes,
	}); err != nil {
		ss.t.Fatal(err)
	}
}

// pull asks for a document's diagnostics (the client must have pull support).
func (ss *session) pull(doc uri.URI) []protocol.Diagnostic {
	ss.t.Helper()
	report, err := ss.server.Diagnostic(ss.ctx(), &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
	if err != nil {
		ss.t.Fatalf("pull diagnostics: %v", err)
	}
	full, ok := report.(*protocol.RelatedFullDocumentDiagnosticReport)
	if !ok {
		ss.t.Fatalf("pull report %T", report)
	}
	return full.Items
}

func (ss *session) hover(doc uri.URI, line, character uint32) *protocol.Hover {
	ss.t.Helper()
	h, err := ss.server.Hover(ss.ctx(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Position: protocol.Position{Line: line, Character: character},
	}})
	if err != nil {
		ss.t.Fatalf("hover: %v", err)
	}
	return h
}

// text is what the server holds for an open document.
func (ss *session) text(doc uri.URI) (string, int32) {
	d := ss.s.doc(string(doc))
	if d == nil {
		return "", 0
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return string(d.text), d.version
}

// of keeps the diagnostics of one rule.
func of(rule string, diags []protocol.Diagnostic) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, d := range diags {
		if code, _ := d.Code.(protocol.String); string(code) == rule {
			out = append(out, d)
		}
	}
	return out
}

func hoverText(h *protocol.Hover) string {
	if h == nil {
		return ""
	}
	if mc, ok := h.Contents.(*protocol.MarkupContent); ok {
		return mc.Value
	}
	return ""
}

// logged counts the log entries whose message contains snippet.
func (ss *session) logged(snippet string) int {
	return ss.logs.FilterMessageSnippet(snippet).Len()
}

// eventually polls cond for up to 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	buf := make([]byte, 1<<20)
	t.Fatalf("timed out waiting for %s; goroutines:\n%s", what, buf[:runtime.Stack(buf, true)])
}

// handlerApp is an Express app with one no-sync-fs-in-handler finding on line 3,
// after prefix on that line.
func handlerApp(eol, prefix string) string {
	return strings.Join([]string{
		"const { readFileSync: slurp } = require('node:fs');",
		"const app = require('express')();",
		"app.get('/r', (req, res) => {",
		"  " + prefix + "res.send(slurp('f'));",
		"});",
		"",
	}, eol)
}
