package server

import (
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/project"
)

// A route registered in routes.js calls renderInvite from mail.js. While mail.js has
// no blocking call, no file reads routes.js's request-path facts, and the walk leaves
// them unrecorded; once mail.js reads a file synchronously they are read.
const (
	gateRoutes    = "const express = require('express');\nconst { renderInvite } = require('./mail');\nconst app = express();\napp.post('/invite', (req, res) => res.send(renderInvite(req.body.to)));\napp.listen(3000);\n"
	gateHelper    = "const fs = require('fs');\nexports.renderInvite = (to) => 'Dear ' + to;\n"
	gateBlocking  = "const fs = require('fs');\nexports.renderInvite = (to) => fs.readFileSync('invite.html', 'utf8').replace('{to}', to);\n"
	gatePackage   = `{"dependencies": {"express": "^4.21.2"}}`
	gateBlockRule = "no-sync-fs-in-handler"
)

// gateWorkspace writes the package with mail.js as helper, starts a session on it and
// waits for the index; the walk must have left routes.js's facts unrecorded.
func gateWorkspace(t *testing.T, routes, helper string, cached bool) (*session, string) {
	t.Helper()
	ss, root := gatedSession(t, map[string]string{"routes.js": routes, "mail.js": helper}, cached)
	if !ss.s.unrecorded(filepath.Join(root, "routes.js")) {
		t.Fatal("the walk recorded routes.js's request-path facts, which no file reads: the index does not gate")
	}
	return ss, root
}

// gatedSession writes files beside an Express 4 package.json, starts a session on
// them, with the index cache on or off, and waits for the index.
func gatedSession(t *testing.T, files map[string]string, cached bool) (*session, string) {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"package.json": gatePackage})
	writeFiles(t, root, files)
	ss := newSession(t)
	if cached {
		t.Setenv("XDG_CACHE_HOME", t.TempDir())
	} else {
		ss.s.idx.cacheOff.Store(true)
	}
	ss.initializeFolder(root, false)
	return ss, root
}

// unrecorded reports whether the walk's looks say path's request-path facts are not
// recorded.
func (s *Server) unrecorded(path string) bool {
	g := &s.idx.looks
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, files := range g.byPkg {
		if l, ok := files[path]; ok {
			return l.Unrecorded
		}
	}
	return false
}

// blockingFindings are the rule's diagnostics of diags as comparable text.
func blockingFindings(diags []protocol.Diagnostic) string {
	out := ""
	for _, d := range of(gateBlockRule, diags) {
		out += fmt.Sprintf("%v %s\n", d.Range, d.Message)
	}
	return out
}

// freshIndexFindings are the findings of mail.js, open or not, that a fresh index of a
// workspace holding helper reports: what an index that gates exactly must report
// after any change to it.
func freshIndexFindings(t *testing.T, helper string, open bool) string {
	t.Helper()
	ss, root := gatedSession(t, map[string]string{"routes.js": gateRoutes, "mail.js": helper}, false)
	path := filepath.Join(root, "mail.js")
	var found string
	if open {
		ss.open(uri.File(path), "javascript", helper)
		found = blockingFindings(ss.pull(uri.File(path)))
	} else {
		found = ss.indexedFindings(path)
	}
	if found == "" {
		t.Fatal("a fresh index reports no blocking read in mail.js")
	}
	return found
}

// An edit that adds a blocking read to the helper makes the handler file's unrecorded
// facts read: they are recorded before the edit's findings are made, and the helper is
// reported as a fresh index of its new text reports it. The reverse edit clears it.
func TestGatedFactsRecordedWhenAnEditMakesAReader(t *testing.T) {
	want := freshIndexFindings(t, gateBlocking, true)
	for _, cached := range []bool{false, true} {
		t.Run(fmt.Sprintf("cached=%v", cached), func(t *testing.T) {
			ss, root := gateWorkspace(t, gateRoutes, gateHelper, cached)
			routes, mail := filepath.Join(root, "routes.js"), uri.File(filepath.Join(root, "mail.js"))
			ss.open(mail, "javascript", gateHelper)
			if got := blockingFindings(ss.pull(mail)); got != "" {
				t.Fatalf("before the edit: %s", got)
			}
			ss.change(mail, 2, &protocol.TextDocumentContentChangeWholeDocument{Text: gateBlocking})
			if got := blockingFindings(ss.pull(mail)); got != want {
				t.Errorf("after the edit mail.js has\n%s\nwant, as a fresh index reports it,\n%s", got, want)
			}
			if ss.s.unrecorded(routes) {
				t.Error("routes.js's facts, read now, are still marked unrecorded")
			}
			ss.change(mail, 3, &protocol.TextDocumentContentChangeWholeDocument{Text: gateHelper})
			if got := blockingFindings(ss.pull(mail)); got != "" {
				t.Errorf("after the read is removed again: %s", got)
			}
			ss.change(mail, 4, &protocol.TextDocumentContentChangeWholeDocument{Text: gateBlocking})
			if got := blockingFindings(ss.pull(mail)); got != want {
				t.Errorf("after the read is added back mail.js has\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// indexedFindings are the rule's diagnostics of a closed file as the workspace report
// has them.
func (ss *session) indexedFindings(path string) string {
	ss.t.Helper()
	report, err := ss.server.DiagnosticWorkspace(ss.ctx(), &protocol.WorkspaceDiagnosticParams{})
	if err != nil {
		ss.t.Fatal(err)
	}
	for _, item := range report.Items {
		if full := item.(*protocol.WorkspaceFullDocumentDiagnosticReport); full.URI.FsPath() == path {
			return blockingFindings(full.Items)
		}
	}
	return ""
}

// judgedFindings keeps, in order, each judgement of path outside the walk: the
// rule's findings as blockingFindings gives them.
func (ss *session) judgedFindings(path string) func() []string {
	var (
		mu  sync.Mutex
		out []string
	)
	ss.s.idx.judged = func(r project.FileResult) {
		if r.Abs != path {
			return
		}
		text := ""
		for _, f := range r.Findings {
			if f.Rule == gateBlockRule {
				text += fmt.Sprintf("%d-%d %s\n", f.Start, f.End, f.Message)
			}
		}
		mu.Lock()
		out = append(out, text)
		mu.Unlock()
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(out)
	}
}

// The same through a file event: the helper, not open, changes on disk; the handler
// file's facts are recorded before the helper is judged, so no judgement of the
// helper after the change lacks the finding, and its indexed findings are a fresh
// index's. Changed back, its finding goes.
func TestGatedFactsRecordedWhenAFileEventMakesAReader(t *testing.T) {
	want := freshIndexFindings(t, gateBlocking, false)
	for _, cached := range []bool{false, true} {
		t.Run(fmt.Sprintf("cached=%v", cached), func(t *testing.T) {
			ss, root := gateWorkspace(t, gateRoutes, gateHelper, cached)
			mail := filepath.Join(root, "mail.js")
			if got := ss.indexedFindings(mail); got != "" {
				t.Fatalf("before the change: %s", got)
			}
			judgements := ss.judgedFindings(mail)
			writeFiles(t, root, map[string]string{"mail.js": gateBlocking})
			ss.fileChanged(mail)
			eventually(t, "the event's judgements", ss.s.fileEventsIdle)
			if got := judgements(); len(got) == 0 || got[0] == "" || slices.Contains(got, "") {
				t.Errorf("after the change mail.js was judged with the blocking findings %q: a judgement without them came first", got)
			}
			if got := ss.indexedFindings(mail); got != want {
				t.Errorf("after the change mail.js has\n%s\nwant\n%s", got, want)
			}
			writeFiles(t, root, map[string]string{"mail.js": gateHelper})
			ss.fileChanged(mail)
			eventually(t, "the event's judgements", ss.s.fileEventsIdle)
			if got := ss.indexedFindings(mail); got != "" {
				t.Errorf("after the change back: %s", got)
			}
		})
	}
}

// The handler file itself may be what changes: a helper that reads synchronously and
// that no handler called is reported once a route, written in a file not open, calls
// it; the walk had left that file's facts unrecorded.
func TestGatedFactsOfAFileThatComesToNameAReader(t *testing.T) {
	want := freshIndexFindings(t, gateBlocking, false)
	const unrouted = "const express = require('express');\nconst app = express();\napp.post('/invite', (req, res) => res.send('ok'));\napp.listen(3000);\n"
	ss, root := gateWorkspace(t, unrouted, gateBlocking, false)
	routes, mail := filepath.Join(root, "routes.js"), filepath.Join(root, "mail.js")
	if got := ss.indexedFindings(mail); got != "" {
		t.Fatalf("no handler calls renderInvite, yet: %s", got)
	}
	writeFiles(t, root, map[string]string{"routes.js": gateRoutes})
	ss.fileChanged(routes)
	eventually(t, "the event's judgements", func() bool { return ss.s.fileEventsIdle() && ss.indexedFindings(mail) != "" })
	if got := ss.indexedFindings(mail); got != want {
		t.Errorf("mail.js has\n%s\nwant, as a fresh index reports it,\n%s", got, want)
	}
}
