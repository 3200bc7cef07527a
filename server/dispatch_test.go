package server

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// panicky is the real server with a hover that panics, standing in for any bug.
type panicky struct{ *Server }

func (panicky) Hover(context.Context, *protocol.HoverParams) (*protocol.Hover, error) {
	panic("a bug in hover")
}

// connect serves impl in-process and returns the client's view of it.
func connect(t *testing.T, s *Server, impl protocol.Server) protocol.Server {
	t.Helper()
	left, right := jsonrpc2.NewChannelStreamPair(64)
	done := make(chan int, 1)
	go func() { done <- s.serveStream(context.Background(), left, impl) }()
	_, conn, server := protocol.NewClient(context.Background(), protocol.UnimplementedClient{}, right)
	t.Cleanup(func() {
		server.Exit(context.Background())
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("server did not stop")
		}
		conn.Close()
	})
	return server
}

func rpcCode(err error) jsonrpc2.Code {
	var e *jsonrpc2.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func TestPanicIsAnsweredAndServingGoesOn(t *testing.T) {
	core, logs := observer.New(zap.ErrorLevel)
	s := New(Options{Name: "nodecoach", Version: "test", Logger: zap.New(core)})
	server := connect(t, s, panicky{s})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := server.Initialize(ctx, &protocol.InitializeParams{}); err != nil {
		t.Fatal(err)
	}
	_, err := server.Hover(ctx, &protocol.HoverParams{})
	if rpcCode(err) != jsonrpc2.InternalError {
		t.Fatalf("a panicking request must be answered with InternalError, got %v", err)
	}
	if logs.FilterMessageSnippet("panic").Len() != 1 {
		t.Errorf("the panic was not logged: %v", logs.All())
	}
	// The connection is still alive and answers the next request.
	if _, err := server.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File("/nope.js")}}); err != nil {
		t.Errorf("after a panic the server must keep serving: %v", err)
	}
}

func TestLifecycleErrors(t *testing.T) {
	s := New(Options{Name: "nodecoach", Version: "test"})
	server := connect(t, s, s)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := server.Hover(ctx, &protocol.HoverParams{}); rpcCode(err) != -32002 {
		t.Errorf("a request before initialize: got %v, want ServerNotInitialized (-32002)", err)
	}
	if _, err := server.Initialize(ctx, &protocol.InitializeParams{}); err != nil {
		t.Fatal(err)
	}
	if err := server.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := server.Hover(ctx, &protocol.HoverParams{}); rpcCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("a request after shutdown: got %v, want InvalidRequest", err)
	}
}

func TestUntitledDocumentsAndStaleChanges(t *testing.T) {
	s := New(Options{Name: "nodecoach", Version: "test"})
	server := connect(t, s, s)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	caps := protocol.ClientCapabilities{TextDocument: &protocol.TextDocumentClientCapabilities{Diagnostic: &protocol.DiagnosticClientCapabilities{}}}
	params := &protocol.InitializeParams{}
	params.Capabilities = caps
	if _, err := server.Initialize(ctx, params); err != nil {
		t.Fatal(err)
	}
	doc := uri.URI("untitled:Untitled-1")
	text := "const fs = require('fs');\nrequire('express')().get('/', (req, res) => res.send(fs.readFileSync('a')));\n"
	if err := server.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: doc, LanguageID: "javascript", Version: 5, Text: text}}); err != nil {
		t.Fatal(err)
	}
	// An older version's change is ignored: the text stays that of version 5.
	stale := &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: doc}, Version: 4},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: ""}},
	}
	if err := server.DidChange(ctx, stale); err != nil {
		t.Fatal(err)
	}
	report, err := server.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
	if err != nil {
		t.Fatal(err)
	}
	full := report.(*protocol.RelatedFullDocumentDiagnosticReport)
	if len(full.Items) != 1 {
		t.Errorf("untitled document after a stale change: want the 1 finding of version 5, got %+v", full.Items)
	}
}
