package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The session's explanation files: a private directory, a regular file per title,
// rewritten through no link (even one planted in the directory itself), and gone with
// the session.
func TestExplainFilesArePrivateAndNeverFollowLinks(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	outside := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(outside, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	var e explainFiles
	path, err := e.write("CORS in Express / cors()", "# first")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(filepath.Dir(path)) != tmp || filepath.Base(path) != "CORS-in-Express---cors--.md" {
		t.Errorf("wrote %s, want a file named after the title in a directory of its own under %s", path, tmp)
	}
	if info, err := os.Stat(filepath.Dir(path)); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("the directory's mode: %v %v, want 0700", info, err)
	}
	// A link planted under the same name is replaced, never written through.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, path); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	again, err := e.write("CORS in Express / cors()", "# second")
	if err != nil || again != path {
		t.Fatalf("second write: %s %v", again, err)
	}
	if data, _ := os.ReadFile(outside); string(data) != "keep me" {
		t.Errorf("the link's target was written: %q", data)
	}
	if info, err := os.Lstat(path); err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != 0o600 {
		t.Errorf("the explanation is %v %v, want a regular file with mode 0600", info, err)
	}
	if data, _ := os.ReadFile(path); string(data) != "# second" {
		t.Errorf("the explanation holds %q", data)
	}
	if long, err := e.write(strings.Repeat("é", 300), "# long"); err != nil || len([]rune(filepath.Base(long))) > maxExplainName+len(".md") {
		t.Errorf("a long title gave %s %v", long, err)
	}
	if err := e.removeAll(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
