package workspace

import (
	"os"
	"path/filepath"
	"testing"
)

// A directory replaced by a link since its parent was listed is not entered: the walk
// never follows a link, even one that appears between its listing and its opening.
func TestReadDirDoesNotFollowALink(t *testing.T) {
	outside, root := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.js"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "lib")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	dir, entries, err := readDir(link)
	defer closeDir(dir)
	if err == nil || len(entries) != 0 {
		t.Errorf("readDir through a link: %v, %v; want an error and nothing listed", entries, err)
	}
}
