package workspace

import (
	"io/fs"
	"os"
	"slices"
	"strings"
)

// readDir is os.ReadDir (the entries sorted by name, those read before an error with
// it) that leaves the directory open, so that its files are looked at relative to it
// (see lstatIn); nil when it could not be opened. The caller closes it.
func readDir(path string) (*os.File, []fs.DirEntry, error) {
	dir, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	entries, err := dir.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return dir, entries, err
}
