package walkgc

import (
	"runtime"
	"runtime/metrics"
)

// heap is what the runtime measured at the end of the last collection: the bytes it
// found live, and the memory it holds beside the heap.
type heap struct {
	live, beside uint64
}

// The runtime's measures read: the live heap, and the memory it holds in all and in
// the heap (objects, their unused space, free spans and spans given back to the
// system), whose difference is what the limit counts beside the heap.
var samples = []string{
	"/gc/heap/live:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/released:bytes",
}

// measure reads the heap as the last collection left it.
func measure() heap {
	s := make([]metrics.Sample, len(samples))
	for i, name := range samples {
		s[i].Name = name
	}
	metrics.Read(s)
	v := func(i int) uint64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s[i].Value.Uint64()
	}
	h := heap{live: v(0)}
	if inHeap := v(2) + v(3) + v(4) + v(5); v(1) > inHeap {
		h.beside = v(1) - inHeap
	}
	return h
}

// sentinel is an object made only to be found unreachable. It holds a pointer: the
// runtime packs small objects without one together, and such an object is finalized
// only when all of its block is unreachable.
type sentinel struct{ _ *sentinel }

// watchCollections calls collected after each collection, until it returns false. An
// object nothing refers to is finalized once a collection has found it unreachable:
// each finalizer sets up the next.
func watchCollections(collected func(heap) bool) {
	runtime.SetFinalizer(new(sentinel), func(*sentinel) {
		if collected(measure()) {
			watchCollections(collected)
		}
	})
}
