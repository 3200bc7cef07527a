package project

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSaveContextGivenUpLeavesTheFileAsItWas: a save whose context is done (the server
// shutting down) writes nothing, leaves no temporary file, and keeps the file in
// place; a save that runs replaces it.
func TestSaveContextGivenUpLeavesTheFileAsItWas(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, DefaultCacheName)
	old := cacheFamily + "0\nan older layout\n" // not a cache of this layout: to be replaced
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	var logged []string
	c := OpenCache(path, "test", func(msg string) { logged = append(logged, msg) })
	if c == nil {
		t.Fatal("no cache")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c.SaveContext(ctx)
	if got, _ := os.ReadFile(path); string(got) != old {
		t.Errorf("a cancelled save changed the file: %q", got)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	c.Save()
	if got, _ := os.ReadFile(path); !strings.HasPrefix(string(got), CacheMagic) {
		t.Errorf("the save did not replace the file: %q", got)
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "ignored") {
		t.Errorf("logged %q, want the one line saying the file is ignored", logged)
	}
}
