package server

import (
	"context"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// TestDisableActionOnALineInsideALiteral asks for "Disable no-sync-fs-in-handler for
// this line" on a finding whose line begins inside a template literal or JSX text,
// applies the edit as a client would, and pulls the diagnostics again: the finding is
// gone, the edited file parses as well as before, and the literal's text is intact.
func TestDisableActionOnALineInsideALiteral(t *testing.T) {
	head := "const fs = require('fs');\nconst app = require('express')();\napp.get('/', (req, res) => {\n"
	cases := []struct{ name, file, body, literal string }{
		{"template literal in JS", "t.js", "  res.send(`<pre>\n${fs.readFileSync('a')}</pre>`);\n", "`<pre>\n"},
		{"template literal in TS", "t.ts", "  const page: string = `<pre>\n  ${fs.readFileSync('a')}\n</pre>`;\n  res.send(page);\n", "`<pre>\n  "},
		{"JSX text in TSX", "t.tsx", "  res.send(render(<main>\n    Your file:\n    {fs.readFileSync('a')}\n  </main>));\n", "Your file:"},
		{"JSX child in TSX", "c.tsx", "  res.send(render(<main>\n    <h1>Your file</h1>\n    {fs.readFileSync('a')}\n  </main>));\n", "<h1>Your file</h1>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ss := newSession(t)
			ss.initialize(true, false)
			doc := uri.File("/project/src/" + tc.file)
			text := head + tc.body + "});\n"
			ss.open(doc, "", text)
			found := of("no-sync-fs-in-handler", ss.pull(doc))
			if len(found) != 1 {
				t.Fatalf("want one no-sync-fs-in-handler, got %v", found)
			}
			actions, err := ss.server.CodeAction(ss.ctx(), &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc},
				Range: found[0].Range, Context: protocol.CodeActionContext{Diagnostics: found}})
			if err != nil {
				t.Fatal(err)
			}
			var edits []protocol.TextEdit
			for _, a := range actions {
				if ca, ok := a.(*protocol.CodeAction); ok && ca.Title == "Disable no-sync-fs-in-handler for this line" {
					edits = ca.Edit.Changes[doc]
				}
			}
			if len(edits) != 1 {
				t.Fatalf("want one edit from the disable action, got %v", actions)
			}
			lines := source.NewLines([]byte(text))
			at := lines.Offset(source.Position{Line: edits[0].Range.Start.Line, Character: edits[0].Range.Start.Character}, source.UTF16)
			edited := text[:at] + edits[0].NewText + text[at:]
			if !strings.Contains(edited, tc.literal) {
				t.Errorf("the edit changed the literal %q:\n%s", tc.literal, edited)
			}
			if tree, err := syntax.Parse(context.Background(), syntax.ForPath(tc.file), []byte(edited), nil); err != nil || tree.RootNode().HasError() {
				t.Errorf("the edited file does not parse (%v):\n%s", err, edited)
			} else {
				syntax.Close(tree)
			}
			ss.change(doc, 2, &protocol.TextDocumentContentChangeWholeDocument{Text: edited})
			if left := ss.pull(doc); len(left) > 0 {
				t.Errorf("after the edit:\n%s\nstill reported: %v", edited, left)
			}
		})
	}
}
