package pkginfo

import (
	"crypto/sha256"
	"sync"
)

// warner calls the user's warn callback at most once per file and content.
// Keying on a hash of the content (not the stat stamp) means Invalidate or a
// touch without an edit stays quiet, while any real edit that leaves the
// file broken warns again.
type warner struct {
	fn   func(path string, err error)
	mu   sync.Mutex
	seen map[string][sha256.Size]byte
}

func newWarner(fn func(path string, err error)) *warner {
	return &warner{fn: fn, seen: make(map[string][sha256.Size]byte)}
}

// report warns about path unless the same content was already reported.
func (w *warner) report(path string, content []byte, err error) {
	sum := sha256.Sum256(content)
	w.mu.Lock()
	if prev, ok := w.seen[path]; ok && prev == sum {
		w.mu.Unlock()
		return
	}
	w.seen[path] = sum
	w.mu.Unlock()
	// Called without the lock so the callback may use the Store.
	if w.fn != nil {
		w.fn(path, err)
	}
}

// clear forgets path once it parses or disappears, so breaking it again
// later, even with the very same content, is reported again.
func (w *warner) clear(path string) {
	w.mu.Lock()
	delete(w.seen, path)
	w.mu.Unlock()
}
