package syntax

//go:generate go run ./internal/kindgen

import (
	"sync"
	"sync/atomic"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// grammarTables are what nodecoach reads of a grammar on every node: kind names by
// kind id, and field ids by field name. Node.Kind() copies a C string on every call,
// and Node.ChildByFieldName copies the name into C memory and searches the grammar's
// names; a table lookup does neither.
type grammarTables struct {
	kinds  []string
	fields map[string]uint16
	ids    map[string][]uint16 // the kind ids of each name (see idsOf)
}

// idsOf are the kind ids named kind: tree-sitter gives some names several (a
// keyword and a node of the same name, aliases).
func (t *grammarTables) idsOf(kind string) []uint16 { return t.ids[kind] }

var tables = func() map[Language]*grammarTables {
	out := map[Language]*grammarTables{}
	for lang, g := range grammars {
		t := &grammarTables{kinds: make([]string, g.NodeKindCount()), fields: map[string]uint16{}, ids: map[string][]uint16{}}
		for id := range t.kinds {
			t.kinds[id] = g.NodeKindForId(uint16(id))
			t.ids[t.kinds[id]] = append(t.ids[t.kinds[id]], uint16(id))
		}
		for id := uint16(1); uint32(id) <= g.FieldCount(); id++ {
			t.fields[g.FieldNameForId(id)] = id
		}
		out[lang] = t
	}
	return out
}()

// treeGrammars maps each tree Parse and Clone make (by its C pointer, which every
// node carries) to its treeState, so that a node's kind and fields are found
// without asking C which grammar parsed it. Close forgets the tree.
var treeGrammars sync.Map

// remember records a new tree's state and counts it live (see Live); a is the arena it
// holds (nil for none), and inArena says the tree itself was allocated there.
func remember(tree *sitter.Tree, lang Language, a arena, inArena bool) {
	root := tree.RootNode()
	keep(&treeState{tables: tables[lang], tree: tree, size: int64(root.EndByte()), arena: a, inArena: inArena})
	liveTrees.Add(1)
}

// keep records s for its tree. Its slot is set too: a tree freed by the binding's
// own Close was never forgotten, and its state, still in the slot, is not closed.
func keep(s *treeState) {
	s.key = treeOf(s.tree.RootNode())
	treeGrammars.Store(s.key, s)
	slotOf(s.key).Store(s)
}

func forget(tree *sitter.Tree) *treeState {
	key := treeOf(tree.RootNode())
	if t, ok := treeGrammars.LoadAndDelete(key); ok {
		s := t.(*treeState)
		s.closed.Store(true)
		slotOf(key).CompareAndSwap(s, nil) // no slot keeps a closed tree's index alive
		return s
	}
	return nil
}

// recentStates are the states stateOf found last, a slot per hash of the tree: every
// Kind, Field and EndOf looks a node's tree up, and the map's lookup (hashing an
// interface) cost 1.2 % of the big benchmark tree's CPU, a slot one atomic load. A
// closed tree's state is never answered from a slot: C may place a new tree at a
// freed tree's address, and that one is looked up in the map.
var recentStates [64]atomic.Pointer[treeState]

func slotOf(tree unsafe.Pointer) *atomic.Pointer[treeState] {
	// Fibonacci hashing: the top bits of the product spread malloc's aligned
	// addresses over the slots.
	return &recentStates[(uint64(uintptr(tree))*0x9E3779B97F4A7C15)>>58]
}

// stateOf is what is known of the tree n belongs to; nil for a tree made elsewhere
// than Parse and Clone.
func stateOf(n *sitter.Node) *treeState {
	key := treeOf(n)
	slot := slotOf(key)
	if s := slot.Load(); s != nil && s.key == key && !s.closed.Load() {
		return s
	}
	if t, ok := treeGrammars.Load(key); ok {
		s := t.(*treeState)
		slot.Store(s)
		return s
	}
	return nil
}

// tablesOf are the tables of the grammar that parsed n's tree; nil for a tree made
// elsewhere than Parse and Clone.
func tablesOf(n *sitter.Node) *grammarTables {
	if s := stateOf(n); s != nil {
		return s.tables
	}
	return nil
}

// Kind is n.Kind() without copying a C string; "" for no node.
func Kind(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	if s := stateOf(n); s != nil {
		var id uint16
		if r := s.record(n); r != nil {
			id = r.KindID() // nc_flatten read it once already
		} else {
			id = kindID(n)
		}
		if int(id) < len(s.tables.kinds) {
			return s.tables.kinds[id]
		}
	}
	return n.Kind()
}

// KindNames returns the kind-name table of the grammar that parsed root, nil for a
// tree made elsewhere than Parse and Clone (callers then use Kind).
func KindNames(root *sitter.Node) []string {
	if t := tablesOf(root); t != nil {
		return t.kinds
	}
	return nil
}

// Field is n's child in the named field, nil when n is nil or has none.
func Field(n *sitter.Node, name string) *sitter.Node {
	if n == nil {
		return nil
	}
	s := stateOf(n)
	if s == nil {
		return n.ChildByFieldName(name)
	}
	id := s.tables.fields[name]
	if id == 0 {
		return nil // the grammar has no such field
	}
	if c, ok := s.indexedField(n, id); ok {
		if c == nil {
			return nil
		}
		return c.Node()
	}
	return childByFieldID(n, id)
}
