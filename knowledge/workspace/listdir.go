package workspace

import (
	"io/fs"
	"slices"
	"strings"
)

// dirEntry is one entry of a directory the walk listed: its name and its type bits
// (fs.ModeDir, fs.ModeSymlink, ...; none for a regular file), as the listing says
// them without a stat. A value, not an fs.DirEntry: one boxed entry per name was
// memory every run touched afresh.
type dirEntry struct {
	name string
	typ  fs.FileMode
}

func (e dirEntry) Name() string      { return e.name }
func (e dirEntry) IsDir() bool       { return e.typ.IsDir() }
func (e dirEntry) Type() fs.FileMode { return e.typ }

// sortEntries puts a listing in the order the walk tells it: by name, as os.ReadDir.
func sortEntries(entries []dirEntry) {
	slices.SortFunc(entries, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
}
