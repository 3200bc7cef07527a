package workspace

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// lstatIn must say what os.Lstat says of every kind of entry, Sys included: the
// cache's stamps of a file taken either way must be equal, or a warm run reads it.
func TestLstatInSaysWhatLstatSays(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "app.js")
	if err := os.WriteFile(file, []byte("module.exports = 1\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "lib"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(file, filepath.Join(root, "link.js")); err != nil {
		t.Fatal(err)
	}
	dir, entries, err := readDir(root)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDir(dir)
	if len(entries) != 3 || entries[0].Name() != "app.js" || entries[2].Name() != "link.js" {
		t.Fatalf("entries not listed sorted: %v", entries)
	}
	for _, name := range []string{"app.js", "lib", "link.js"} {
		path := filepath.Join(root, name)
		want, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := lstatIn(dir, name, path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Name() != want.Name() || got.Size() != want.Size() || got.Mode() != want.Mode() ||
			!got.ModTime().Equal(want.ModTime()) || got.IsDir() != want.IsDir() {
			t.Errorf("%s: lstatIn %v %v %v, Lstat %v %v %v", name, got.Size(), got.Mode(), got.ModTime(), want.Size(), want.Mode(), want.ModTime())
		}
		if !reflect.DeepEqual(got.Sys(), want.Sys()) {
			t.Errorf("%s: Sys %+v, Lstat's %+v", name, got.Sys(), want.Sys())
		}
	}
	_, err = lstatIn(dir, "gone.js", filepath.Join(root, "gone.js"))
	var pathErr *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pathErr) || pathErr.Path != filepath.Join(root, "gone.js") {
		t.Errorf("a missing file: %v, want a not-exist error naming its path", err)
	}
}
