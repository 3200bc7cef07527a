//go:build !linux

package workspace

import (
	"io/fs"
	"os"
)

// lstatIn is os.Lstat(path), path being the entry name of dir (see lstat_linux.go).
func lstatIn(dir openDir, name, path string) (fs.FileInfo, error) {
	return os.Lstat(path)
}
