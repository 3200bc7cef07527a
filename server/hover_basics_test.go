package server

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/source"
)

// hoverMark is put in front of each name a test hovers; it is removed before the
// document is opened.
const hoverMark = "@@"

// hoverEach opens code (with hoverMark before each name to hover) as a document of
// the language and returns the Markdown hover at each mark, "" where there is none.
func hoverEach(t *testing.T, name, lang, code string) []string {
	t.Helper()
	s := New(Options{Name: "nodecoach"})
	s.markdownHover = true
	s.pullDiags = true // nothing is pushed: the test has no client connection
	// The document's trees are freed at the end, as a client's close would: the leak
	// test counts every tree of the process.
	t.Cleanup(s.closeAll)
	ctx := context.Background()
	var offsets []int
	for i := strings.Index(code, hoverMark); i >= 0; i = strings.Index(code, hoverMark) {
		offsets = append(offsets, i)
		code = code[:i] + code[i+len(hoverMark):]
	}
	docURI := uri.URI("untitled:" + name)
	if err := s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: docURI, LanguageID: protocol.LanguageKind(lang), Version: 1, Text: code}}); err != nil {
		t.Fatal(err)
	}
	lines := source.NewLines([]byte(code))
	var out []string
	for _, at := range offsets {
		pos := lines.Position(at, source.UTF16)
		h, err := s.Hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: docURI}, Position: protocol.Position{Line: pos.Line, Character: pos.Character},
		}})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, hoverText(h))
	}
	return out
}

// TestHoverOnTheRequestResponseBasics: a handler's parameters and their common
// members, next in its three uses, app.listen and a zlib stream inside pipeline()
// show their entries, in JavaScript and in TypeScript.
func TestHoverOnTheRequestResponseBasics(t *testing.T) {
	const cycle = "The request/response cycle and next()"
	want := []struct{ api, title string }{
		{"express.request.body", cycle}, {"express.response.status", cycle},
		{"express.request.query", cycle}, {"express.request.params", cycle}, {"express.request.headers", cycle},
		{"express.response.set", cycle}, {"zlib.createGzip", "Node.js streams and pipeline()"},
		{"express.NextFunction", cycle}, {"express.NextFunction", cycle}, {"express.NextFunction", cycle},
		{"express.response.json", cycle}, {"express.response.send", cycle},
		{"express.NextFunction", cycle}, {"express.app.listen", cycle},
	}
	body := `app.post('/notes/:id', async (req, res, next) => {
  if (!req.@@body) return res.@@status(400).json({});
  const q = req.@@query.x + req.@@params.id + req.@@headers.host;
  res.@@set('X-Id', '1');
  try { await pipeline(fs.createReadStream('a'), zlib.@@createGzip(), res); } catch (err) { return @@next(err); }
  if (q) return @@next('route');
  @@next();
  res.@@json({}); res.@@send('x');
});
app.use((err, req, res, @@next) => res.status(500).end());
app.@@listen(3000);
`
	js := "const express = require('express');\nconst zlib = require('node:zlib');\nconst fs = require('node:fs');\n" +
		"const { pipeline } = require('node:stream/promises');\nconst app = express();\n" + body
	ts := "import express from 'express';\nimport * as zlib from 'zlib';\nimport fs from 'fs';\n" +
		"import { pipeline } from 'stream/promises';\nconst app = express();\n" +
		strings.Replace(body, "async (req, res, next)", "async (req: express.Request, res: express.Response, next: express.NextFunction)", 1)
	for _, c := range []struct{ name, lang, code string }{{"basics.js", "javascript", js}, {"basics.ts", "typescript", ts}} {
		got := hoverEach(t, c.name, c.lang, c.code)
		if len(got) != len(want) {
			t.Fatalf("%s: %d hovers, want %d", c.name, len(got), len(want))
		}
		for i, w := range want {
			if !strings.Contains(got[i], "`"+w.api+"`") || !strings.Contains(got[i], "### "+w.title) {
				t.Errorf("%s: hover %d: want %s from %q, got:\n%s", c.name, i, w.api, w.title, got[i])
			}
		}
	}
}

// TestHoverOnNextOnlyInHandlers: a `next` that is not an Express handler's own next
// parameter (a plain function's, or a callback's that shadows it) has no hover.
func TestHoverOnNextOnlyInHandlers(t *testing.T) {
	code := `const app = require('express')();
function walk(items, a, @@next) { return @@next(items); }
app.get('/', (req, res, next) => {
  [1, 2].forEach((x, i, @@next) => @@next);
  res.send('ok');
});
app.get('/x', (req, res, next) => @@next());
`
	got := hoverEach(t, "next.js", "javascript", code)
	for i, h := range got[:4] {
		if h != "" {
			t.Errorf("hover %d: want none on a next that is not a handler's, got:\n%s", i, h)
		}
	}
	if !strings.Contains(got[4], "`express.NextFunction`") {
		t.Errorf("a handler's next: want its entry, got:\n%s", got[4])
	}
}

// TestFindingHoverFixFirstOverLSP: the hover on a finding shows the fix before the
// concept, and none of the rule's scope notes.
func TestFindingHoverFixFirstOverLSP(t *testing.T) {
	code := "const fs = require('fs');\nconst app = require('express')();\napp.get('/', (req, res) => {\n  res.send(fs.@@readFileSync('a'));\n});\n"
	h := hoverEach(t, "sync.js", "javascript", code)[0]
	fix, concept := strings.Index(h, "**Use instead:**"), strings.Index(h, "**Synchronous vs asynchronous I/O**")
	if fix < 0 || concept < 0 || fix > concept {
		t.Errorf("want the fix before the concept:\n%s", h)
	}
	if strings.Contains(h, "Startup code") || strings.Contains(h, "not flagged") {
		t.Errorf("the hover carries the rule's scope notes:\n%s", h)
	}
	if api := strings.Index(h, "`fs.readFileSync`: "); api < concept {
		t.Errorf("the API's own part (at %d) comes after the finding's (concept at %d):\n%s", api, concept, fmt.Sprint(h))
	}
}
