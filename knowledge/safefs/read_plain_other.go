//go:build !unix

package safefs

// readInPlainDir: without O_NOFOLLOW every read checks every name (see openInPlainDir).
func (r *Roots) readInPlainDir(path string, limit int64, spare []byte) (data []byte, ok bool, err error) {
	return nil, false, nil
}

// headInPlainDir: as readInPlainDir.
func (r *Roots) headInPlainDir(path string, buf []byte) (n int, ok bool, err error) {
	return 0, false, nil
}
