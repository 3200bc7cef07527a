//go:build unix

package safefs

import "syscall"

// openFlags: O_NOFOLLOW refuses a link swapped in after the checks, O_NONBLOCK makes
// opening a FIFO return at once instead of waiting for a writer.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
