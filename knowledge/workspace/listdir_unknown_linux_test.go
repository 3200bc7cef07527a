package workspace

import (
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// direntRecord is one linux_dirent64 as getdents writes it: inode, offset, record
// length (a multiple of 8), type, the name and its NUL padding.
func direntRecord(ino uint64, typ byte, name string) []byte {
	size := (19 + len(name) + 1 + 7) &^ 7
	rec := make([]byte, size)
	binary.NativeEndian.PutUint64(rec[0:8], ino)
	binary.NativeEndian.PutUint16(rec[16:18], uint16(size))
	rec[18] = typ
	copy(rec[19:], name)
	return rec
}

// A file system that does not fill d_type (DT_UNKNOWN) still has its entries listed
// with the types an lstat gives: a directory is entered, a link is not followed, and
// an entry gone since the listing is left out, as os.ReadDir does.
func TestAppendDirentsAsksTheTypeTheListingLeftUnknown(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "app.js"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "lib"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("lib", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("n", 252) + ".js" // the longest name a directory holds
	if err := os.WriteFile(filepath.Join(root, long), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	dir, _, err := readDir(root)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDir(dir)
	var buf []byte
	for _, name := range []string{".", "..", "app.js", "lib", "link", "gone.js", long} {
		buf = append(buf, direntRecord(7, unix.DT_UNKNOWN, name)...)
	}
	buf = append(buf, direntRecord(0, unix.DT_REG, "deleted.js")...) // no inode: a removed entry
	got, err := appendDirents(nil, dir, buf, root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]fs.FileMode{"app.js": 0, "lib": fs.ModeDir, "link": fs.ModeSymlink, long: 0}
	if len(got) != len(want) {
		t.Fatalf("listed %v, want %v", got, want)
	}
	for _, e := range got {
		if typ, ok := want[e.name]; !ok || typ != e.typ {
			t.Errorf("%q listed as %v, want %v (listed: %v)", e.name, e.typ, typ, ok)
		}
	}
}
