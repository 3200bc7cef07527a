package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// A controller's async handler is flagged only while another file registers it with
// no wrapper: wrapping it in the routes file clears the finding in the controller,
// unwrapping it brings the finding back, pointing at the registration.
func TestRegistrationInAnotherFileDecidesTheFinding(t *testing.T) {
	const bare = "const express = require('express');\nconst users = require('./users');\nconst router = express.Router();\nrouter.get('/users', users.list);\nmodule.exports = router;\n"
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2","express-async-handler":"^1.2.0"}}`,
		"users.js":     "exports.list = async (req, res) => {\n  const all = await db.findUsers();\n  res.json(all);\n};\n",
		"routes.js":    bare,
	}
	s, ctx, root := startWorkspace(t, files)
	users, routes := uri.File(filepath.Join(root, "users.js")), uri.File(filepath.Join(root, "routes.js"))
	s.open(users, files["users.js"])
	s.open(routes, bare)
	finding := func() *protocol.Diagnostic {
		report, err := s.server.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: users}})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range report.(*protocol.RelatedFullDocumentDiagnosticReport).Items {
			if code, _ := d.Code.(protocol.String); code == "express-async-missing-next" {
				return &d
			}
		}
		return nil
	}
	waitFor := func(what string, want bool) *protocol.Diagnostic {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if d := finding(); (d != nil) == want {
				return d
			} else if time.Now().After(deadline) {
				t.Fatalf("%s: finding present %v, want %v", what, d != nil, want)
			}
		}
	}
	replace := func(version int32, text string) {
		whole := &protocol.TextDocumentContentChangeWholeDocument{Text: text}
		if err := s.server.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: routes}, Version: version},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{whole},
		}); err != nil {
			t.Fatal(err)
		}
	}
	d := waitFor("registered bare", true)
	if d.Range.Start.Line != 1 || len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != routes || d.RelatedInformation[0].Location.Range.Start.Line != 3 {
		t.Errorf("the finding must be on the await and point at the registration in routes.js line 4: %+v", d)
	}
	wrapped := strings.Replace(bare, "users.list)", "asyncHandler(users.list))", 1)
	replace(2, "const asyncHandler = require('express-async-handler');\n"+wrapped)
	waitFor("wrapped in routes.js", false)
	replace(3, bare)
	waitFor("unwrapped again", true)
	s.exit(true)
}
