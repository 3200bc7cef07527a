package project

import "sync"

// Most files of a run are read, looked at by the prefilter and dropped unparsed: a
// fresh buffer for each was a third of what a big tree's check allocated, and the
// page faults of memory touched for the first time. A file's text is read into a
// buffer of the pool instead, which goes back once the file is known not to be parsed.

// readBuffer is a buffer of the pool; nil for a text that is not the pool's.
type readBuffer struct{ b []byte }

var readBuffers = sync.Pool{New: func() any { return new(readBuffer) }}

// readSpare is ReadFile into a buffer of the pool when the text comes from disk; the
// buffer is nil for the editor's text, which is never the pool's to reuse.
func (d *Driver) readSpare(path string) ([]byte, *readBuffer, error) {
	if src, ok := d.editorText(path); ok {
		return src, nil, nil
	}
	buf := readBuffers.Get().(*readBuffer)
	src, err := d.Roots.ReadContentInto(path, d.maxFileSize(), buf.b)
	return src, buf, err
}

// giveBack returns b to the pool once nothing holds src, the text read into it (or
// into a larger buffer of its own, when the file did not fit; b keeps that one).
func (b *readBuffer) giveBack(src []byte) {
	if b == nil {
		return
	}
	if cap(src) > cap(b.b) {
		b.b = src
	}
	b.b = b.b[:0]
	readBuffers.Put(b)
}
