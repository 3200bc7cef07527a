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

// Hovering a handler's head shows the routes that run it, with their full paths, and
// where its errors go on the package's Express version: the route map taught on the
// user's own code.
func TestHoverOnAHandlerShowsItsRoutes(t *testing.T) {
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2","express-async-handler":"^1.2.0"}}`,
		"users.js":     "exports.list = async (req, res) => {\n  res.json(await db.findUsers());\n};\nexports.show = (req, res) => res.json({});\n",
		"app.js": "const express = require('express');\nconst asyncHandler = require('express-async-handler');\nconst users = require('./users');\nconst app = express();\nconst router = express.Router();\n" +
			"router.get('/', users.list);\nrouter.get('/:id', asyncHandler(users.show));\napp.use('/api/users', router);\napp.listen(3000);\n",
	}
	s, ctx, root := startWorkspace(t, files)
	users := uri.File(filepath.Join(root, "users.js"))
	s.open(users, files["users.js"])
	hover := func(line, character uint32) string {
		h, err := s.server.Hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: users}, Position: protocol.Position{Line: line, Character: character}}})
		if err != nil || h == nil {
			t.Fatalf("hover %d:%d: %v %v", line, character, h, err)
		}
		return h.Contents.(*protocol.MarkupContent).Value
	}
	list := hover(0, 9) // on `list` of exports.list
	for _, want := range []string{"GET /api/users", "app.js:6", "does not reach the error middleware"} {
		if !strings.Contains(list, want) {
			t.Errorf("hover on list lacks %q:\n%s", want, list)
		}
	}
	show := hover(3, 16) // on the parameters of show
	for _, want := range []string{"GET /api/users/:id", "wrapped by asyncHandler", "Express catches a synchronous throw"} {
		if !strings.Contains(show, want) {
			t.Errorf("hover on show lacks %q:\n%s", want, show)
		}
	}
	h, err := s.server.Hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: users}, Position: protocol.Position{Line: 1, Character: 4}}})
	if err == nil && h != nil && strings.Contains(h.Contents.(*protocol.MarkupContent).Value, "Routes this function handles") {
		t.Errorf("a hover inside the body shows the routes: %s", h.Contents.(*protocol.MarkupContent).Value)
	}
	s.exit(true)
}
