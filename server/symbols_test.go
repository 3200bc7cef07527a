package server

import (
	"slices"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// routesWorkspace is an app whose router lives in another file, mounted at /api.
var routesWorkspace = map[string]string{
	"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
	"src/app.js":   "const express = require('express');\nconst app = express();\napp.use('/api', require('./routes/users'));\napp.get('/health', (req, res) => res.end());\napp.listen(3000);\n",
	"src/routes/users.ts": "import { Router, Request, Response } from 'express';\nconst router = Router();\n" +
		"router.get('/users/:id', async (req: Request, res: Response) => { res.end() });\n" +
		"router.route('/users').post((req: Request, res: Response) => res.end());\nexport default router;\n",
}

// The outline of a routes file lists its routes with the prefix app.js mounts the
// router at; the file is open, app.js only indexed.
func TestDocumentSymbolsAreTheFullRoutes(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, routesWorkspace)
	ss := newSession(t)
	ss.initializeFolder(root, false)
	doc := uri.File(root + "/src/routes/users.ts")
	ss.open(doc, "typescript", routesWorkspace["src/routes/users.ts"])
	result, err := ss.server.DocumentSymbol(ss.ctx(), &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
	if err != nil {
		t.Fatal(err)
	}
	symbols, ok := result.(protocol.DocumentSymbolSlice)
	if !ok {
		t.Fatalf("result %T, want document symbols", result)
	}
	var got []string
	var lines []uint32
	for _, s := range symbols {
		got = append(got, s.Name)
		lines = append(lines, s.Range.Start.Line)
		if s.Kind != protocol.SymbolKindMethod {
			t.Errorf("%s: kind %v, want Method", s.Name, s.Kind)
		}
	}
	if want := []string{"GET /api/users/:id", "POST /api/users"}; !slices.Equal(got, want) {
		t.Errorf("symbols %q, want %q", got, want)
	}
	if want := []uint32{2, 3}; !slices.Equal(lines, want) {
		t.Errorf("symbol lines %v, want the registrations' %v", lines, want)
	}
	if d := symbols[0].Detail; d == nil || *d != "inline, async" {
		t.Errorf("detail %v, want the handler and that it is async", d)
	}
}

// Workspace symbols find a route by a piece of its full path, in closed files too.
func TestWorkspaceSymbolsFindRoutesByPath(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, routesWorkspace)
	ss := newSession(t)
	ss.initializeFolder(root, false)
	find := func(query string) []string {
		t.Helper()
		result, err := ss.server.Symbols(ss.ctx(), &protocol.WorkspaceSymbolParams{Query: query})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range result.(protocol.SymbolInformationSlice) {
			rel := string(s.Location.URI)[len(string(uri.File(root)))+1:]
			got = append(got, s.Name+" "+rel)
		}
		slices.Sort(got)
		return got
	}
	if got, want := find("users/"), []string{"GET /api/users/:id src/routes/users.ts"}; !slices.Equal(got, want) {
		t.Errorf("users/: %q, want %q", got, want)
	}
	if got, want := find("HEALTH"), []string{"GET /health src/app.js"}; !slices.Equal(got, want) {
		t.Errorf("HEALTH: %q, want %q", got, want)
	}
	if got := find("/nowhere"); len(got) != 0 {
		t.Errorf("/nowhere found %q", got)
	}
	if got := find(""); len(got) != 3 {
		t.Errorf("the empty query gives %d routes, want all 3 (the mount is none): %q", len(got), got)
	}
}
