package server

import (
	"fmt"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// An Express 4 handler of routes.js awaits save() of store.js. While routes.js
// awaits nothing, no file names store.js and the walk leaves its cannot-reject facts
// unrecorded; once an edit makes routes.js await save(), they are recorded before
// the edit's findings are made: the await is guarded where save cannot reject, and
// reported where it can.
const (
	rejectRoutesAlone = "const express = require('express');\nconst app = express();\n" +
		"app.get('/', async (req, res) => {\n  res.send('ok');\n});\napp.listen(3000);\n"
	rejectRoutes = "const express = require('express');\nconst { save } = require('./store');\nconst app = express();\n" +
		"app.get('/', async (req, res) => {\n  await save();\n  res.send('ok');\n});\napp.listen(3000);\n"
	rejectStoreSettles = "exports.save = async function save() {\n  try {\n    await fetch('http://localhost/');\n  } catch (e) {\n    console.log(e);\n  }\n};\n"
	rejectStoreRejects = "exports.save = async function save() {\n  await fetch('http://localhost/');\n};\n"
	asyncRule          = "express-async-missing-next"
)

func TestGatedCannotRejectFactsRecordedWhenAnEditNamesTheirFile(t *testing.T) {
	for _, tc := range []struct {
		store string
		want  int
	}{{rejectStoreSettles, 0}, {rejectStoreRejects, 1}} {
		for _, cached := range []bool{false, true} {
			t.Run(fmt.Sprintf("findings=%d/cached=%v", tc.want, cached), func(t *testing.T) {
				ss, root := gatedSession(t, map[string]string{"routes.js": rejectRoutesAlone, "store.js": tc.store}, cached)
				if !ss.s.unrecorded(filepath.Join(root, "store.js")) {
					t.Fatal("the walk recorded store.js's cannot-reject facts, which no file reads: the index does not gate")
				}
				routes := uri.File(filepath.Join(root, "routes.js"))
				ss.open(routes, "javascript", rejectRoutesAlone)
				ss.change(routes, 2, &protocol.TextDocumentContentChangeWholeDocument{Text: rejectRoutes})
				if got := of(asyncRule, ss.pull(routes)); len(got) != tc.want {
					t.Errorf("after the edit routes.js has %d %s findings, want %d: %v", len(got), asyncRule, tc.want, got)
				}
				if ss.s.unrecorded(filepath.Join(root, "store.js")) {
					t.Error("store.js's facts, read now, are still marked unrecorded")
				}
			})
		}
	}
}

// A file the walk did not parse reads nothing, so a file only it names stays
// unrecorded too; once an edit names the first (queue.js), it is judged, and what it
// names (jobs.js) is judged before the edit's findings are made.
func TestGatedCannotRejectFactsFollowAFileThatBecomesParsed(t *testing.T) {
	ss, root := gatedSession(t, map[string]string{
		"routes.js": rejectRoutesAlone,
		"store.js":  "const { run } = require('./jobs');\nexports.save = async function save() {\n  try {\n    await run();\n  } catch (e) {\n    console.log(e);\n  }\n};\n",
		"jobs.js":   "exports.run = async function run() {\n  return 1;\n};\n",
	}, false)
	store, jobs := filepath.Join(root, "store.js"), filepath.Join(root, "jobs.js")
	if !ss.s.unrecorded(store) || !ss.s.unrecorded(jobs) {
		t.Fatalf("unrecorded after the walk: store.js %v, jobs.js %v; want both", ss.s.unrecorded(store), ss.s.unrecorded(jobs))
	}
	routes := uri.File(filepath.Join(root, "routes.js"))
	ss.open(routes, "javascript", rejectRoutesAlone)
	ss.change(routes, 2, &protocol.TextDocumentContentChangeWholeDocument{Text: rejectRoutes})
	if got := of(asyncRule, ss.pull(routes)); len(got) != 0 {
		t.Errorf("after the edit routes.js has %v, want no %s finding: save cannot reject", got, asyncRule)
	}
	if ss.s.unrecorded(store) || ss.s.unrecorded(jobs) {
		t.Errorf("unrecorded after the edit: store.js %v, jobs.js %v; want neither", ss.s.unrecorded(store), ss.s.unrecorded(jobs))
	}
}
