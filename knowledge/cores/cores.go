// Package cores is how much of the machine the process works with at once: the
// goroutines that judge files side by side, and the scheduler's processors beside them.
package cores

import "runtime"

// workers is GOMAXPROCS as the process started: the cores it may use, as the
// GOMAXPROCS variable or the container's CPU limit set them.
var workers = runtime.GOMAXPROCS(0)

// Workers is how many goroutines a pass over many files runs at once: one per core.
func Workers() int { return workers }

// Reserve gives the scheduler one processor more than there are workers; main calls it
// once, before any work starts.
//
// A worker spends most of a parse in C, and a call into C holds its processor as a
// system call does. With every processor so held, the scheduler's monitor takes the
// processors back from calls that last longer than a few microseconds and starts
// threads to look for other work, which find none and sleep again, and each parse's
// thread must win a processor back when it returns. A spare processor lets the monitor
// leave the calls alone. On the two-core benchmark machine a cold check of the large
// tree went from about 24,000 context switches to 9,400, and took a tenth less time
// and CPU. The spare processor does not add a worker: a pass still runs Workers
// goroutines, and the language server's analysis of an edit finds it free.
func Reserve() {
	runtime.GOMAXPROCS(workers + 1)
}
