//go:build !unix

package workspace

import "errors"

// makeFIFO: this system has no named pipes in the file system.
func makeFIFO(string) error { return errors.New("no named pipes on this system") }
