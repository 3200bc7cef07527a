package server

import (
	"slices"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// The outline of a module that registers on an app it is handed lists the routes at
// the prefix of the router a factory of the server file mounts it under.
func TestDocumentSymbolsOfAnAppParameterModule(t *testing.T) {
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
		"server.js": "const express = require('express');\nconst app = express();\n" +
			"app.use('/api/v1', require('./api')(env));\n",
		"api.js": "const express = require('express');\nconst users = require('./users');\n" +
			"module.exports = function create(env) {\n  const api = express.Router();\n  users(api);\n  return api;\n};\n",
		"users.ts": "export default function (router) {\n  router.get('/users/:id', show);\n  router.post('/users', create);\n}\n",
	}
	got := outlineNames(t, files, "users.ts")
	if want := []string{"GET /api/v1/users/:id", "POST /api/v1/users"}; !slices.Equal(got, want) {
		t.Errorf("symbols %q, want %q", got, want)
	}
}

// outlineNames writes files into a workspace, indexes it, opens the file open and
// returns the names of its document symbols, in order.
func outlineNames(t *testing.T, files map[string]string, open string) []string {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, root, files)
	ss := newSession(t)
	ss.initializeFolder(root, false)
	doc := uri.File(root + "/" + open)
	ss.open(doc, "typescript", files[open])
	return ss.symbolNames(doc)
}

// symbolNames are the names of doc's document symbols, in order, as the server gives
// them now.
func (ss *session) symbolNames(doc uri.URI) []string {
	ss.t.Helper()
	result, err := ss.server.DocumentSymbol(ss.ctx(), &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
	if err != nil {
		ss.t.Fatal(err)
	}
	var got []string
	for _, s := range result.(protocol.DocumentSymbolSlice) {
		got = append(got, s.Name)
	}
	return got
}
