package server

import (
	"path/filepath"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// The index does not parse a file no rule can report on, as check does not; its route
// table is built when a request first needs its package's routes, and then places a
// route's handler in it as an index that parsed every file did.
func TestIndexTablesUnparsedFilesWhenAsked(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
		"src/app.js":   "const express = require('express');\nconst app = express();\napp.get('/list', require('./controllers/list').list);\napp.listen(3000);\n",
		// Mentions nothing any rule looks for: checked without parsing.
		"src/controllers/list.js": "function list(a, b) {\n  return b;\n}\nmodule.exports = { list };\n",
	})
	ss := newSession(t)
	ss.initializeFolder(root, false)
	controller := filepath.Join(root, "src", "controllers", "list.js")
	ss.s.idx.mu.Lock()
	_, unparsed := ss.s.idx.unparsed[controller]
	ss.s.idx.mu.Unlock()
	if !unparsed {
		t.Fatalf("the controller was parsed by the index (unparsed files: %v)", ss.s.idx.unparsed)
	}
	var list []resolve.FullRoute
	for _, r := range resolve.JoinRoutes(ss.s.packageRoutes(ss.ctx(), root)[root]) {
		if r.FullPath == "/list" {
			list = append(list, r)
		}
	}
	if len(list) != 1 || list[0].HandlerFile != controller || list[0].Handler.At.Start != 0 {
		t.Fatalf("GET /list: %+v, want its handler at the start of %s", list, controller)
	}
	ss.s.idx.mu.Lock()
	left := len(ss.s.idx.unparsed)
	ss.s.idx.mu.Unlock()
	if left != 0 {
		t.Errorf("%d files still without a table after their package's routes were asked for", left)
	}
}
