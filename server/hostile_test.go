package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The tests in this file feed the server what a long editing session can: huge and
// strange text, broken project files, out-of-order or impossible edits, messages out
// of lifecycle, URIs that are not files, a client that stops reading, cancellation.
// Each checks that the server keeps answering afterwards and says what it skipped.

// A 10 MB minified bundle is not analysed: one information diagnostic on its first
// line says so and why, the log says so, and the server answers hover at once. The
// limit is the setting nodecoach.maxFileSize.
func TestLargeFileIsSkippedWithOneNotice(t *testing.T) {
	ss := newSession(t)
	ss.initialize(true, false)
	var bundle strings.Builder
	bundle.WriteString("const fs=require('fs');require('express')().get('/',(q,r)=>r.send(fs.readFileSync('a')));")
	for i := 0; bundle.Len() < 10<<20; i++ {
		fmt.Fprintf(&bundle, "var a%d=function(b){return b+%d};", i, i)
	}
	doc := uri.File(filepath.Join(t.TempDir(), "vendor.min.js"))
	ss.open(doc, "javascript", bundle.String())

	diags := ss.pull(doc)
	if len(diags) != 1 {
		t.Fatalf("want one notice, got %d diagnostics: %+v", len(diags), diags)
	}
	d := diags[0]
	msg := string(d.Message.(protocol.String))
	if d.Severity != protocol.DiagnosticSeverityInformation || d.Range != (protocol.Range{}) ||
		!strings.Contains(msg, "10.0 MB") || !strings.Contains(msg, "nodecoach.maxFileSize") || !strings.Contains(msg, "2 MB") {
		t.Errorf("notice %+v %q: want information at 0:0 naming the size, the limit and the setting", d, msg)
	}
	if ss.logged("document not analysed") == 0 {
		t.Error("the skip was not logged")
	}
	start := time.Now()
	if h := ss.hover(doc, 0, 10); h != nil {
		t.Errorf("hover on an unanalysed file: %+v", h)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("hover took %v on a skipped file", time.Since(start))
	}
	if n := len(ss.pull(doc)); n != 1 {
		t.Errorf("second pull: %d diagnostics, want the same one notice", n)
	}
}

// nodecoach.maxFileSize moves the limit both ways; an invalid value is reported once
// and the default applies.
func TestMaxFileSizeSetting(t *testing.T) {
	ss := newSession(t)
	ss.initialize(true, false)
	doc := uri.URI("untitled:small.js")
	text := handlerApp("\n", "")
	ss.open(doc, "javascript", text)
	if n := len(of("no-sync-fs-in-handler", ss.pull(doc))); n != 1 {
		t.Fatalf("under the default limit: %d findings, want 1", n)
	}
	configure := func(settings string) {
		t.Helper()
		if err := ss.server.DidChangeConfiguration(ss.ctx(), &protocol.DidChangeConfigurationParams{Settings: protocol.LSPAny(`{"nodecoach":` + settings + `}`)}); err != nil {
			t.Fatal(err)
		}
	}
	configure(`{"maxFileSize": 100}`)
	diags := ss.pull(doc)
	if len(diags) != 1 || !strings.Contains(string(diags[0].Message.(protocol.String)), "over the 100 bytes") {
		t.Errorf("with maxFileSize 100: %+v, want the one notice", diags)
	}
	configure(fmt.Sprintf(`{"maxFileSize": %d}`, len(text)))
	if n := len(of("no-sync-fs-in-handler", ss.pull(doc))); n != 1 {
		t.Errorf("with maxFileSize at the file's size: %d findings, want 1", n)
	}
	configure(`{"maxFileSize": -5}`)
	if n := len(of("no-sync-fs-in-handler", ss.pull(doc))); n != 1 {
		t.Errorf("with an invalid maxFileSize: %d findings, want the defaults' 1", n)
	}
	eventually(t, "a message about the invalid setting", func() bool {
		shown := ss.client.shown()
		return len(shown) == 1 && strings.Contains(shown[0], "maxFileSize")
	})
}

// NUL bytes, invalid UTF-8 and an emoji before a finding on its line, with LF, CRLF
// and CR-only line breaks: the finding's columns are exact in UTF-16 and UTF-8, and
// hover finds it there. Over the wire invalid UTF-8 cannot travel (JSON strings are
// Unicode: the client sends U+FFFD); in-process it reaches the server as is.
func TestStrangeTextKeepsExactPositions(t *testing.T) {
	for _, wire := range []bool{true, false} {
		for _, eol := range []string{"\n", "\r\n", "\r"} {
			for _, utf8Positions := range []bool{false, true} {
				t.Run(fmt.Sprintf("wire=%v eol=%q utf8=%v", wire, eol, utf8Positions), func(t *testing.T) {
					checkStrangeText(t, wire, eol, utf8Positions)
				})
			}
		}
	}
}

func checkStrangeText(t *testing.T, wire bool, eol string, utf8Positions bool) {
	prefix := "const junk = '\x00\xff😀'; "
	// A garbage line first: the parser must recover around it.
	text := "\x00\x01\xfe\xff" + eol + handlerApp(eol, prefix)
	doc := uri.URI("untitled:strange.js")
	var pull func() []protocol.Diagnostic
	var hover func(line, char uint32) string
	if wire {
		prefix = strings.ReplaceAll(prefix, "\xff", "\uFFFD")
		ss := newSession(t)
		ss.initialize(true, utf8Positions)
		ss.open(doc, "javascript", text)
		pull = func() []protocol.Diagnostic { return ss.pull(doc) }
		hover = func(line, char uint32) string { return hoverText(ss.hover(doc, line, char)) }
	} else {
		s := New(Options{Name: "nodecoach", Version: "test"})
		s.pullDiags = true
		if utf8Positions {
			s.encoding = source.UTF8
		}
		ctx := context.Background()
		s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: doc, LanguageID: "javascript", Version: 1, Text: text}})
		defer s.closeAll()
		pull = func() []protocol.Diagnostic {
			report, err := s.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
			if err != nil {
				t.Fatal(err)
			}
			return report.(*protocol.RelatedFullDocumentDiagnosticReport).Items
		}
		hover = func(line, char uint32) string {
			h, err := s.Hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: doc}, Position: protocol.Position{Line: line, Character: char}}})
			if err != nil {
				t.Fatal(err)
			}
			return hoverText(h)
		}
	}
	diags := of("no-sync-fs-in-handler", pull())
	if len(diags) != 1 {
		t.Fatalf("want 1 finding, got %+v", diags)
	}
	// "  " + prefix + "res.send(" precede slurp on line 4.
	before := "  " + prefix + "res.send("
	want := uint32(len(before)) // UTF-8: bytes
	if !utf8Positions {
		// UTF-16: NUL 1, the invalid byte or U+FFFD 1, the emoji 2 units.
		want = uint32(utf8.RuneCountInString(before)) + 1
	}
	r := diags[0].Range
	if r.Start != (protocol.Position{Line: 4, Character: want}) || r.End != (protocol.Position{Line: 4, Character: want + uint32(len("slurp"))}) {
		t.Errorf("range %+v, want 4:%d-4:%d", r, want, want+5)
	}
	if h := hover(4, want+1); !strings.Contains(h, "no-sync-fs-in-handler") {
		t.Errorf("hover at the finding: %q", h)
	}
}

// deepShapes are the ways code can nest n levels deep (arrays, arrow functions, calls,
// objects, parentheses, blocks, callbacks, member chains, concatenations), each a line
// of an Express app that has fs, cors and app in scope (deepHead).
var deepShapes = map[string]func(n int) string{
	"arrays": func(n int) string {
		return "const x = " + strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + ";\n"
	},
	"objects": func(n int) string {
		return "const o = " + strings.Repeat("{a:", n) + "1" + strings.Repeat("}", n) + ";\n"
	},
	"parens": func(n int) string {
		return "const p = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + ";\n"
	},
	"members": func(n int) string { return "const m = a" + strings.Repeat(".b", n) + ";\n" },
	"concat":  func(n int) string { return "const c = 'a'" + strings.Repeat(" + 'b'", n) + ";\n" },
	"arrows": func(n int) string {
		return "app.get('/', (req, res) => " + strings.Repeat("() => ", n) + "fs.readFileSync('a'));\n"
	},
	"calls": func(n int) string {
		return "app.get('/', (req, res) => { " + strings.Repeat("f(", n) + "fs.readFileSync('a')" + strings.Repeat(")", n) + "; });\n"
	},
	"blocks": func(n int) string {
		return "app.get('/', async (req, res) => { " + strings.Repeat("if (a) { ", n) + "fs.readFileSync('a');" + strings.Repeat(" }", n) + " });\n"
	},
	"callbacks": func(n int) string {
		return "app.get('/', (req, res) => { " + strings.Repeat("setTimeout(() => { ", n) + "fs.readFileSync('a');" + strings.Repeat(" });", n) + " });\n"
	},
	"chain": func(n int) string { return "app" + strings.Repeat(".use(cors())", n) + ";\n" },
}

const deepHead = "const fs = require('fs');\nconst cors = require('cors');\nconst app = require('express')();\n"

// Nesting 2,500 and 10,000 deep is parsed, and then not analysed: past
// resolve.MaxDepth levels one notice says so, and the server goes on answering (hover
// on the file, and the next document's findings). Node.Parent costs the node's depth in
// tree-sitter, so the rules' walks up the tree grow with the square or cube of the
// nesting (10,000 nested callbacks took minutes before the limit). Nesting of 100
// levels, deeper than real code, is analysed. How long each depth takes is measured by
// BenchmarkDeepNesting, never asserted here: a timing ratio fails on a loaded machine.
func TestDeepNesting(t *testing.T) {
	for name, shape := range deepShapes {
		t.Run(name, func(t *testing.T) {
			ss := newSession(t)
			ss.initialize(true, false)
			for _, n := range []int{2500, 10000} {
				doc := uri.URI(fmt.Sprintf("untitled:deep-%s-%d.js", name, n))
				ss.open(doc, "javascript", deepHead+shape(n))
				diags := ss.pull(doc)
				if len(diags) != 1 || !strings.Contains(string(diags[0].Message.(protocol.String)), "nests more than") {
					t.Errorf("depth %d: %+v, want the one notice that the file nests too deep", n, diags)
				}
				ss.hover(doc, 0, 7) // answers (nothing: the file was not analysed)
			}
			doc := uri.URI(fmt.Sprintf("untitled:deep-%s-100.js", name))
			ss.open(doc, "javascript", deepHead+shape(100))
			for _, d := range ss.pull(doc) {
				if code, _ := d.Code.(protocol.String); code == "" || string(code) == analysis.SkippedRule {
					t.Errorf("depth 100: %q, want the file analysed", d.Message)
				}
			}
		})
	}
}

// BenchmarkDeepNesting times the analysis of a file nested 2,500 and 10,000 levels
// deep, which ends in the notice: four times the depth should cost about four times as
// long (linear), not sixteen (quadratic). Compare the two sub-benchmarks of a shape.
func BenchmarkDeepNesting(b *testing.B) {
	for _, name := range []string{"callbacks", "calls", "arrays", "chain"} {
		for _, n := range []int{2500, 10000} {
			b.Run(fmt.Sprintf("%s-%d", name, n), func(b *testing.B) {
				src := []byte(deepHead + deepShapes[name](n))
				s := New(Options{Name: "nodecoach"})
				doc := &document{uri: "untitled:deep.js", lang: syntax.JavaScript, text: src, lines: source.NewLines(src), version: 1}
				s.docs[doc.uri] = doc
				for b.Loop() {
					doc.mu.Lock()
					doc.force = true // analyse the same version again
					doc.mu.Unlock()
					sn := s.analyze(context.Background(), doc)
					if sn == nil || sn.notice == "" {
						b.Fatal("no notice for the deep file")
					}
					sn.release()
				}
			})
		}
	}
}

// A broken package.json gives one warning (versions count as unknown) and a broken
// .nodecoach.json one more (the defaults apply), however many documents and edits
// touch them; the server keeps serving.
func TestBrokenProjectFiles(t *testing.T) {
	for _, tc := range []struct {
		name, pkg, cfg string
		wantShown      []string
	}{
		{"package.json", `{"name": "x", "dependencies": {"express": `, "", []string{"package.json cannot be used"}},
		{".nodecoach.json", `{"dependencies": {"express": "^4.21.2"}}`, `{"rules": {"no-sync-fs-in-handler": "loud"`, []string{".nodecoach.json is invalid"}},
		{"both", `[1, 2`, `{"rules": 7}`, []string{".nodecoach.json is invalid", "package.json cannot be used"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(tc.pkg), 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.cfg != "" {
				if err := os.WriteFile(filepath.Join(dir, ".nodecoach.json"), []byte(tc.cfg), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ss := newSession(t)
			ss.initialize(true, false)
			for i := range 3 {
				doc := uri.File(filepath.Join(dir, fmt.Sprintf("app%d.js", i)))
				ss.open(doc, "javascript", handlerApp("\n", ""))
				ss.change(doc, 2, &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: protocol.Position{Line: 5}, End: protocol.Position{Line: 5}}, Text: "// edited\n"})
				if n := len(of("no-sync-fs-in-handler", ss.pull(doc))); n != 1 {
					t.Errorf("%s: %d findings, want the defaults' 1", doc, n)
				}
				if h := ss.hover(doc, 3, 11); !strings.Contains(hoverText(h), "no-sync-fs-in-handler") {
					t.Errorf("%s: hover %q", doc, hoverText(h))
				}
			}
			eventually(t, "the warnings", func() bool { return len(ss.client.shown()) >= len(tc.wantShown) })
			time.Sleep(50 * time.Millisecond) // room for a duplicate to arrive
			shown := ss.client.shown()
			if len(shown) != len(tc.wantShown) {
				t.Fatalf("messages %q, want one per broken file: %q", shown, tc.wantShown)
			}
			for _, want := range tc.wantShown {
				found := false
				for _, m := range shown {
					found = found || strings.Contains(m, want)
				}
				if !found {
					t.Errorf("no message says %q: %q", want, shown)
				}
			}
		})
	}
}

// Edits that make no sense are clamped or refused, never applied halfway, and never
// stop the server: ranges past the end, overlapping ranges in one notification (each
// applies to the previous one's result, as LSP says), a version older than the
// document's, an inverted range, a document that is not open.
func TestHostileDidChange(t *testing.T) {
	ss := newSession(t)
	ss.initialize(true, false)
	doc := uri.URI("untitled:edits.js")
	ss.open(doc, "javascript", "abc\ndef\n")
	pos := func(l, c uint32) protocol.Position { return protocol.Position{Line: l, Character: c} }
	partial := func(a, b protocol.Position, text string) protocol.TextDocumentContentChangeEvent {
		return &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: a, End: b}, Text: text}
	}
	steps := []struct {
		name    string
		version int32
		changes []protocol.TextDocumentContentChangeEvent
		want    string
		wantVer int32
		log     string
	}{
		{"character past the line's end", 2, []protocol.TextDocumentContentChangeEvent{partial(pos(0, 99), pos(0, 200), "!")}, "abc!\ndef\n", 2, ""},
		{"line past the end", 3, []protocol.TextDocumentContentChangeEvent{partial(pos(9, 0), pos(4000000000, 7), "tail")}, "abc!\ndef\ntail", 3, ""},
		{"overlapping ranges, applied in turn", 4, []protocol.TextDocumentContentChangeEvent{
			partial(pos(0, 1), pos(1, 2), "XY"), // "aXYf\ntail"
			partial(pos(0, 0), pos(0, 3), "Q"),  // "Qf\ntail"
			partial(pos(0, 1), pos(1, 1), "--"), // "Q--ail"
		}, "Q--ail", 4, ""},
		{"older version", 3, []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: "stale"}}, "Q--ail", 4, "older than the document"},
		{"same version", 4, []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: "stale"}}, "Q--ail", 4, "older than the document"},
		{"inverted range refuses the whole notification", 5, []protocol.TextDocumentContentChangeEvent{
			partial(pos(0, 0), pos(0, 0), "first "),
			partial(pos(0, 3), pos(0, 1), "x"),
		}, "Q--ail", 4, "invalid didChange"},
		{"a later valid change", 6, []protocol.TextDocumentContentChangeEvent{partial(pos(0, 0), pos(0, 0), "fs.readFileSync(a); ")}, "fs.readFileSync(a); Q--ail", 6, ""},
	}
	for _, st := range steps {
		before := 0
		if st.log != "" {
			before = ss.logged(st.log)
		}
		ss.change(doc, st.version, st.changes...)
		ss.pull(doc) // a request after the notification: it has been handled, and the server still answers
		if got, ver := ss.text(doc); got != st.want || ver != st.wantVer {
			t.Errorf("%s: text %q version %d, want %q version %d", st.name, got, ver, st.want, st.wantVer)
		}
		if st.log != "" && ss.logged(st.log) != before+1 {
			t.Errorf("%s: not logged (%q)", st.name, st.log)
		}
	}
	other := uri.URI("untitled:never-opened.js")
	ss.change(other, 1, &protocol.TextDocumentContentChangeWholeDocument{Text: "x"})
	ss.pull(doc)
	if ss.logged("not open") != 1 {
		t.Error("a change to a document that is not open was not logged")
	}
	if len(ss.pull(other)) != 0 || ss.hover(other, 0, 0) != nil {
		t.Error("a document that is not open has no diagnostics and no hover")
	}
	if ss.s.doc(string(other)) != nil {
		t.Error("a change must not open a document")
	}
}

// Before initialize, requests get ServerNotInitialized and notifications are dropped;
// exit works at any time; unknown requests get MethodNotFound and unknown
// notifications are ignored; malformed params are refused without ending the
// connection, $/cancelRequest included.
func TestLifecycleAndUnknownMessages(t *testing.T) {
	ss := newSession(t)
	ctx := ss.ctx()
	doc := uri.URI("untitled:early.js")
	ss.open(doc, "javascript", handlerApp("\n", "")) // before initialize: dropped
	if _, err := ss.server.Hover(ctx, &protocol.HoverParams{}); rpcCode(err) != -32002 {
		t.Errorf("hover before initialize: %v, want -32002", err)
	}
	ss.initialize(true, false)
	if ss.s.doc(string(doc)) != nil || len(ss.pull(doc)) != 0 {
		t.Error("a didOpen before initialize must be dropped")
	}

	var result json.RawMessage
	if _, err := ss.conn.Call(ctx, "nodecoach/unknownRequest", map[string]int{"a": 1}, &result); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Errorf("unknown request: %v, want MethodNotFound", err)
	}
	if _, err := ss.conn.Call(ctx, protocol.MethodTextDocumentFormatting, map[string]any{}, &result); rpcCode(err) != jsonrpc2.MethodNotFound {
		t.Errorf("a standard request nodecoach does not offer: %v, want MethodNotFound", err)
	}
	for _, n := range []struct {
		method string
		params any
	}{
		{"$/unknownNotification", map[string]int{"a": 1}},
		{"nodecoach/unknownNotification", nil},
		{protocol.MethodTextDocumentDidOpen, []int{1, 2}},
		{protocol.MethodTextDocumentDidChange, "garbage"},
		{protocol.MethodCancelRequest, map[string]bool{"id": true}},
		{protocol.MethodCancelRequest, []string{"x"}},
		{protocol.MethodWorkspaceDidChangeConfiguration, 42},
	} {
		if err := ss.conn.Notify(ctx, n.method, n.params); err != nil {
			t.Fatalf("%s: %v", n.method, err)
		}
	}
	if _, err := ss.conn.Call(ctx, protocol.MethodTextDocumentHover, []int{1}, &result); err == nil {
		t.Error("hover with malformed params must be refused")
	}
	ss.open(doc, "javascript", handlerApp("\n", ""))
	if n := len(of("no-sync-fs-in-handler", ss.pull(doc))); n != 1 {
		t.Errorf("after all that, %d findings, want 1", n)
	}
}

// exit before initialize ends the session at once, with exit code 1.
func TestExitBeforeInitialize(t *testing.T) {
	ss := newSession(t)
	if err := ss.server.Exit(ss.ctx()); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-ss.raw.done:
		ss.raw.done <- code // for the cleanup
		if code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("exit before initialize did not end the session")
	}
}

// untitled:, notebook cells, git: and other non-file URIs are analysed as text only:
// no package.json or .nodecoach.json is read for them, even where a file of the same
// path has both.
func TestNonFileURIsReadNothingFromDisk(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"broken": `), 0o644)
	os.WriteFile(filepath.Join(dir, ".nodecoach.json"), []byte(`{"rules": {"no-sync-fs-in-handler": "off"}}`), 0o644)
	path := filepath.ToSlash(filepath.Join(dir, "app.js"))
	ss := newSession(t)
	ss.initialize(true, false)
	for _, u := range []string{
		"untitled:Untitled-1",
		"vscode-notebook-cell:" + path + "#W0sZmlsZQ%3D%3D",
		"git:" + path + "?%7B%22ref%22%3A%22HEAD%22%7D",
		"vscode-remote://ssh-remote+host" + path,
		"zip:" + path + "!/inner.js",
	} {
		doc := uri.URI(u)
		ss.open(doc, "javascript", handlerApp("\n", ""))
		if n := len(of("no-sync-fs-in-handler", ss.pull(doc))); n != 1 {
			t.Errorf("%s: %d findings, want the defaults' 1 (the .nodecoach.json next to its path turns the rule off)", u, n)
		}
	}
	if shown := ss.client.shown(); len(shown) != 0 || ss.logged("package.json") != 0 {
		t.Errorf("the broken package.json was read for a non-file URI: %q", shown)
	}
	// The same text as a file: both files apply, so the setup above is live.
	doc := uri.File(filepath.FromSlash(path))
	ss.open(doc, "javascript", handlerApp("\n", ""))
	if n := len(of("no-sync-fs-in-handler", ss.pull(doc))); n != 0 {
		t.Errorf("file: URI: %d findings, want 0 (rule off in .nodecoach.json)", n)
	}
	eventually(t, "the package.json warning for the file", func() bool { return len(ss.client.shown()) == 1 })
}

// The slow wrapper stands in for any request that takes long: it returns only when
// its request is cancelled.
type slow struct{ *Server }

func (slow) Hover(ctx context.Context, _ *protocol.HoverParams) (*protocol.Hover, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// startSlowRaw is startRaw with the server behind slow{}: its hovers end only when
// cancelled.
func startSlowRaw() *rawSession {
	s := New(Options{Name: "nodecoach", Version: "test"})
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	r := &rawSession{s: s, in: clientOut, out: clientIn, done: make(chan int, 1)}
	go func() {
		r.done <- s.serveStream(context.Background(), newStream(pipeEnds{serverIn, serverOut}, zap.NewNop()), slow{s})
	}()
	return r
}

// rawCall writes one request frame and returns the response with its id, reading
// whatever else the server sends meanwhile.
func rawCall(t *testing.T, r *rawSession, out *bufio.Reader, frame string, id string) wireMessage {
	t.Helper()
	if _, err := r.in.Write(lspFrame(frame)); err != nil {
		t.Fatal(err)
	}
	return rawWait(t, out, id)
}

// $/cancelRequest of a request in progress gets RequestCancelled (-32800), and the
// connection goes on.
func TestCancelSlowRequest(t *testing.T) {
	r := startSlowRaw()
	out := bufio.NewReader(r.out)
	defer endRaw(t, r)

	rawCall(t, r, out, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`, "1")
	r.in.Write(lspFrame(`{"jsonrpc":"2.0","id":"slow","method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:a.js"},"position":{"line":0,"character":0}}}`))
	time.Sleep(20 * time.Millisecond) // the hover is in progress
	r.in.Write(lspFrame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"slow"}}`))
	resp := rawWait(t, out, "slow")
	if resp.Error == nil || resp.Error.Code != -32800 {
		t.Errorf("cancelled hover: %+v, want error -32800", resp)
	}
	if resp := rawCall(t, r, out, `{"jsonrpc":"2.0","id":2,"method":"shutdown"}`, "2"); resp.Error != nil {
		t.Errorf("shutdown after a cancellation: %+v", resp.Error)
	}
}

// A $/cancelRequest written right behind its request, in the same write, cancels it:
// the request is registered for cancellation on the read loop before the next
// message is read. When calls were released first, the cancel could be handled
// before its request reached the registration and was lost, and the hover of slow{}
// never ended: this test lost one within its 200 tries in every run, and
// TestNumberIDsOutsideInt64AreAnsweredAsSent, which sends one so, timed out in about
// one full run of the package in seven under the race detector.
func TestCancelRightBehindItsRequest(t *testing.T) {
	r := startSlowRaw()
	out := bufio.NewReader(r.out)
	defer endRaw(t, r)
	rawCall(t, r, out, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`, "1")
	for i := range 200 {
		id := fmt.Sprintf("h%d", i)
		both := append(lspFrame(`{"jsonrpc":"2.0","id":"`+id+`","method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:a.js"},"position":{"line":0,"character":0}}}`),
			lspFrame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"`+id+`"}}`)...)
		if _, err := r.in.Write(both); err != nil {
			t.Fatal(err)
		}
		if resp := rawWait(t, out, id); resp.Error == nil || resp.Error.Code != -32800 {
			t.Fatalf("hover %s cancelled right behind it: %+v, want error -32800", id, resp)
		}
	}
}

// Cancelling a hover that waits behind a long analysis answers at once (or with the
// result, if it won the race), and the document stays analysable.
func TestCancelHoverOnLargeDocument(t *testing.T) {
	// The budget is budget_test.go's subject. Here the megabyte's analysis must end
	// with its findings: under the race detector, which slows it several times over,
	// or on a loaded machine, the budget made for a user's wall clock cut it short.
	was := analysis.Budget
	analysis.Budget = func(int) time.Duration { return time.Hour }
	t.Cleanup(func() { analysis.Budget = was })
	r := startRaw(New(Options{Name: "nodecoach", Version: "test"}))
	out := bufio.NewReader(r.out)
	defer endRaw(t, r)
	rawCall(t, r, out, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"textDocument":{"diagnostic":{}}}}}`, "1")
	var big strings.Builder
	big.WriteString(strings.ReplaceAll(handlerApp("\\n", ""), "'", `\"`))
	for i := 0; big.Len() < 1<<20; i++ {
		fmt.Fprintf(&big, "function f%d(a, b) { return [a, b, { k: a + %d }].map((x) => x * 2); }\\n", i, i)
	}
	r.in.Write(lspFrame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:big.js","languageId":"javascript","version":1,"text":"` + big.String() + `"}}}`))
	hover := `{"jsonrpc":"2.0","id":"h","method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:big.js"},"position":{"line":3,"character":20}}}`
	r.in.Write(lspFrame(hover))
	time.Sleep(30 * time.Millisecond)
	start := time.Now()
	r.in.Write(lspFrame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"h"}}`))
	resp := rawWait(t, out, "h")
	t.Logf("answered %v after the cancellation: error %+v", time.Since(start), resp.Error)
	if resp.Error != nil && resp.Error.Code != -32800 {
		t.Errorf("cancelled hover: %+v, want -32800 or a result", resp.Error)
	}
	diag := rawCall(t, r, out, `{"jsonrpc":"2.0","id":"d","method":"textDocument/diagnostic","params":{"textDocument":{"uri":"untitled:big.js"}}}`, "d")
	if diag.Error != nil || !bytes.Contains(diag.Result, []byte("no-sync-fs-in-handler")) {
		t.Errorf("after the cancellation, diagnostics %s %+v: want the finding", truncateBytes(diag.Result), diag.Error)
	}
}

// cancelAfter is a context that reports itself cancelled from its n-th Err call on:
// it cancels an analysis in the middle of its parse (tree-sitter asks Err as it goes).
type cancelAfter struct {
	context.Context
	n atomic.Int32
}

func (c *cancelAfter) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// An analysis cancelled in the middle of its parse is no analysis: the document keeps
// its previous snapshot and the edits made since, and the next analysis reparses from
// that snapshot into the tree a fresh parse gives.
func TestCancelledAnalysisKeepsTheDocument(t *testing.T) {
	s := New(Options{Name: "nodecoach", Version: "test"})
	s.pullDiags = true
	defer s.closeAll()
	ctx := context.Background()
	doc := uri.URI("untitled:cancel.js")
	var text strings.Builder
	for i := 0; text.Len() < 200<<10; i++ {
		fmt.Fprintf(&text, "function f%d(a) { return a + %d; }\n", i, i)
	}
	s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: doc, LanguageID: "javascript", Version: 1, Text: text.String()}})
	d := s.doc(string(doc))
	first := s.analyze(ctx, d)
	if first == nil || first.version != 1 {
		t.Fatalf("first analysis: %+v", first)
	}
	first.release()
	eventually(t, "the analysis scheduled by didOpen to end", func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		return !d.running
	})
	// Edit as DidChange does, without scheduling an analysis that would race this test.
	insert := "const fs = require('fs');\nrequire('express')().get('/', (req, res) => res.send(fs.readFileSync('a')));\n"
	d.mu.Lock()
	// A whole-document change: nothing of the old tree is reused, the parse is long.
	next, edits, err := source.Apply(d.text, []source.Change{{Text: insert + string(d.text)}}, source.UTF16)
	if err != nil {
		t.Fatal(err)
	}
	d.text, d.version, d.edits = next, 2, edits
	d.mu.Unlock()

	live, stop := context.WithCancel(ctx) // a Done channel: Parse checks only cancellable contexts
	defer stop()
	cancelled := &cancelAfter{Context: live}
	cancelled.n.Store(1) // acquire passes; the parse's first progress check cancels
	if sn := s.analyze(cancelled, d); sn != nil {
		sn.release()
		t.Fatalf("an analysis cancelled mid-parse returned a snapshot (version %d)", sn.version)
	}
	d.mu.Lock()
	kept, pending := d.snap.version, len(d.edits)
	d.mu.Unlock()
	if kept != 1 || pending != 1 {
		t.Fatalf("after the cancellation: snapshot %d with %d edits pending, want 1 with the 1 edit", kept, pending)
	}
	sn := s.analyze(ctx, d)
	if sn == nil || sn.version != 2 || len(of("no-sync-fs-in-handler", s.diagnostics(sn))) != 1 {
		t.Fatalf("the next analysis: %+v", sn)
	}
	sn.release()
	checkIncremental(t, s, d)
}

func truncateBytes(b []byte) []byte {
	if len(b) > 300 {
		return b[:300]
	}
	return b
}

// A client that stops reading does not stop the server: it keeps reading, applying
// edits and analysing, a stale publishDiagnostics waiting for the client is replaced
// by the newer one, and once the client reads again it gets every response and the
// latest diagnostics of each document.
func TestClientThatStopsReading(t *testing.T) {
	core, logs := observer.New(zap.DebugLevel)
	s := New(Options{Name: "nodecoach", Version: "test", Logger: zap.New(core)})
	r := startRaw(s)
	defer endRaw(t, r)
	send := func(body string) {
		if _, err := r.in.Write(lspFrame(body)); err != nil {
			t.Fatal(err)
		}
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	const docs, edits = 8, 60
	text, _ := json.Marshal(handlerApp("\n", ""))
	for i := range docs {
		send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:d%d.js","languageId":"javascript","version":1,"text":%s}}}`, i, text))
	}
	for v := 2; v < edits+2; v++ {
		for i := range docs {
			send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:d%d.js","version":%d},"contentChanges":[{"range":{"start":{"line":5,"character":0},"end":{"line":5,"character":0}},"text":"x;"}]}}`, i, v))
		}
		send(fmt.Sprintf(`{"jsonrpc":"2.0","id":"h%d","method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:d0.js"},"position":{"line":3,"character":13}}}`, v))
		if v%10 == 0 {
			time.Sleep(50 * time.Millisecond) // let debounced analyses publish, into the full pipe
		}
	}
	send(`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"untitled:d7.js"}}}`)
	// Nothing has been read; the server has still taken every edit.
	defer func() {
		if t.Failed() {
			for _, e := range logs.All() {
				if e.Level >= zap.InfoLevel {
					t.Logf("log: %s %v", e.Message, e.ContextMap())
				}
			}
		}
	}()
	eventually(t, "the last edits", func() bool {
		d := s.doc("untitled:d6.js")
		if d == nil {
			return false
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		return d.version == edits+1
	})
	eventually(t, "the last analyses", func() bool {
		for i := range docs - 1 {
			d := s.doc(fmt.Sprintf("untitled:d%d.js", i))
			d.mu.Lock()
			snap := d.snap
			d.mu.Unlock()
			if snap == nil || snap.version != edits+1 {
				return false
			}
		}
		return true
	})
	time.Sleep(100 * time.Millisecond)

	// Now read everything.
	out := bufio.NewReader(r.out)
	answered := map[string]bool{}
	latest := map[string]int32{}
	published := map[string]int{}
	send(`{"jsonrpc":"2.0","id":"last","method":"shutdown"}`)
	for !answered[`"last"`] {
		msgs, err := readMessages(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.ID != nil {
				answered[string(*m.ID)] = true
			}
			if m.Method == protocol.MethodTextDocumentPublishDiagnostics {
				var p struct {
					URI     string `json:"uri"`
					Version int32  `json:"version"`
				}
				json.Unmarshal(m.Params, &p)
				published[p.URI]++
				latest[p.URI] = max(latest[p.URI], p.Version)
			}
		}
	}
	for v := 2; v < edits+2; v++ {
		if !answered[fmt.Sprintf(`"h%d"`, v)] {
			t.Errorf("hover h%d was never answered", v)
		}
	}
	for i := range docs - 1 {
		u := fmt.Sprintf("untitled:d%d.js", i)
		if latest[u] != edits+1 {
			t.Errorf("%s: latest diagnostics for version %d, want %d", u, latest[u], edits+1)
		}
	}
	total := 0
	for _, n := range published {
		total += n
	}
	t.Logf("%d publishDiagnostics reached the client for %d documents and %d edits each", total, docs, edits)
	if total > docs*6 {
		t.Errorf("%d publishDiagnostics: stale ones waiting for the client were not dropped", total)
	}
	if logs.FilterMessageSnippet("closing the connection").Len() != 0 {
		t.Error("a client that merely paused was cut off")
	}
}

// A client that never reads while output piles up past the bound is taken for gone:
// the server ends the session instead of buffering without limit, and says why.
func TestClientThatNeverReadsIsCutOff(t *testing.T) {
	defer func(n int) { maxQueuedBytes = n }(maxQueuedBytes)
	maxQueuedBytes = 64 << 10
	core, logs := observer.New(zap.DebugLevel)
	r := startRaw(New(Options{Name: "nodecoach", Version: "test", Logger: zap.New(core)}))
	defer endRaw(t, r)
	go func() {
		r.in.Write(lspFrame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`))
		for i := 0; ; i++ {
			// Unknown requests: each is answered with an error the client never reads.
			body := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"nodecoach/%s"}`, i+2, strings.Repeat("x", 1000))
			if _, err := r.in.Write(lspFrame(body)); err != nil {
				return
			}
		}
	}()
	select {
	case code := <-r.done:
		r.done <- code
		if code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the server kept buffering for a client that never reads")
	}
	if logs.FilterMessageSnippet("closing the connection").Len() != 1 {
		t.Errorf("the cut-off was not logged: %v", logs.All())
	}
}

// endRaw ends a raw session: end of input, then Serve must return.
func endRaw(t *testing.T, r *rawSession) {
	t.Helper()
	r.in.Close()
	select {
	case code := <-r.done:
		r.done <- code
	case <-time.After(10 * time.Second):
		t.Error("the server did not end at the end of its input")
	}
	r.out.Close()
}

// rawWait reads messages until the response with id, failing after 20 s.
func rawWait(t *testing.T, out *bufio.Reader, id string) wireMessage {
	t.Helper()
	type result struct {
		m   wireMessage
		err error
	}
	got := make(chan result, 1)
	go func() {
		for {
			msgs, err := readMessages(out)
			if err != nil {
				got <- result{err: err}
				return
			}
			for _, m := range msgs {
				if m.ID != nil && (string(*m.ID) == id || string(*m.ID) == `"`+id+`"`) {
					got <- result{m: m}
					return
				}
			}
		}
	}()
	select {
	case res := <-got:
		if res.err != nil {
			t.Fatalf("waiting for response %s: %v", id, res.err)
		}
		return res.m
	case <-time.After(20 * time.Second):
		t.Fatalf("no response %s within 20s", id)
	}
	return wireMessage{}
}

// A client that sends its first notifications right behind initialize, without waiting
// for the answer (the spec says it must wait; some do not), still has them applied, in
// order and with the negotiated encoding; and shutdown then exit sent together exit 0.
// initialize and shutdown hold back later messages until they are done, where a
// released initialize let them through as "before initialize".
func TestMessagesRightBehindInitialize(t *testing.T) {
	for i := range 20 {
		r := startRaw(New(Options{Name: "nodecoach", Version: "test"}))
		out := bufio.NewReader(r.out)
		var batch bytes.Buffer
		batch.Write(lspFrame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8"]},"textDocument":{"diagnostic":{}}}}}`))
		batch.Write(lspFrame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`))
		batch.Write(lspFrame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:a.js","languageId":"javascript","version":1,"text":"é😀x"}}}`))
		// Character 6 in UTF-8 is after the emoji; in UTF-16 it is past the line's end.
		batch.Write(lspFrame(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:a.js","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":6},"end":{"line":0,"character":6}},"text":"!"}]}}`))
		batch.Write(lspFrame(`{"jsonrpc":"2.0","id":"d","method":"textDocument/diagnostic","params":{"textDocument":{"uri":"untitled:a.js"}}}`))
		go r.in.Write(batch.Bytes())
		rawWait(t, out, "d")
		d := r.s.doc("untitled:a.js")
		if d == nil {
			t.Fatalf("run %d: the didOpen behind initialize was dropped", i)
		}
		d.mu.Lock()
		text := string(d.text)
		d.mu.Unlock()
		if text != "é😀!x" {
			t.Fatalf("run %d: text %q, want %q (the change in UTF-8 positions)", i, text, "é😀!x")
		}
		go r.in.Write(append(lspFrame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`), lspFrame(`{"jsonrpc":"2.0","method":"exit"}`)...))
		go func() { // keep reading: the writer must not wait
			for {
				if _, err := readMessages(out); err != nil {
					return
				}
			}
		}()
		select {
		case code := <-r.done:
			if code != 0 {
				t.Errorf("run %d: exit code %d after shutdown, want 0", i, code)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("run %d: no exit", i)
		}
		r.in.Close()
		r.out.Close()
	}
}
