package safefs

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A file of a directory the run found plain is opened without an Lstat of its own; what
// is put in its place after that still gets the answer the full checks give: a link out
// of the root is refused, a link inside it followed, a FIFO refused without blocking,
// and a file replaced by another regular file is read as the new one, with its info.
// ReadContent and ReadHead, which read such a file on a bare descriptor, give the same
// answers.
func TestPlainDirectoryOpenStillRefusesWhatReplacedAFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		read func(roots *Roots, path string) (string, os.FileInfo, error)
	}{
		{"ReadFile", func(roots *Roots, path string) (string, os.FileInfo, error) {
			data, info, err := roots.ReadFile(path, 1<<20)
			return string(data), info, err
		}},
		{"ReadContent", func(roots *Roots, path string) (string, os.FileInfo, error) {
			data, err := roots.ReadContent(path, 1<<20)
			return string(data), nil, err
		}},
		{"ReadHead", func(roots *Roots, path string) (string, os.FileInfo, error) {
			buf := make([]byte, 64)
			n, err := roots.ReadHead(path, buf)
			return string(buf[:n]), nil, err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { plainReadsRefuseWhatReplacedAFile(t, tc.read) })
	}
}

func plainReadsRefuseWhatReplacedAFile(t *testing.T, readAs func(roots *Roots, path string) (string, os.FileInfo, error)) {
	root, outside := project(t)
	src := filepath.Join(root, "src")
	b := filepath.Join(src, "b.js")
	write(t, b, "b();\n")
	roots := NewRoots(root).Memo()
	if data, _, err := readAs(roots, filepath.Join(src, "app.js")); err != nil || data != "app();\n" {
		t.Fatalf("the first file of the directory: %q %v", data, err)
	}
	// The shortcut is taken for b.js now (else this test would check nothing new), and
	// not for a file of a directory the run has not checked.
	if f, _, ok, err := roots.openInPlainDir(b); !ok || err != nil {
		t.Fatalf("a plain file of a checked directory went the long way: %v %v", ok, err)
	} else {
		f.Close()
	}
	if _, _, ok, _ := roots.openInPlainDir(filepath.Join(root, "linked", "secret.js")); ok {
		t.Fatal("a file of a directory not checked (a link out of the root) took the shortcut")
	}

	swap := func(make func() error) {
		t.Helper()
		if err := os.Remove(b); err != nil {
			t.Fatal(err)
		}
		if err := make(); err != nil {
			t.Skip(err)
		}
	}
	read := func() (string, os.FileInfo, error) {
		var (
			data string
			info os.FileInfo
		)
		err := withDeadline(t, "b.js", func() (err error) {
			data, info, err = readAs(roots, b)
			return err
		})
		return data, info, err
	}

	swap(func() error { return os.Symlink(filepath.Join(outside, "secret.js"), b) })
	if data, _, err := read(); err == nil || !strings.Contains(err.Error(), "outside "+root) {
		t.Errorf("b.js swapped for a link out of the root: %q %v", data, err)
	}
	swap(func() error { return os.Symlink(filepath.Join(src, "app.js"), b) })
	if data, _, err := read(); err != nil || data != "app();\n" {
		t.Errorf("b.js swapped for a link inside the root: %q %v", data, err)
	}
	swap(func() error { return syscall.Mkfifo(b, 0o644) })
	if data, _, err := read(); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("b.js swapped for a FIFO: %q %v", data, err)
	}
	swap(func() error { return os.Symlink(src, b) })
	if data, _, err := read(); err == nil {
		t.Errorf("b.js swapped for a link to a directory: %q", data)
	}
	replacement := filepath.Join(src, "b.js.new")
	write(t, replacement, "replaced();\n")
	swap(func() error { return os.Rename(replacement, b) })
	data, info, err := read()
	if err != nil || data != "replaced();\n" {
		t.Fatalf("b.js replaced by another file: %q %v", data, err)
	}
	if info == nil {
		return // the reader gives no info
	}
	if now, err := os.Lstat(b); err != nil || !os.SameFile(info, now) {
		t.Errorf("the info given is not the file read: %v", err)
	}
}
