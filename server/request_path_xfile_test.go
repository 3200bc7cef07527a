package server

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// A helper in one open file is on the request path while a route registered in
// another open file calls it: its blocking read is reported in the helper's file,
// and the finding goes away when the registration is removed there.
func TestRequestPathFollowsARouteInAnotherOpenFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies": {"express": "^4.21.2"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	const helper = "const fs = require('fs');\nexports.renderInvite = (to) => fs.readFileSync('invite.html', 'utf8').replace('{to}', to);\n"
	const registered = "const express = require('express');\nconst { renderInvite } = require('./mail');\nconst app = express();\napp.post('/invite', (req, res) => res.send(renderInvite(req.body.to)));\napp.listen(3000);\n"
	const unregistered = "const express = require('express');\nconst { renderInvite } = require('./mail');\nconst app = express();\napp.listen(3000);\n"

	s := moduleServer()
	defer s.closeAll()
	ctx := context.Background()
	mail := uri.File(filepath.Join(dir, "mail.js"))
	routes := uri.File(filepath.Join(dir, "routes.js"))
	openModule(t, s, mail, helper)
	openModule(t, s, routes, registered)

	flagged := func() bool {
		report, err := s.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: mail}})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range report.(*protocol.RelatedFullDocumentDiagnosticReport).Items {
			if code, _ := d.Code.(protocol.String); string(code) == "no-sync-fs-in-handler" && d.Range.Start.Line == 1 {
				return true
			}
		}
		return false
	}
	eventually(t, "the read in mail.js reported once routes.js registers its caller", flagged)

	editModule(t, s, routes, 2, &protocol.TextDocumentContentChangePartial{
		Range: protocol.Range{Start: protocol.Position{Line: 3}, End: protocol.Position{Line: 4}},
	})
	if got := s.doc(string(routes)); got == nil || string(got.text) != unregistered {
		t.Fatalf("the edit did not remove the registration")
	}
	eventually(t, "the finding in mail.js gone once the registration is removed", func() bool { return !flagged() })
}
