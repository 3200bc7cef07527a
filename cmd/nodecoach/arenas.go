package main

import "runtime"

// mallocArenas is how many malloc arenas the C side of the parser may use.
func mallocArenas() int {
	return max(runtime.NumCPU(), 1)
}
