package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// parityTree is a package whose findings cross files: routes in one file register the
// handlers of others bare (express-async-missing-next lands in the handlers' files),
// the app's X-Powered-By finding depends on whether another file turns the header off,
// and a script, excluded from checking, does turn it off.
func parityTree() map[string]string {
	files := map[string]string{
		"package.json": `{"name":"svc","dependencies":{"express":"^4.21.2","express-async-handler":"^1.2.0","cors":"^2.8.5"}}`,
		"src/app.js": "const express = require('express');\nconst cors = require('cors');\nconst app = express();\n" +
			"app.use(cors());\napp.use('/api', require('./routes'));\napp.listen(3000);\n",
		// Excluded (a scripts/ directory): its facts must count neither in check nor
		// in the editor, open or not.
		"src/scripts/harden.js": "module.exports = (app) => { app.disable('x-powered-by'); };\n",
		"src/app.test.js":       "const fs = require('fs');\nrequire('express')().get('/', (req, res) => res.send(fs.readFileSync('a')));\n",
	}
	var routes strings.Builder
	routes.WriteString("const express = require('express');\nconst fs = require('fs');\nconst router = express.Router();\n")
	for c := range 4 {
		files[fmt.Sprintf("src/controllers/c%d.js", c)] = fmt.Sprintf(
			"exports.list%d = async (req, res) => {\n  const rows = await req.db.query('select %d');\n  res.json(rows);\n};\n", c, c)
		fmt.Fprintf(&routes, "router.get('/c%d', require('./controllers/c%d').list%d);\n", c, c, c)
	}
	routes.WriteString("router.get('/file', (req, res) => res.send(fs.readFileSync('x')));\nmodule.exports = router;\n")
	files["src/routes.js"] = routes.String()
	return files
}

// finding is one finding as both sides can say it: 1-based, UTF-16 columns.
type finding struct {
	Line, Column, EndLine, EndColumn int
	Rule, Severity, Message          string
}

func (f finding) String() string {
	return fmt.Sprintf("%d:%d-%d:%d %s %s %q", f.Line, f.Column, f.EndLine, f.EndColumn, f.Severity, f.Rule, f.Message)
}

var severityNames = map[protocol.DiagnosticSeverity]string{
	protocol.DiagnosticSeverityError: "error", protocol.DiagnosticSeverityWarning: "warning",
	protocol.DiagnosticSeverityInformation: "information", protocol.DiagnosticSeverityHint: "hint",
}

func fromDiagnostics(diags []protocol.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		code, _ := d.Code.(protocol.String)
		msg, _ := d.Message.(protocol.String)
		out = append(out, finding{int(d.Range.Start.Line) + 1, int(d.Range.Start.Character) + 1, int(d.Range.End.Line) + 1,
			int(d.Range.End.Character) + 1, string(code), severityNames[d.Severity], string(msg)}.String())
	}
	sort.Strings(out)
	return out
}

// render lists findings per file, the files sorted, for a readable difference.
func render(byFile map[string][]string) string {
	names := make([]string, 0, len(byFile))
	for name, fs := range byFile {
		if len(fs) > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		fmt.Fprintf(&b, "%s\n  %s\n", name, strings.Join(byFile[name], "\n  "))
	}
	return b.String()
}

// TestCheckAndServerAgree: the CLI and the language server go through one workspace
// driver, so on one tree they give every file the same findings, whether it is open in
// the editor (with unsaved edits, which check sees once saved) or not, and an open
// excluded file changes nothing in either.
func TestCheckAndServerAgree(t *testing.T) {
	files := parityTree()
	root := writeProject(t, files)
	s := startSession(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s.initializeFolder(ctx, root, workspaceClient())

	// The routes file wraps c1's handler in an edit not yet saved: c1's finding goes,
	// in the editor now and in check once the file is saved.
	edited := strings.Replace(files["src/routes.js"], "require('./controllers/c1').list1",
		"require('express-async-handler')(require('./controllers/c1').list1)", 1)
	if edited == files["src/routes.js"] {
		t.Fatal("the edit changed nothing")
	}
	open := map[string]string{
		"src/routes.js":         edited,
		"src/scripts/harden.js": files["src/scripts/harden.js"],
		"src/controllers/c0.js": files["src/controllers/c0.js"],
	}
	for name, text := range open {
		s.open(uri.File(filepath.Join(root, name)), text)
	}
	if err := os.WriteFile(filepath.Join(root, "src/routes.js"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	want := checkFindings(t, root)
	for _, must := range []string{"src/app.js", "src/controllers/c0.js", "src/controllers/c2.js", "src/routes.js"} {
		if len(want[must]) == 0 {
			t.Fatalf("check found nothing in %s, which the tree is built to have findings:\n%s", must, render(want))
		}
	}
	if len(want["src/controllers/c1.js"]) != 0 || len(want["src/scripts/harden.js"]) != 0 {
		t.Fatalf("check reports c1.js (wrapped) or the excluded script:\n%s", render(want))
	}
	if !strings.Contains(strings.Join(want["src/app.js"], "\n"), "x-powered-by-enabled") {
		t.Fatalf("check let the excluded script's facts clear the app's X-Powered-By finding:\n%s", render(want))
	}

	// The server settles asynchronously (open documents' facts re-judge closed files):
	// ask until it agrees, and show the last difference otherwise.
	var got map[string][]string
	deadline := time.Now().Add(30 * time.Second)
	for {
		got = serverFindings(t, ctx, s, root, open)
		if render(got) == render(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if render(got) != render(want) {
		t.Errorf("the server and check disagree\nserver:\n%s\ncheck:\n%s", render(got), render(want))
	}
	s.exit(true)
}

// checkFindings runs check --format json on root and groups its findings by file.
func checkFindings(t *testing.T, root string) map[string][]string {
	t.Helper()
	_, out, stderr := runCLI(t, "check", "--format", "json", root)
	var reports []report
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("check output: %v\n%s\n%s", err, out, stderr)
	}
	byFile := map[string][]string{}
	for _, r := range reports {
		rel, _ := filepath.Rel(root, r.File)
		rel = filepath.ToSlash(rel)
		byFile[rel] = append(byFile[rel], finding{r.Line, r.Column, r.EndLine, r.EndColumn, r.Rule, r.Severity, r.Message}.String())
	}
	for _, fs := range byFile {
		sort.Strings(fs)
	}
	return byFile
}

// serverFindings collects the server's diagnostics: the open documents' by document
// pulls, the others' from the workspace report.
func serverFindings(t *testing.T, ctx context.Context, s *session, root string, open map[string]string) map[string][]string {
	t.Helper()
	byFile := map[string][]string{}
	report, err := s.server.DiagnosticWorkspace(ctx, &protocol.WorkspaceDiagnosticParams{})
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range report.Items {
		full := item.(*protocol.WorkspaceFullDocumentDiagnosticReport)
		rel, _ := filepath.Rel(root, full.URI.FsPath())
		byFile[filepath.ToSlash(rel)] = fromDiagnostics(full.Items)
	}
	for name := range open {
		doc := uri.File(filepath.Join(root, name))
		r, err := s.server.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
		if err != nil {
			t.Fatal(err)
		}
		byFile[name] = fromDiagnostics(r.(*protocol.RelatedFullDocumentDiagnosticReport).Items)
	}
	return byFile
}
