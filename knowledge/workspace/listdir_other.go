//go:build !linux

package workspace

import "os"

// openDir is a directory the walk read, left open so that its files are looked at
// relative to it where the system allows (see lstat_linux.go); nil: none.
type openDir = *os.File

// readDir is os.ReadDir (the entries sorted by name, those read before an error with
// it) that leaves the directory open; nil when it could not be opened. The caller
// closes it with closeDir.
func readDir(path string) (openDir, []dirEntry, error) {
	dir, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	read, err := dir.ReadDir(-1)
	entries := make([]dirEntry, len(read))
	for i, e := range read {
		entries[i] = dirEntry{name: e.Name(), typ: e.Type()}
	}
	sortEntries(entries)
	return dir, entries, err
}

func closeDir(dir openDir) {
	if dir != nil {
		dir.Close()
	}
}
