//go:build unix

package workspace

import "syscall"

// makeFIFO makes a named pipe, a directory entry that is neither file, directory nor link.
func makeFIFO(path string) error { return syscall.Mkfifo(path, 0o644) }
