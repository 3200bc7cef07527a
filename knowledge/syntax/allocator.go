package syntax

/*
#include <stddef.h>
void ts_set_allocator(void *(*new_malloc)(size_t), void *(*new_calloc)(size_t, size_t), void *(*new_realloc)(void *, size_t), void (*new_free)(void *));
*/
import "C"

// The Go binding installs an allocator that calls back from C into Go for every
// allocation tree-sitter makes, only to call the C allocator from there: each
// call crosses the cgo boundary twice, and a parse or a tree's release makes
// tens of thousands of them (a third of the time of parsing a large file went
// there). Null pointers restore tree-sitter's own allocator, which calls the
// same C malloc and free directly, so memory allocated before the switch is
// still released correctly. Package initialisation runs after the binding's,
// so its setting is the one replaced.
func init() {
	C.ts_set_allocator(nil, nil, nil, nil)
}
