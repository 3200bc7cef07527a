package server

import (
	"fmt"
	"maps"
	"path/filepath"
	"strings"
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

// What a file records of its own functions rests on its own code alone, in the walk
// and after an edit: store.js's save awaits run() of jobs.js, which cannot reject, yet
// a walk judges save before any fact is known, so it can reject, and the handler that
// awaits it is reported. Once an edit makes routes.js await save(), store.js, judged
// again with the index's facts, records what the walk would: routes.js has the finding
// a fresh walk of the edited tree reports. Where only store.js names jobs.js, jobs.js
// stays unrecorded, in the walk and after the edit; where a handler of jobs.js's own
// asks for its facts too (other.js), they are recorded, and store.js's verdict still
// does not read them (when it did, the edit gave no finding where the walk gave one).
func TestGatedCannotRejectFactsRestOnTheirOwnFile(t *testing.T) {
	for _, other := range []bool{false, true} {
		files := map[string]string{
			"routes.js": rejectRoutesAlone,
			"store.js":  "const { run } = require('./jobs');\nexports.save = async function save() {\n  await run();\n};\n",
			"jobs.js":   "exports.run = async function run() {\n  return 1;\n};\n",
		}
		if other {
			files["other.js"] = strings.ReplaceAll(strings.ReplaceAll(rejectRoutes, "save", "run"), "./store", "./jobs")
		}
		edited := maps.Clone(files)
		edited["routes.js"] = rejectRoutes
		fresh, freshRoot := gatedSession(t, edited, false)
		freshRoutes := uri.File(filepath.Join(freshRoot, "routes.js"))
		fresh.open(freshRoutes, "javascript", rejectRoutes)
		want := fmt.Sprint(of(asyncRule, fresh.pull(freshRoutes)))
		if want == "[]" || fresh.s.unrecorded(filepath.Join(freshRoot, "jobs.js")) == other {
			t.Fatalf("a fresh walk of the edited tree (other.js: %v): routes.js %s, jobs.js unrecorded %v; want a finding",
				other, want, fresh.s.unrecorded(filepath.Join(freshRoot, "jobs.js")))
		}
		for _, cached := range []bool{false, true} {
			t.Run(fmt.Sprintf("other=%v/cached=%v", other, cached), func(t *testing.T) {
				ss, root := gatedSession(t, files, cached)
				store, jobs := filepath.Join(root, "store.js"), filepath.Join(root, "jobs.js")
				if !ss.s.unrecorded(store) || ss.s.unrecorded(jobs) == other {
					t.Fatalf("unrecorded after the walk: store.js %v, jobs.js %v", ss.s.unrecorded(store), ss.s.unrecorded(jobs))
				}
				routes := uri.File(filepath.Join(root, "routes.js"))
				ss.open(routes, "javascript", rejectRoutesAlone)
				ss.change(routes, 2, &protocol.TextDocumentContentChangeWholeDocument{Text: rejectRoutes})
				if got := fmt.Sprint(of(asyncRule, ss.pull(routes))); got != want {
					t.Errorf("after the edit routes.js has %s, want what a fresh walk reports: %s", got, want)
				}
				if ss.s.unrecorded(store) || ss.s.unrecorded(jobs) == other {
					t.Errorf("unrecorded after the edit: store.js %v, jobs.js %v", ss.s.unrecorded(store), ss.s.unrecorded(jobs))
				}
			})
		}
	}
}
