//go:build !unix

package safefs

// openFlags: this system has no O_NOFOLLOW or O_NONBLOCK; the checks before and
// after opening still refuse links out of the root and anything not regular.
const openFlags = 0
