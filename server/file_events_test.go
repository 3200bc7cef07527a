package server

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// cipherAt is a file with one weak-cipher finding, on line `line` (0-based).
func cipherAt(line int) string {
	return "const crypto = require('crypto');\n" + strings.Repeat("\n", line-1) + "crypto.createCipher('aes192', 'k');\n"
}

// fileEventsIdle reports that no file-change work is queued or running.
func (s *Server) fileEventsIdle() bool {
	s.idx.events.mu.Lock()
	defer s.idx.events.mu.Unlock()
	return !s.idx.events.working
}

// indexedLines are the start lines of a closed file's diagnostics as the client pulls
// them from the workspace report.
func (ss *session) indexedLines(path string) []int {
	ss.t.Helper()
	report, err := ss.server.DiagnosticWorkspace(ss.ctx(), &protocol.WorkspaceDiagnosticParams{})
	if err != nil {
		ss.t.Fatal(err)
	}
	lines := []int{}
	for _, item := range report.Items {
		full := item.(*protocol.WorkspaceFullDocumentDiagnosticReport)
		if full.URI.FsPath() == path {
			for _, d := range full.Items {
				lines = append(lines, int(d.Range.Start.Line))
			}
		}
	}
	return lines
}

// fileChanged sends a change event of path to the server's handler itself, so that
// the event is queued when it returns (through the wire it may not be read yet).
func (ss *session) fileChanged(path string) {
	ss.t.Helper()
	if err := ss.s.DidChangeWatchedFiles(ss.ctx(), &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
		{URI: uri.File(path), Type: protocol.FileChangeTypeChanged},
	}}); err != nil {
		ss.t.Fatal(err)
	}
}

// A walk reads a file, the file changes on disk and its change event is judged, and
// only then does the walk record its read of the old text: once the walk ends, the
// file's diagnostics are the new text's, not the walk's stale ones.
func TestWalkReadOlderThanAnEventIsJudgedAgain(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`, "a.js": cipherAt(1)})
	file := filepath.Join(root, "a.js")
	ss := newSession(t)
	ss.s.idx.cacheOff.Store(true)
	read, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	ss.s.idx.recording = func(path string) {
		if filepath.Base(path) == "a.js" {
			once.Do(func() {
				close(read)
				<-release
			})
		}
	}
	params := &protocol.InitializeParams{}
	folders := fmt.Sprintf(`{"workspaceFolders": [{"uri": %q, "name": "ws"}]}`, uri.File(root))
	if err := protocol.Unmarshal([]byte(folders), &params.WorkspaceFoldersInitializeParams); err != nil {
		t.Fatal(err)
	}
	params.Capabilities.TextDocument = &protocol.TextDocumentClientCapabilities{Diagnostic: &protocol.DiagnosticClientCapabilities{}}
	if _, err := ss.server.Initialize(ss.ctx(), params); err != nil {
		t.Fatal(err)
	}
	if err := ss.server.Initialized(ss.ctx(), &protocol.InitializedParams{}); err != nil {
		t.Fatal(err)
	}
	<-read // the walk has read the old text and holds its result
	writeFiles(t, root, map[string]string{"a.js": cipherAt(3)})
	ss.fileChanged(file)
	eventually(t, "the event's judgement", func() bool { return fmt.Sprint(ss.indexedLines(file)) == "[3]" })
	close(release) // the walk records its read of the old text now
	eventually(t, "the walk and the events", func() bool {
		return ss.logged("workspace indexed") > 0 && ss.s.indexIdle() && ss.s.fileEventsIdle()
	})
	if got := fmt.Sprint(ss.indexedLines(file)); got != "[3]" {
		t.Errorf("after the walk the file's diagnostics are on lines %s, want [3] (the new text's)", got)
	}
}

// Two events of one file in quick succession end with the newest text's diagnostics:
// their judgements are done in order.
func TestTwoQuickEventsEndWithTheNewestText(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`, "a.js": cipherAt(1)})
	file := filepath.Join(root, "a.js")
	ss := newSession(t)
	ss.s.idx.cacheOff.Store(true)
	ss.initializeFolder(root, false)
	if got := fmt.Sprint(ss.indexedLines(file)); got != "[1]" {
		t.Fatalf("indexed on lines %s, want [1]", got)
	}
	for round := range 5 {
		writeFiles(t, root, map[string]string{"a.js": cipherAt(3 + round)})
		ss.fileChanged(file)
		writeFiles(t, root, map[string]string{"a.js": cipherAt(10 + round)})
		ss.fileChanged(file)
		eventually(t, "the events", func() bool { return ss.s.fileEventsIdle() })
		if got, want := fmt.Sprint(ss.indexedLines(file)), fmt.Sprintf("[%d]", 10+round); got != want {
			t.Errorf("round %d: diagnostics on lines %s, want %s (the newest text's)", round, got, want)
		}
	}
}

// The events' worker ends with the session: work still queued at exit is dropped.
func TestFileEventWorkerEndsAtExit(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`, "a.js": cipherAt(1)})
	ss := newSession(t)
	ss.s.idx.cacheOff.Store(true)
	ss.initializeFolder(root, false)
	for range 50 {
		ss.fileChanged(filepath.Join(root, "a.js"))
	}
	if err := ss.server.Exit(ss.ctx()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the worker to end", func() bool { return ss.s.fileEventsIdle() })
	ss.s.idx.events.mu.Lock()
	left := len(ss.s.idx.events.queue)
	ss.s.idx.events.mu.Unlock()
	if left != 0 {
		t.Errorf("%d event batches left queued after exit", left)
	}
}
