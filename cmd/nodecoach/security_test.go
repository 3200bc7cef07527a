package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// fileState is what a file (or symlink) looks like: its mode, size, modification
// time and content hash, or its link target.
type fileState string

// snapshot records every entry under root without following symlinks.
func snapshot(t *testing.T, root string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		state := fmt.Sprintf("%v %d %d", info.Mode(), info.Size(), info.ModTime().UnixNano())
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			state += " -> " + target
		case info.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			state += fmt.Sprintf(" %x", sha256.Sum256(data))
		}
		out[filepath.ToSlash(rel)] = fileState(state)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffSnapshots(before, after map[string]fileState) []string {
	var diffs []string
	for p, s := range before {
		if after[p] != s {
			diffs = append(diffs, fmt.Sprintf("%s: %s -> %s", p, s, after[p]))
		}
	}
	for p, s := range after {
		if _, ok := before[p]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: new (%s)", p, s))
		}
	}
	return diffs
}

// TestSessionChangesNothingOnDisk runs a full editor session against the binary with
// its home, temporary and working directories pointed at empty directories of the
// test: indexing a workspace (with a symlink out of it), opening, editing, hovering,
// code actions, the explain command that opens a document. Afterwards no file of the
// workspace, or outside it where the symlink points, has changed; the working directory
// is still empty, and home holds the index's cache in the user cache directory alone;
// and the file behind the symlink was never indexed.
// (knowledge/workspace's TestWalkRefusesSymlinksOutOfTheTree covers the walk itself.)
//
// Besides that cache, the one file nodecoach writes is the explanation it opens: in a directory of the
// session's own under the temporary directory (private to the user, named
// unpredictably), gone once the session ends. The temporary directory also holds, from
// before the session, a link planted where explanations used to go
// (nodecoach-explain/RULE.md, pointing at a .bashrc outside): it is never followed.
func TestSessionChangesNothingOnDisk(t *testing.T) {
	base := t.TempDir()
	dirs := map[string]string{}
	for _, d := range []string{"workspace", "outside", "home", "tmp", "cwd"} {
		dirs[d] = filepath.Join(base, d)
		if err := os.MkdirAll(dirs[d], 0o755); err != nil {
			t.Fatal(err)
		}
	}
	root := dirs["workspace"]
	vulnerable := "const fs = require('fs');\nconst app = require('express')();\napp.get('/', (req, res) => res.send(fs.readFileSync('a')));\n"
	for name, text := range map[string]string{
		"package.json":    `{"name":"w","dependencies":{"express":"^4.21.2"}}`,
		".nodecoach.json": `{"rules":{"cors-allow-all":"warning"}}`,
		".gitignore":      "dist/\n",
		"src/app.js":      vulnerable,
		"src/util.ts":     "export const x: number = 1;\n",
	} {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dirs["outside"], "secret.js"), []byte(vulnerable), 0o644)
	os.WriteFile(filepath.Join(dirs["outside"], ".bashrc"), []byte("echo hello\n"), 0o644)
	symlinks := os.Symlink(dirs["outside"], filepath.Join(root, "src", "linked")) == nil &&
		os.Symlink(filepath.Join(dirs["outside"], "secret.js"), filepath.Join(root, "src", "secret.js")) == nil &&
		os.Mkdir(filepath.Join(dirs["tmp"], "nodecoach-explain"), 0o755) == nil &&
		os.Symlink(filepath.Join(dirs["outside"], ".bashrc"), filepath.Join(dirs["tmp"], "nodecoach-explain", "no-sync-fs-in-handler.md")) == nil
	before := map[string]map[string]fileState{"workspace": snapshot(t, root), "outside": snapshot(t, dirs["outside"]), "tmp": snapshot(t, dirs["tmp"])}

	cmd := exec.Command(binary, "serve", "--stdio")
	cmd.Dir = dirs["cwd"]
	cmd.Env = append(os.Environ(), "HOME="+dirs["home"], "TMPDIR="+dirs["tmp"],
		"XDG_CONFIG_HOME="+filepath.Join(dirs["home"], ".config"), "XDG_CACHE_HOME="+filepath.Join(dirs["home"], ".cache"))
	s := startCommand(t, cmd)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	caps := workspaceClient()
	caps.Window.ShowDocument = &protocol.ShowDocumentClientCapabilities{Support: true}
	caps.TextDocument.CodeAction = &protocol.CodeActionClientCapabilities{CodeActionLiteralSupport: protocol.ClientCodeActionLiteralOptions{
		CodeActionKind: protocol.ClientCodeActionKindOptions{ValueSet: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}}}}
	s.initializeFolder(ctx, root, caps)
	report, err := s.server.DiagnosticWorkspace(ctx, &protocol.WorkspaceDiagnosticParams{})
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range report.Items {
		if u := string(item.(*protocol.WorkspaceFullDocumentDiagnosticReport).URI); strings.Contains(u, "secret") || strings.Contains(u, "linked") {
			t.Errorf("indexed %s through a symlink out of the workspace", u)
		}
	}

	docURI := uri.File(filepath.Join(root, "src", "app.js"))
	s.open(docURI, vulnerable)
	diags, err := s.server.Diagnostic(ctx, &protocol.DocumentDiagnosticParams{TextDocument: protocol.TextDocumentIdentifier{URI: docURI}})
	if err != nil {
		t.Fatal(err)
	}
	items := diags.(*protocol.RelatedFullDocumentDiagnosticReport).Items
	if len(items) == 0 {
		t.Fatal("no diagnostics for the open file")
	}
	s.server.Hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: docURI}, Position: items[0].Range.Start}})
	actions, err := s.server.CodeAction(ctx, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: docURI},
		Range: items[0].Range, Context: protocol.CodeActionContext{Diagnostics: items}})
	if err != nil || len(actions) == 0 {
		t.Fatalf("code actions: %v %v", actions, err)
	}
	arg, _ := json.Marshal(map[string]any{"uri": docURI, "position": items[0].Range.Start, "open": true})
	if _, err := s.server.ExecuteCommand(ctx, &protocol.ExecuteCommandParams{Command: "nodecoach.explain", Arguments: []protocol.LSPAny{arg}}); err != nil {
		t.Fatal(err)
	}
	var shown uri.URI
	select {
	case shown = <-s.client.documents:
	case <-ctx.Done():
		t.Fatal("the explanation was never shown")
	}
	checkExplanationFile(t, dirs["tmp"], shown.FsPath())
	s.server.DidChange(ctx, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: docURI}, Version: 2},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: "// gone\n"}},
	})
	s.server.DidSave(ctx, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: docURI}})
	s.server.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: docURI}})
	if code := s.exit(true); code != 0 {
		t.Errorf("exit code %d", code)
	}

	for name, snap := range before {
		after := snapshot(t, dirs[name])
		if name == "tmp" {
			// Making and removing the session's directory touches the temporary
			// directory's own time, and nothing else there.
			delete(snap, ".")
			delete(after, ".")
		}
		if diffs := diffSnapshots(snap, after); len(diffs) > 0 {
			t.Errorf("the session changed the %s directory:\n  %s", name, strings.Join(diffs, "\n  "))
		}
	}
	if entries, _ := os.ReadDir(dirs["cwd"]); len(entries) > 0 {
		t.Errorf("the session wrote into cwd: %v", entries)
	}
	// In home, the index's cache in the user cache directory alone (nodecoach.cache).
	filepath.WalkDir(dirs["home"], func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dirs["home"], path)
		if ok, _ := filepath.Match(filepath.Join(".cache", "nodecoach", "*", ".nodecoachcache"), rel); !d.IsDir() && !ok {
			t.Errorf("the session wrote %s into home", rel)
		}
		return nil
	})
	if _, err := os.Lstat(filepath.Dir(shown.FsPath())); !os.IsNotExist(err) {
		t.Errorf("the session's explanation directory outlived it: %v", err)
	}
	if !symlinks {
		t.Log("symlinks unsupported here: the symlink part was not checked")
	}
}

// checkExplanationFile checks the explanation a session opened: a regular file
// readable by its user alone, holding Markdown, in a directory of its own directly
// under the temporary directory, private to the user and named by the session.
func checkExplanationFile(t *testing.T, tmp, path string) {
	t.Helper()
	dir := filepath.Dir(path)
	if filepath.Dir(dir) != tmp || !strings.HasPrefix(filepath.Base(dir), "nodecoach-explain-") {
		t.Errorf("the explanation was opened from %s, want a directory of the session's own in %s", path, tmp)
	}
	if info, err := os.Lstat(dir); err != nil || !info.IsDir() || info.Mode().Perm() != 0o700 {
		t.Errorf("the explanation's directory: %v %v, want a directory with mode 0700", info, err)
	}
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o600 {
		t.Errorf("the explanation file: %v %v, want a regular file with mode 0600", info, err)
	}
	if data, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(data), "# ") {
		t.Errorf("the explanation file holds %q (%v), want its Markdown", data, err)
	}
}

// TestNoNetworkOrExecImports keeps nodecoach's own code away from the network and from
// running programs: none of its packages (tests and cmd/ecosystem aside) imports a network
// client or server, os/exec or plugin. (net/url only parses URIs.) Dependencies are not covered:
// zap, for one, links net/http for a handler nodecoach never starts.
func TestNoNetworkOrExecImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "github.com/nodecoach/nodecoach/...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	forbidden := map[string]bool{"net": true, "net/http": true, "net/rpc": true, "net/smtp": true, "net/mail": true, "os/exec": true, "plugin": true}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if fields[0] == "github.com/nodecoach/nodecoach/cmd/ecosystem" {
			continue // the development harness behind `make ecosystem` runs git and nodecoach; it is not shipped
		}
		for _, imp := range fields[1:] {
			if forbidden[imp] || strings.HasPrefix(imp, "net/http/") {
				t.Errorf("%s imports %s", fields[0], imp)
			}
		}
	}
}
