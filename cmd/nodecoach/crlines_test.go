package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// crApp is an Express app, larger than the size past which the walk samples a file for
// minification, with two findings, its lines ended by eol.
func crApp(eol string) string {
	lines := []string{
		"const fs = require('fs');",
		"const app = require('express')();",
	}
	for i := range 60 {
		lines = append(lines, fmt.Sprintf("const limit%d = { windowMs: 60000, max: %d, message: 'slow down' };", i, i))
	}
	lines = append(lines,
		"app.get('/a', (req, res) => res.send(fs.readFileSync('a')));",
		"app.get('/b', (req, res) => {",
		"  res.send(fs.readFileSync('b'));",
		"});", "")
	return strings.Join(lines, eol)
}

// A file whose lines end in a lone CR is ordinary source to check and to the server
// alike: the same findings, at the same lines and columns, as the same file with LF
// line breaks, from check, the server's workspace index and an open document.
func TestLoneCRFilesAreCheckedAlike(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`, "lf.js": crApp("\n"), "cr.js": crApp("\r")}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(files["cr.js"]) <= 4096 {
		t.Fatalf("the app is %d bytes: too small to be sampled for minification", len(files["cr.js"]))
	}

	_, reports := checkJSON(t, root)
	fromCheck := map[string][]string{}
	for _, r := range reports {
		name := filepath.Base(r.File)
		fromCheck[name] = append(fromCheck[name], fmt.Sprintf("%d:%d %s", r.Line, r.Column, r.Rule))
	}
	want := fromCheck["lf.js"]
	if len(want) == 0 {
		t.Fatal("check found nothing in the LF file")
	}
	if got := fromCheck["cr.js"]; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("check on the CR file: %q, want %q as for LF", got, want)
	}

	s := startSession(t)
	ctx := t.Context()
	s.initializeFolder(ctx, root, workspaceClient())
	report, err := s.server.DiagnosticWorkspace(ctx, &protocol.WorkspaceDiagnosticParams{})
	if err != nil {
		t.Fatal(err)
	}
	fromIndex := map[string][]string{}
	for _, item := range report.Items {
		full := item.(*protocol.WorkspaceFullDocumentDiagnosticReport)
		fromIndex[filepath.Base(full.URI.FsPath())] = positions(full.Items)
	}
	for _, name := range []string{"lf.js", "cr.js"} {
		if got := fromIndex[name]; strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("the server's index on %s: %q, want %q as check gives", name, got, want)
		}
	}

	doc := uri.File(filepath.Join(root, "cr.js"))
	s.open(doc, files["cr.js"])
	diags, err := s.server.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
	if err != nil {
		t.Fatal(err)
	}
	if got := positions(diags.(*protocol.RelatedFullDocumentDiagnosticReport).Items); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the server on the open CR file: %q, want %q as check gives", got, want)
	}
	s.exit(true)
}

// positions are diagnostics as check prints them: 1-based line:column and rule, in order.
func positions(diags []protocol.Diagnostic) []string {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Range.Start, diags[j].Range.Start
		return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
	})
	var out []string
	for _, d := range diags {
		code, _ := d.Code.(protocol.String)
		out = append(out, fmt.Sprintf("%d:%d %s", d.Range.Start.Line+1, d.Range.Start.Character+1, code))
	}
	return out
}
