package resolve

import "sync"

// memoTable keeps what a resolver worked out about a node, by node id, for readers on
// several goroutines. A value is computed outside the lock: two readers may work out
// the same one at once, and store the same answer, since everything it is computed
// from is immutable once the resolver is built.
type memoTable[V any] struct {
	mu sync.RWMutex
	m  map[uintptr]V
	// building is set while the builder alone uses the table (handler detection and
	// settling ask it the most): it skips the lock until the resolver is returned.
	building bool
}

func (t *memoTable[V]) get(id uintptr) (V, bool) {
	if t.building {
		v, ok := t.m[id]
		return v, ok
	}
	t.mu.RLock()
	v, ok := t.m[id]
	t.mu.RUnlock()
	return v, ok
}

func (t *memoTable[V]) put(id uintptr, v V) {
	if !t.building {
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	if t.m == nil {
		t.m = map[uintptr]V{}
	}
	t.m[id] = v
}

// build starts or ends the builder's sole use of the table; reset forgets every
// entry, keeping the room they took: settling fills the table again with about as
// many, and growing it anew cost as much as the first time. Only the builder calls
// them, before the resolver is shared.
func (t *memoTable[V]) build(alone bool) { t.building = alone }

func (t *memoTable[V]) reset() { clear(t.m) }
