package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// binary is the nodecoach executable built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "nodecoach-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "nodecoach")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building nodecoach: " + err.Error())
	}
	// The servers the tests start keep their index cache under the user's cache
	// directory: here, the tests' own. Go's own cache stays where it was for the tests
	// that run the go command.
	if gocache, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
		os.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
	}
	os.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// recorder is the test's LSP client: it keeps every publishDiagnostics it receives.
type recorder struct {
	protocol.UnimplementedClient
	diags     chan *protocol.PublishDiagnosticsParams
	documents chan uri.URI
	progress  chan string // the kinds of $/progress values: begin, report, end
	refreshes chan string // refresh requests: codeLens, diagnostic
}

func (r *recorder) WorkDoneProgressCreate(context.Context, *protocol.WorkDoneProgressCreateParams) error {
	return nil
}

func (r *recorder) Progress(_ context.Context, p *protocol.ProgressParams) error {
	var v struct{ Kind string }
	json.Unmarshal(p.Value, &v)
	r.progress <- v.Kind
	return nil
}

// CodeLensRefresh and DiagnosticRefresh record that the server asked for a refresh.
func (r *recorder) CodeLensRefresh(context.Context) error {
	r.refreshes <- "codeLens"
	return nil
}

func (r *recorder) DiagnosticRefresh(context.Context) error {
	r.refreshes <- "diagnostic"
	return nil
}

// ShowMessage accepts messages (the server's fallback for showing an explanation).
func (r *recorder) ShowMessage(context.Context, *protocol.ShowMessageParams) error { return nil }

// LogMessage accepts log messages.
func (r *recorder) LogMessage(context.Context, *protocol.LogMessageParams) error { return nil }

func (r *recorder) ShowDocument(_ context.Context, p *protocol.ShowDocumentParams) (*protocol.ShowDocumentResult, error) {
	r.documents <- p.URI
	return &protocol.ShowDocumentResult{Success: true}, nil
}

func (r *recorder) PublishDiagnostics(_ context.Context, p *protocol.PublishDiagnosticsParams) error {
	r.diags <- p
	return nil
}

// session is the real binary speaking LSP over its stdin/stdout pipes.
type session struct {
	t      testing.TB
	cmd    *exec.Cmd
	server protocol.Server
	client *recorder
	stderr *bytes.Buffer
	conn   jsonrpc2.Conn
}

type pipes struct {
	io.Reader
	io.WriteCloser
}

func startSession(t testing.TB) *session {
	t.Helper()
	return startCommand(t, exec.Command(binary, "serve", "--stdio"))
}

// startCommand starts a prepared server command (its environment, its directory) and
// connects a recording client to its pipes.
func startCommand(t testing.TB, cmd *exec.Cmd) *session {
	t.Helper()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{diags: make(chan *protocol.PublishDiagnosticsParams, 64), documents: make(chan uri.URI, 4), progress: make(chan string, 64), refreshes: make(chan string, 8)}
	_, conn, server := protocol.NewClient(context.Background(), rec, jsonrpc2.NewStream(pipes{stdout, stdin}))
	s := &session{t: t, cmd: cmd, server: server, client: rec, stderr: &stderr, conn: conn}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if t.Failed() {
			t.Logf("server stderr:\n%s", stderr.String())
		}
	})
	return s
}

func (s *session) initialize(caps protocol.ClientCapabilities) *protocol.InitializeResult {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	params := &protocol.InitializeParams{}
	params.Capabilities = caps
	params.ClientInfo = protocol.ClientInfo{Name: "e2e-test"}
	res, err := s.server.Initialize(ctx, params)
	if err != nil {
		s.t.Fatalf("initialize: %v", err)
	}
	if err := s.server.Initialized(ctx, &protocol.InitializedParams{}); err != nil {
		s.t.Fatal(err)
	}
	return res
}

// open sends didOpen for a JavaScript document at version 1.
func (s *session) open(docURI uri.URI, text string) {
	s.t.Helper()
	if err := s.server.DidOpen(context.Background(), &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: docURI, LanguageID: "javascript", Version: 1, Text: text,
	}}); err != nil {
		s.t.Fatal(err)
	}
}

// waitDiagnostics returns the first publishDiagnostics for version.
func (s *session) waitDiagnostics(version int32) *protocol.PublishDiagnosticsParams {
	s.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case p := <-s.client.diags:
			if v, ok := p.Version.Get(); ok && v == version {
				return p
			}
		case <-deadline:
			s.t.Fatalf("no diagnostics for version %d", version)
		}
	}
}

// exit sends exit (after shutdown when asked) and returns the process exit code.
func (s *session) exit(shutdown bool) int {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if shutdown {
		if err := s.server.Shutdown(ctx); err != nil {
			s.t.Fatalf("shutdown: %v", err)
		}
	}
	if err := s.server.Exit(ctx); err != nil {
		s.t.Fatalf("exit: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		s.t.Fatal("the server did not exit")
	}
	return s.cmd.ProcessState.ExitCode()
}

// app is an Express 4 file where an emoji precedes the finding on its line, so a
// column computed in bytes instead of UTF-16 units would be off by two.
const app = `const { readFileSync: slurp } = require('node:fs');
const express = require('express');
const app = express();
app.get('/report', (req, res) => {
  const face = '😀'; const csv = slurp('report.csv');
  res.send(csv);
});
`

func writePackage(t *testing.T, express string) string {
	t.Helper()
	dir := t.TempDir()
	pkg := `{"name":"e2e","dependencies":{"express":"` + express + `"}}`
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(pkg), 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "app.js")
}

func markdownClient() protocol.ClientCapabilities {
	return protocol.ClientCapabilities{
		General:      &protocol.GeneralClientCapabilities{PositionEncodings: []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF16}},
		TextDocument: &protocol.TextDocumentClientCapabilities{Hover: &protocol.HoverClientCapabilities{ContentFormat: []protocol.MarkupKind{protocol.MarkupKindMarkdown}}},
	}
}

// workspaceClient pulls diagnostics and shows work-done progress: the client under
// which the server indexes a workspace folder and reports how far it got.
func workspaceClient() protocol.ClientCapabilities {
	caps := markdownClient()
	caps.TextDocument.Diagnostic = &protocol.DiagnosticClientCapabilities{}
	wdp := true
	caps.Window = &protocol.WindowClientCapabilities{WorkDoneProgress: &wdp}
	return caps
}

// startWorkspace writes files into a new folder and starts a session with it as the
// workspace, indexed; ctx bounds the session's requests.
func startWorkspace(t *testing.T, files map[string]string) (s *session, ctx context.Context, root string) {
	t.Helper()
	root = t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s = startSession(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	s.initializeFolder(ctx, root, workspaceClient())
	return s, ctx, root
}

// initializeFolder initializes with root as the one workspace folder, waits for the
// index to be built and returns the result with the kinds of $/progress values seen.
func (s *session) initializeFolder(ctx context.Context, root string, caps protocol.ClientCapabilities) (*protocol.InitializeResult, []string) {
	s.t.Helper()
	params := &protocol.InitializeParams{}
	params.Capabilities = caps
	// Nullable has no constructor: the folders arrive the way a client sends them.
	folders := fmt.Sprintf(`{"workspaceFolders": [{"uri": %q, "name": "app"}]}`, uri.File(root))
	if err := protocol.Unmarshal([]byte(folders), &params.WorkspaceFoldersInitializeParams); err != nil {
		s.t.Fatal(err)
	}
	res, err := s.server.Initialize(ctx, params)
	if err != nil {
		s.t.Fatalf("initialize: %v", err)
	}
	if err := s.server.Initialized(ctx, &protocol.InitializedParams{}); err != nil {
		s.t.Fatal(err)
	}
	var kinds []string
	for len(kinds) == 0 || kinds[len(kinds)-1] != "end" {
		select {
		case k := <-s.client.progress:
			kinds = append(kinds, k)
		case <-ctx.Done():
			s.t.Fatalf("indexing never ended: progress %q", kinds)
		}
	}
	return res, kinds
}

func TestLanguageServerSession(t *testing.T) {
	s := startSession(t)
	res := s.initialize(markdownClient())
	if res.ServerInfo.Name != "nodecoach" {
		t.Errorf("serverInfo.name = %q", res.ServerInfo.Name)
	}
	if v, _ := res.ServerInfo.Version.Get(); v == "" {
		t.Error("serverInfo.version is empty")
	}
	if res.Capabilities.PositionEncoding != protocol.PositionEncodingKindUTF16 {
		t.Errorf("position encoding %q, want utf-16", res.Capabilities.PositionEncoding)
	}
	if res.Capabilities.DiagnosticProvider != nil {
		t.Error("pull diagnostics advertised to a client that does not support them")
	}

	ctx := context.Background()
	docURI := uri.File(writePackage(t, "^4.21.2"))
	s.open(docURI, app)
	first := s.waitDiagnostics(1)
	if len(first.Diagnostics) != 1 {
		t.Fatalf("want 1 diagnostic, got %+v", first.Diagnostics)
	}
	d := first.Diagnostics[0]
	// Line 4 (0-based): "  const face = '😀'; const csv = slurp(": the emoji is 2 UTF-16 units.
	wantStart := protocol.Position{Line: 4, Character: uint32(len([]rune("  const face = '"))) + 2 + uint32(len("'; const csv = "))}
	if d.Range.Start != wantStart || d.Range.End.Character != wantStart.Character+uint32(len("slurp")) {
		t.Errorf("range %+v, want start %+v spanning slurp", d.Range, wantStart)
	}
	if code, _ := d.Code.(protocol.String); code != "no-sync-fs-in-handler" {
		t.Errorf("code %v", d.Code)
	}
	if src, _ := d.Source.Get(); src != "nodecoach" || d.Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("source %q severity %v", src, d.Severity)
	}
	if !strings.HasPrefix(string(d.CodeDescription.Href), "https://") {
		t.Errorf("codeDescription.href %q", d.CodeDescription.Href)
	}

	hover, err := s.server.Hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: docURI}, Position: protocol.Position{Line: 4, Character: wantStart.Character + 2},
	}})
	if err != nil || hover == nil {
		t.Fatalf("hover: %v %v", hover, err)
	}
	mc, ok := hover.Contents.(*protocol.MarkupContent)
	if !ok || mc.Kind != protocol.MarkupKindMarkdown {
		t.Fatalf("hover contents %T", hover.Contents)
	}
	for _, want := range []string{"no-sync-fs-in-handler", "Synchronous", "`fs.readFileSync`", "Interview R2.1", "https://nodejs.org/"} {
		if !strings.Contains(mc.Value, want) {
			t.Errorf("hover lacks %q:\n%s", want, mc.Value)
		}
	}

	// The explain command returns the whole entry for what is at the cursor.
	arg := fmt.Sprintf(`{"uri": %q, "position": {"line": 4, "character": %d}}`, docURI, wantStart.Character+1)
	raw, err := s.server.ExecuteCommand(ctx, &protocol.ExecuteCommandParams{Command: "nodecoach.explain", Arguments: []protocol.LSPAny{protocol.LSPAny(arg)}})
	var explained struct{ Title, Markdown string }
	if err != nil || json.Unmarshal(raw, &explained) != nil {
		t.Fatalf("nodecoach.explain: %v %s", err, raw)
	}
	if explained.Title != "no-sync-fs-in-handler" || !strings.Contains(explained.Markdown, "## Why it matters") {
		t.Errorf("explain result %q:\n%s", explained.Title, explained.Markdown)
	}

	// Replace slurp('report.csv') by a literal: the finding must go away in version 2.
	start := wantStart
	end := protocol.Position{Line: 4, Character: start.Character + uint32(len("slurp('report.csv')"))}
	if err := s.server.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: docURI}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: start, End: end}, Text: "'a,b'"}},
	}); err != nil {
		t.Fatal(err)
	}
	if second := s.waitDiagnostics(2); len(second.Diagnostics) != 0 {
		t.Errorf("after the edit, want no diagnostics, got %+v", second.Diagnostics)
	}

	// And back: an edit that reintroduces a sync call on another line is reported there.
	insertAt := protocol.Position{Line: 5, Character: 0}
	if err := s.server.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: docURI}, Version: 3},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: insertAt, End: insertAt}, Text: "  slurp('x');\n"}},
	}); err != nil {
		t.Fatal(err)
	}
	third := s.waitDiagnostics(3)
	if len(third.Diagnostics) != 1 || third.Diagnostics[0].Range.Start != (protocol.Position{Line: 5, Character: 2}) {
		t.Errorf("after the insertion, want one diagnostic at 5:2, got %+v", third.Diagnostics)
	}

	if err := s.server.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: docURI}}); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-s.client.diags:
		if len(p.Diagnostics) != 0 {
			t.Errorf("close must clear diagnostics, got %+v", p.Diagnostics)
		}
	case <-time.After(20 * time.Second):
		t.Error("no diagnostics cleared on close")
	}
	if code := s.exit(true); code != 0 {
		t.Errorf("exit after shutdown: code %d, want 0", code)
	}
}

func TestExitWithoutShutdownIsError(t *testing.T) {
	s := startSession(t)
	s.initialize(markdownClient())
	if code := s.exit(false); code != 1 {
		t.Errorf("exit without shutdown: code %d, want 1", code)
	}
}

func TestPullDiagnosticsAndUTF8(t *testing.T) {
	s := startSession(t)
	caps := markdownClient()
	caps.General.PositionEncodings = []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF8, protocol.PositionEncodingKindUTF16}
	caps.TextDocument.Diagnostic = &protocol.DiagnosticClientCapabilities{}
	res := s.initialize(caps)
	if res.Capabilities.PositionEncoding != protocol.PositionEncodingKindUTF8 {
		t.Errorf("position encoding %q, want utf-8 when offered", res.Capabilities.PositionEncoding)
	}
	if res.Capabilities.DiagnosticProvider == nil {
		t.Fatal("pull diagnostics not advertised")
	}
	ctx := context.Background()
	docURI := uri.File(writePackage(t, "^4.21.2"))
	s.open(docURI, app)
	report, err := s.server.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: docURI}})
	if err != nil {
		t.Fatal(err)
	}
	full, ok := report.(*protocol.RelatedFullDocumentDiagnosticReport)
	if !ok || len(full.Items) != 1 {
		t.Fatalf("pull report %#v", report)
	}
	// In UTF-8 the emoji is 4 bytes.
	want := uint32(len("  const face = '😀'; const csv = "))
	if got := full.Items[0].Range.Start; got != (protocol.Position{Line: 4, Character: want}) {
		t.Errorf("utf-8 start %+v, want 4:%d", got, want)
	}
	select {
	case p := <-s.client.diags:
		t.Errorf("a pull client must not also get pushed diagnostics: %+v", p)
	case <-time.After(300 * time.Millisecond):
	}
	if code := s.exit(true); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestCodeActions(t *testing.T) {
	s := startSession(t)
	caps := markdownClient()
	caps.TextDocument.CodeAction = &protocol.CodeActionClientCapabilities{CodeActionLiteralSupport: protocol.ClientCodeActionLiteralOptions{
		CodeActionKind: protocol.ClientCodeActionKindOptions{ValueSet: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}}}}
	caps.Window = &protocol.WindowClientCapabilities{ShowDocument: &protocol.ShowDocumentClientCapabilities{Support: true}}
	if res := s.initialize(caps); res.Capabilities.CodeActionProvider == nil {
		t.Fatal("code actions not advertised to a client with literal support")
	}
	ctx := context.Background()
	docURI := uri.File(writePackage(t, "^4.21.2"))
	s.open(docURI, app)
	diags := s.waitDiagnostics(1).Diagnostics
	if len(diags) != 1 {
		t.Fatalf("want 1 diagnostic, got %+v", diags)
	}
	actions, err := s.server.CodeAction(ctx, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: docURI}, Range: diags[0].Range,
		Context: protocol.CodeActionContext{Diagnostics: diags},
	})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	var disable, explainAction *protocol.CodeAction
	for _, a := range actions {
		ca, ok := a.(*protocol.CodeAction)
		if !ok {
			t.Fatalf("want code action literals, got %T", a)
		}
		titles = append(titles, ca.Title)
		switch {
		case strings.HasPrefix(ca.Title, "Disable"):
			disable = ca
		case strings.HasPrefix(ca.Title, "Explain"):
			explainAction = ca
		default:
			if ca.IsPreferred == nil || !*ca.IsPreferred || ca.Edit == nil {
				t.Errorf("the fix must be preferred and carry an edit: %+v", ca)
			}
		}
	}
	if len(actions) != 3 || disable == nil || explainAction == nil {
		t.Fatalf("want fix, disable and explain, got %q", titles)
	}
	edits := disable.Edit.Changes[docURI]
	if len(edits) != 1 || edits[0].Range.Start != (protocol.Position{Line: 4}) || edits[0].NewText != "  // nodecoach-disable-next-line no-sync-fs-in-handler\n" {
		t.Errorf("disable edit %+v", edits)
	}
	// Apply it the way an editor would: the finding must go away.
	if err := s.server.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: docURI}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{Range: edits[0].Range, Text: edits[0].NewText}},
	}); err != nil {
		t.Fatal(err)
	}
	if after := s.waitDiagnostics(2); len(after.Diagnostics) != 0 {
		t.Errorf("after the suppression comment, want no diagnostics, got %+v", after.Diagnostics)
	}
	// Explain opens a Markdown document through window/showDocument.
	if _, err := s.server.ExecuteCommand(ctx, &protocol.ExecuteCommandParams{Command: explainAction.Command.Command, Arguments: explainAction.Command.Arguments}); err != nil {
		t.Fatal(err)
	}
	select {
	case u := <-s.client.documents:
		data, err := os.ReadFile(u.FsPath())
		if err != nil || !strings.HasSuffix(u.FsPath(), ".md") || !strings.Contains(string(data), "# no-sync-fs-in-handler") {
			t.Errorf("shown document %s: %v\n%s", u, err, data)
		}
	case <-time.After(20 * time.Second):
		t.Error("explain did not open a document")
	}
	if code := s.exit(true); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestWorkspaceIndexing(t *testing.T) {
	root := t.TempDir()
	vulnerable := "const fs = require('fs');\nrequire('express')().get('/', (req, res) => res.send(fs.readFileSync('a')));\n"
	files := map[string]string{
		"package.json":              `{"dependencies":{"express":"^4.21.2"}}`,
		".gitignore":                "generated/\n",
		"src/a.js":                  vulnerable,
		"src/b.ts":                  vulnerable,
		"src/clean.js":              "module.exports = 1;\n",
		"generated/c.js":            vulnerable,
		"node_modules/lib/index.js": vulnerable,
		"src/a.test.js":             vulnerable,
	}
	for name, text := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	s := startSession(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, kinds := s.initializeFolder(ctx, root, workspaceClient())
	if dp, ok := res.Capabilities.DiagnosticProvider.(*protocol.DiagnosticOptions); !ok || !dp.WorkspaceDiagnostics {
		t.Fatalf("workspace diagnostics not advertised: %#v", res.Capabilities.DiagnosticProvider)
	}
	// The client library handles notifications concurrently, so the progress values
	// may be seen out of the order the server sent them (the server's own tests check
	// that order on the wire): here, one begin, a report and one end are awaited.
	for !slices.Contains(kinds, "begin") || !slices.Contains(kinds, "report") {
		select {
		case k := <-s.client.progress:
			kinds = append(kinds, k)
		case <-ctx.Done():
			t.Fatalf("progress kinds %q, want a begin and a report with the end", kinds)
		}
	}
	if n := strings.Count(strings.Join(kinds, " "), "begin"); n != 1 || strings.Count(strings.Join(kinds, " "), "end") != 1 {
		t.Errorf("progress kinds %q, want one begin and one end", kinds)
	}
	report, err := s.server.DiagnosticWorkspace(ctx, &protocol.WorkspaceDiagnosticParams{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, item := range report.Items {
		full := item.(*protocol.WorkspaceFullDocumentDiagnosticReport)
		rel, _ := filepath.Rel(root, full.URI.FsPath())
		got[filepath.ToSlash(rel)] = len(full.Items)
	}
	want := map[string]int{"src/a.js": 1, "src/b.ts": 1, "src/clean.js": 0}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("indexed %v, want %v (gitignored, node_modules and test files left out)", got, want)
	}
	if code := s.exit(true); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestCodeLensListsTopics(t *testing.T) {
	s := startSession(t)
	res := s.initialize(markdownClient())
	if res.Capabilities.CodeLensProvider == nil {
		t.Fatal("code lens not advertised")
	}
	ctx := context.Background()
	docURI := uri.File(writePackage(t, "^4.21.2"))
	s.open(docURI, app)
	lenses, err := s.server.CodeLens(ctx, &protocol.CodeLensParams{TextDocument: protocol.TextDocumentIdentifier{URI: docURI}})
	if err != nil || len(lenses) == 0 {
		t.Fatalf("code lens: %v %+v", err, lenses)
	}
	var titles []string
	for _, l := range lenses {
		titles = append(titles, l.Command.Title)
		if l.Range.Start.Line != 0 || l.Command.Command != "nodecoach.explain" {
			t.Errorf("lens %+v: want line 0 and the explain command", l)
		}
	}
	// The file reads a file synchronously in an Express route: sync I/O is its first topic.
	if !strings.HasPrefix(titles[0], "Interview topics: ") || !strings.Contains(strings.Join(titles, "|"), "Synchronous vs asynchronous I/O") {
		t.Errorf("lens titles %q", titles)
	}
	raw, err := s.server.ExecuteCommand(ctx, &protocol.ExecuteCommandParams{Command: lenses[0].Command.Command, Arguments: lenses[0].Command.Arguments})
	var explained struct{ Title, Markdown string }
	if err != nil || json.Unmarshal(raw, &explained) != nil || !strings.Contains(explained.Markdown, "## In short") {
		t.Errorf("the lens command must return its entry: %v %s", err, raw)
	}
	s.exit(true)
}

// TestCrossFileFindingPointsAtTheOtherFile: a limiter in a routes file is reported when
// no file of the package sets trust proxy, with relatedInformation on the file that
// creates the app; setting trust proxy there clears the finding in the routes file.
func TestCrossFileFindingPointsAtTheOtherFile(t *testing.T) {
	appSrc := "const express = require('express');\nconst app = express();\nrequire('./routes')(app);\napp.listen(3000);\n"
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2","express-rate-limit":"^7.5.0"}}`,
		"app.js":       appSrc,
		"routes.js":    "const rateLimit = require('express-rate-limit');\nmodule.exports = (app) => { app.use(rateLimit({ windowMs: 60000, limit: 10 })); };\n",
	}
	s, ctx, root := startWorkspace(t, files)
	routes := uri.File(filepath.Join(root, "routes.js"))
	s.open(routes, files["routes.js"])
	limiter := func() *protocol.Diagnostic {
		report, err := s.server.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: routes}})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range report.(*protocol.RelatedFullDocumentDiagnosticReport).Items {
			if code, _ := d.Code.(protocol.String); code == "rate-limit-trust-proxy" {
				return &d
			}
		}
		return nil
	}
	d := limiter()
	if d == nil {
		t.Fatal("no rate-limit-trust-proxy finding in routes.js")
	}
	if len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != uri.File(filepath.Join(root, "app.js")) || d.RelatedInformation[0].Location.Range.Start.Line != 1 {
		t.Errorf("relatedInformation must point at express() in app.js: %+v", d.RelatedInformation)
	}
	// Set trust proxy in app.js: the routes file's finding goes away.
	app := uri.File(filepath.Join(root, "app.js"))
	s.open(app, appSrc)
	insert := protocol.Position{Line: 2}
	s.server.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: app}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: insert, End: insert}, Text: "app.set('trust proxy', 1);\n"}},
	})
	deadline := time.Now().Add(15 * time.Second)
	for limiter() != nil {
		if time.Now().After(deadline) {
			t.Fatal("the finding in routes.js stayed after app.js set trust proxy")
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.exit(true)
}

// TestSettingsChangeRefreshesPullClients: after a settings change a pull client is told
// to ask again for diagnostics and code lenses, or it would show the old ones.
func TestSettingsChangeRefreshesPullClients(t *testing.T) {
	s := startSession(t)
	caps := markdownClient()
	caps.TextDocument.Diagnostic = &protocol.DiagnosticClientCapabilities{}
	yes := true
	caps.Workspace = &protocol.WorkspaceClientCapabilities{
		Diagnostics: &protocol.DiagnosticWorkspaceClientCapabilities{RefreshSupport: &yes},
		CodeLens:    &protocol.CodeLensWorkspaceClientCapabilities{RefreshSupport: &yes},
	}
	s.initialize(caps)
	settings := protocol.LSPAny(`{"nodecoach": {"rules": {"cors-allow-all": "off"}}}`)
	if err := s.server.DidChangeConfiguration(context.Background(), &protocol.DidChangeConfigurationParams{Settings: settings}); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for len(got) < 2 {
		select {
		case r := <-s.client.refreshes:
			got[r] = true
		case <-time.After(20 * time.Second):
			t.Fatalf("refreshes received: %v, want codeLens and diagnostic", got)
		}
	}
	s.exit(true)
}

// TestClosedFilesFollowOtherFiles: a closed file whose finding depends on another file
// is judged with every file's facts at the end of indexing, and again when an open
// document changes those facts.
func TestClosedFilesFollowOtherFiles(t *testing.T) {
	appSrc := "const express = require('express');\nconst app = express();\nrequire('./a-routes')(app);\napp.listen(3000);\n"
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2","express-rate-limit":"^7.5.0"}}`,
		// Indexed first (lexical order), before the app's file is known.
		"a-routes.js": "const rateLimit = require('express-rate-limit');\nmodule.exports = (app) => { app.use(rateLimit({ windowMs: 60000 })); };\n",
		"z-app.js":    appSrc,
	}
	s, ctx, root := startWorkspace(t, files)
	routes := uri.File(filepath.Join(root, "a-routes.js"))
	limited := func() bool {
		report, err := s.server.DiagnosticWorkspace(ctx, &protocol.WorkspaceDiagnosticParams{})
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range report.Items {
			full := item.(*protocol.WorkspaceFullDocumentDiagnosticReport)
			if full.URI != routes {
				continue
			}
			for _, d := range full.Items {
				if code, _ := d.Code.(protocol.String); code == "rate-limit-trust-proxy" {
					return true
				}
			}
		}
		return false
	}
	// The end-of-walk pass runs just after progress ends: give it a moment.
	deadline := time.Now().Add(15 * time.Second)
	for !limited() {
		if time.Now().After(deadline) {
			t.Fatal("a-routes.js was never judged with z-app.js's facts")
		}
		time.Sleep(50 * time.Millisecond)
	}
	app := uri.File(filepath.Join(root, "z-app.js"))
	s.open(app, appSrc)
	at := protocol.Position{Line: 2}
	s.server.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: app}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: at, End: at}, Text: "app.set('trust proxy', 1);\n"}},
	})
	deadline = time.Now().Add(15 * time.Second)
	for limited() {
		if time.Now().After(deadline) {
			t.Fatal("closed a-routes.js kept its finding after z-app.js set trust proxy")
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.exit(true)
}
