package server

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/project"
)

// TestIndexWarmReadsNoSettledFile: reopening a workspace whose files were last written
// well before the cache took their stamps reads none of them to hash it (the findings'
// files are read for their positions only), and shows what a cold index showed.
func TestIndexWarmReadsNoSettledFile(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, cacheTree())
	hourAgo := time.Now().Add(-time.Hour)
	if err := filepath.WalkDir(root, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, hourAgo, hourAgo)
	}); err != nil {
		t.Fatal(err)
	}
	before := project.ContentReads.Load()
	cold, _ := indexOnce(t, root, `{}`)
	if coldReads := project.ContentReads.Load() - before; coldReads < 6 {
		t.Fatalf("the cold index hashed %d files, want every file", coldReads)
	}
	before = project.ContentReads.Load()
	warm, parses := indexOnce(t, root, `{}`)
	if reads := project.ContentReads.Load() - before; reads != 0 || parses != 0 {
		t.Errorf("the warm index hashed %d files and parsed %d, want none", reads, parses)
	}
	if warm != cold {
		t.Errorf("warm index differs from cold\nwarm:\n%s\ncold:\n%s", warm, cold)
	}
}
