package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// vulnerableApp has one no-sync-fs-in-handler finding.
const vulnerableApp = "const fs = require('fs');\nrequire('express')().get('/', (req, res) => res.send(fs.readFileSync('a')));\n"

// hostilePlants are what a cloned repository can carry in place of a project file:
// links to devices that never end or to the server's own input, and a FIFO that never
// answers.
var hostilePlants = map[string]func(path string) error{
	"link to /dev/zero":    func(p string) error { return os.Symlink("/dev/zero", p) },
	"link to /dev/urandom": func(p string) error { return os.Symlink("/dev/urandom", p) },
	"link to /dev/stdin":   func(p string) error { return os.Symlink("/dev/stdin", p) },
	"FIFO":                 func(p string) error { return syscall.Mkfifo(p, 0o644) },
}

// writeFiles writes files (slash path → text) under root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// initializeFolder initializes with root as the one workspace folder, pulling
// diagnostics, or with push set, having closed files' diagnostics pushed
// (nodecoach.workspaceDiagnostics); it returns once the index is built.
func (ss *session) initializeFolder(root string, push bool) {
	ss.t.Helper()
	params := &protocol.InitializeParams{}
	folders := fmt.Sprintf(`{"workspaceFolders": [{"uri": %q, "name": "ws"}]}`, uri.File(root))
	if err := protocol.Unmarshal([]byte(folders), &params.WorkspaceFoldersInitializeParams); err != nil {
		ss.t.Fatal(err)
	}
	params.Capabilities.TextDocument = &protocol.TextDocumentClientCapabilities{}
	if push {
		yes := true
		params.Capabilities.Workspace = &protocol.WorkspaceClientCapabilities{Configuration: &yes}
		ss.client.settings = []byte(`{"workspaceDiagnostics": true}`)
	} else {
		params.Capabilities.TextDocument.Diagnostic = &protocol.DiagnosticClientCapabilities{}
	}
	if _, err := ss.server.Initialize(ss.ctx(), params); err != nil {
		ss.t.Fatal(err)
	}
	if err := ss.server.Initialized(ss.ctx(), &protocol.InitializedParams{}); err != nil {
		ss.t.Fatal(err)
	}
	eventually(ss.t, "the index", func() bool { return ss.logged("workspace indexed") > 0 && ss.s.indexIdle() })
}

// indexIdle reports that no workspace walk runs or is due.
func (s *Server) indexIdle() bool {
	s.idx.runMu.Lock()
	defer s.idx.runMu.Unlock()
	return !s.idx.running
}

// indexed is the workspace's index as the client pulls it: relative path → rules.
func (ss *session) indexed(root string) map[string][]string {
	ss.t.Helper()
	report, err := ss.server.DiagnosticWorkspace(ss.ctx(), &protocol.WorkspaceDiagnosticParams{})
	if err != nil {
		ss.t.Fatal(err)
	}
	out := map[string][]string{}
	for _, item := range report.Items {
		full := item.(*protocol.WorkspaceFullDocumentDiagnosticReport)
		rel, _ := filepath.Rel(root, full.URI.FsPath())
		rules := []string{}
		for _, d := range full.Items {
			code, _ := d.Code.(protocol.String)
			rules = append(rules, string(code))
		}
		out[filepath.ToSlash(rel)] = rules
	}
	return out
}

// notIndexed lists the "not indexed" log entries as "file: reason".
func (ss *session) notIndexed() []string {
	var out []string
	for _, e := range ss.logs.FilterMessage("not indexed").All() {
		m := e.ContextMap()
		why := m["reason"]
		if why == nil {
			why = m["error"]
		}
		out = append(out, fmt.Sprintf("%v: %v", m["file"], why))
	}
	return out
}

// TestHostileProjectFilesInTheWorkspace: package.json or .nodecoach.json linked to
// /dev/zero or /dev/urandom once took the server to 2 GB in seconds, as a FIFO blocked
// it holding the configuration's lock, and linked to /dev/stdin it read the server's
// own input; a .gitignore linked to /dev/urandom made the walk endless. Now the index
// is built, the sources are analysed with the defaults, and the user is told which
// file was skipped and why.
func TestHostileProjectFilesInTheWorkspace(t *testing.T) {
	for _, file := range []string{"package.json", ".nodecoach.json", ".gitignore"} {
		for plant, make := range hostilePlants {
			t.Run(file+" "+plant, func(t *testing.T) {
				root := t.TempDir()
				writeFiles(t, root, map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`, "src/app.js": vulnerableApp})
				os.Remove(filepath.Join(root, file))
				if err := make(filepath.Join(root, file)); err != nil {
					t.Skipf("cannot make a %s here: %v", plant, err)
				}
				ss := newSession(t)
				ss.initializeFolder(root, false)
				if got := ss.indexed(root); len(of("no-sync-fs-in-handler", diagsOf(got["src/app.js"]))) != 1 {
					t.Errorf("index %v: the source must still be analysed", got)
				}
				doc := uri.File(filepath.Join(root, "src", "app.js"))
				ss.open(doc, "javascript", vulnerableApp)
				if n := len(of("no-sync-fs-in-handler", ss.pull(doc))); n != 1 {
					t.Errorf("open document: %d findings, want 1", n)
				}
				// A shown message may land after the answers above: the client
				// handles notifications apart from replies.
				eventually(t, "something saying "+file+" was skipped and why", func() bool {
					said := strings.Join(append(ss.client.shown(), ss.notIndexed()...), "\n")
					return strings.Contains(said, file+": not read: ") || strings.Contains(said, file+" is invalid, using the defaults: not read: ") ||
						strings.Contains(said, file+" cannot be used, the versions it gives count as unknown: not read: ")
				})
			})
		}
	}
}

// diagsOf turns rule names back into diagnostics for of.
func diagsOf(rules []string) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(rules))
	for _, r := range rules {
		out = append(out, protocol.Diagnostic{Code: protocol.String(r)})
	}
	return out
}

// TestWatchedEventsReadNothingOutsideTheWorkspace: a didChangeWatchedFiles event for a
// source linked out of the workspace once had it read and its 30 findings published,
// and one linked to /dev/zero took the server to 2 GB. Now neither is read, nor a
// source under a directory linked out, nor a path outside the folder, and nothing is
// published for any of them.
func TestWatchedEventsReadNothingOutsideTheWorkspace(t *testing.T) {
	base := t.TempDir()
	root, outside := filepath.Join(base, "ws"), filepath.Join(base, "outside")
	writeFiles(t, root, map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`, "src/app.js": "module.exports = 1;\n"})
	writeFiles(t, outside, map[string]string{"secret.js": vulnerableApp})
	for name, target := range map[string]string{"src/outside.js": filepath.Join(outside, "secret.js"), "src/zero.js": "/dev/zero", "src/linked": outside} {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skipf("symlinks unsupported here: %v", err)
		}
	}
	ss := newSession(t)
	ss.initializeFolder(root, true)
	hostile := []string{filepath.Join(root, "src", "outside.js"), filepath.Join(root, "src", "zero.js"),
		filepath.Join(root, "src", "linked", "secret.js"), filepath.Join(outside, "secret.js")}
	var changes []protocol.FileEvent
	for _, p := range hostile {
		changes = append(changes, protocol.FileEvent{URI: uri.File(p), Type: protocol.FileChangeTypeChanged})
	}
	// The workspace's own file's diagnostics, and the refusals logged, say the event
	// was handled: the event's files are judged side by side, in no set order.
	app := filepath.Join(root, "src", "app.js")
	writeFiles(t, root, map[string]string{"src/app.js": vulnerableApp})
	changes = append(changes, protocol.FileEvent{URI: uri.File(app), Type: protocol.FileChangeTypeChanged})
	if err := ss.server.DidChangeWatchedFiles(ss.ctx(), &protocol.DidChangeWatchedFilesParams{Changes: changes}); err != nil {
		t.Fatal(err)
	}
	published := func(path string) [][]protocol.Diagnostic {
		ss.client.mu.Lock()
		defer ss.client.mu.Unlock()
		var out [][]protocol.Diagnostic
		for _, p := range ss.client.diags {
			if p.URI == uri.File(path) {
				out = append(out, p.Diagnostics)
			}
		}
		return out
	}
	eventually(t, "the event's diagnostics", func() bool {
		got := published(app)
		return len(got) > 0 && len(got[len(got)-1]) == 1
	})
	eventually(t, "the log to say outside.js, zero.js and secret.js were refused", func() bool {
		refused := strings.Join(ss.notIndexed(), "\n")
		for _, name := range []string{"outside.js", "zero.js", "secret.js"} {
			if !strings.Contains(refused, name+": not read: a link to ") {
				return false
			}
		}
		return true
	})
	for _, p := range hostile {
		if got := published(p); len(got) > 0 {
			t.Errorf("published %v for %s", got, p)
		}
	}
}

// TestFileSwappedForAFIFODuringIndexing: a file replaced by a FIFO between the walk
// and its read once stalled the index for ever. Now it is skipped and the index ends
// with the other files.
func TestFileSwappedForAFIFODuringIndexing(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
		"a.js": vulnerableApp, "b.js": vulnerableApp, "c.js": vulnerableApp})
	ss := newSession(t)
	swapped := false
	ss.s.idx.walked = func(files []string) {
		if swapped {
			return
		}
		swapped = true
		b := filepath.Join(root, "b.js")
		if err := os.Remove(b); err != nil || syscall.Mkfifo(b, 0o644) != nil {
			t.Errorf("could not swap b.js for a FIFO")
		}
	}
	ss.initializeFolder(root, false)
	got := ss.indexed(root)
	if len(got) != 2 || len(got["a.js"]) != 1 || len(got["c.js"]) != 1 {
		t.Errorf("index %v, want a.js and c.js with their finding", got)
	}
	if refused := strings.Join(ss.notIndexed(), "\n"); !strings.Contains(refused, "b.js: not read: a named pipe") {
		t.Errorf("the log does not say b.js was skipped:\n%s", refused)
	}
}

// TestConfigurationStopsAtTheWorkspaceFolder: a .nodecoach.json above the workspace
// (a shared /tmp, a home directory) once applied and could silence every rule.
func TestConfigurationStopsAtTheWorkspaceFolder(t *testing.T) {
	above := t.TempDir()
	root := filepath.Join(above, "ws")
	writeFiles(t, above, map[string]string{
		".nodecoach.json":        `{"rules":{"no-sync-fs-in-handler":"off"}}`,
		"package.json":           `{"nodecoach":{"rules":{"no-sync-fs-in-handler":"off"}}}`,
		"ws/src/app.js":          vulnerableApp,
		"ws/sub/app.js":          vulnerableApp,
		"ws/sub/.nodecoach.json": `{"rules":{"no-sync-fs-in-handler":"error"}}`,
	})
	ss := newSession(t)
	ss.initializeFolder(root, false)
	for name, want := range map[string]protocol.DiagnosticSeverity{"src/app.js": protocol.DiagnosticSeverityWarning, "sub/app.js": protocol.DiagnosticSeverityError} {
		doc := uri.File(filepath.Join(root, filepath.FromSlash(name)))
		ss.open(doc, "javascript", vulnerableApp)
		found := of("no-sync-fs-in-handler", ss.pull(doc))
		if len(found) != 1 || found[0].Severity != want {
			t.Errorf("%s: %+v, want one finding of severity %v: the configuration above the folder must not apply, the one inside must", name, found, want)
		}
	}
}
