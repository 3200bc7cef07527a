package syntax

import (
	"iter"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// treeState is what nodecoach keeps of a tree it parsed: its grammar's tables and,
// once the tree has been asked for ancestors often enough, an Index of it.
type treeState struct {
	tables *grammarTables
	tree   *sitter.Tree
	key    unsafe.Pointer // the C tree, which every node of it carries
	closed atomic.Bool    // set by Close (see recentStates)

	size  int64        // the source's length in bytes
	steps atomic.Int64 // Node.Parent calls spent on the tree so far
	once  sync.Once
	ready atomic.Bool
	index *Index

	// arena is the arena the tree's nodes are in, or some of them, which the tree
	// holds until it is closed; nil for none (see arena.go). inArena: the C tree
	// itself is in it too, and is freed with the arena rather than by tree-sitter.
	arena   arena
	inArena bool
}

// Indexing walks the whole tree once, in one call into C, and costs about what
// stepsPerIndexedByte Node.Parent calls per byte of source cost (measured on the
// benchmark corpus: a Parent call searches down from the root, a few hundred
// nanoseconds on a deep node; indexing is some 30 ns a node, a node per 7 bytes).
// A tree is indexed once the walks up it have spent that much: a file asked about a
// few nodes never pays for an index, and no file pays more than twice what the
// cheaper way would have cost it.
const stepsPerIndexedByte = 1.0 / 32

// ancestry is the tree's index once the tree has earned one (see
// stepsPerIndexedByte), nil before.
func (s *treeState) ancestry() *Index {
	if s.ready.Load() {
		return s.index
	}
	if float64(s.steps.Load()) < float64(s.size)*stepsPerIndexedByte {
		return nil
	}
	s.once.Do(func() {
		s.index = NewIndex(s.tree.RootNode())
		s.ready.Store(true)
	})
	return s.index
}

// record is n's record in the tree's index when n points into it (a node Parent,
// Field or a cursor returned), nil otherwise or while the tree has no index.
func (s *treeState) record(n *sitter.Node) *Flat {
	if !s.ready.Load() {
		return nil
	}
	if i := s.index.recordOf(n); i >= 0 {
		return &s.index.nodes[i]
	}
	return nil
}

// adopt gives s's tree, which has no index yet, one made from a flattening of its
// whole tree, which the resolver makes for every file it builds: a copy of the
// records and three links a node cost a fraction of the walk, and walking up is then
// free from the start. fields are the nodes' fields, nil when not recorded; deepest is
// the walk's (see Flatten).
func adopt(s *treeState, nodes []Flat, fields []uint8, deepest int) {
	if len(nodes) == 0 {
		return
	}
	s.once.Do(func() {
		s.index = link(s.tree.RootNode(), slices.Clone(nodes), fields, deepest, s.tables.kinds)
		s.ready.Store(true)
	})
}

// CursorOf is the cursor on n in its tree's index, invalid while the tree has none
// yet (see indexAfter), for a node that is not named, and for a tree made elsewhere
// than Parse and Clone. Callers then walk with Node.Parent.
func CursorOf(n *sitter.Node) Cursor {
	if n == nil {
		return Cursor{}
	}
	s := stateOf(n)
	if s == nil {
		return Cursor{}
	}
	x := s.ancestry()
	if x == nil {
		return Cursor{}
	}
	return x.Find(n)
}

// Parent is n.Parent(), answered from the tree's index when it has one.
func Parent(n *sitter.Node) *sitter.Node {
	if c := CursorOf(n); c.Valid() {
		return c.Parent().Node()
	}
	if n == nil {
		return nil
	}
	charge(n, 1)
	return n.Parent()
}

// charge counts Node.Parent calls spent on n's tree towards indexing it.
func charge(n *sitter.Node, steps int64) {
	if s := stateOf(n); s != nil && !s.ready.Load() {
		s.steps.Add(steps)
	}
}

// walkUp calls visit with each ancestor of n from its parent up, with the ancestor's
// child on the way and the ancestor's kind, until visit returns false. It walks the
// tree's index when the tree has one, and with Node.Parent otherwise.
func walkUp(n *sitter.Node, visit func(child, parent *sitter.Node, kind string) bool) {
	if c := CursorOf(n); c.Valid() {
		for child, p := c, c.Parent(); p.Valid(); child, p = p, p.Parent() {
			if !visit(child.Node(), p.Node(), p.Kind()) {
				return
			}
		}
		return
	}
	if n == nil {
		return
	}
	steps := int64(1)
	defer func() { charge(n, steps) }()
	for child, p := n, n.Parent(); p != nil; child, p = p, p.Parent() {
		if !visit(child, p, Kind(p)) {
			return
		}
		steps++
	}
}

// OutermostFunction is the top-level function around n: the last function on the way
// up, nil at top level. One walk up, where repeating EnclosingFunction would find each
// function's place in the index again.
func OutermostFunction(n *sitter.Node) *sitter.Node { return functionAround(n, false) }

// functionAround is the function around n that one walk up finds: the first one passed
// when innermost, else the last; nil at top level.
func functionAround(n *sitter.Node, innermost bool) (fn *sitter.Node) {
	walkUp(n, func(_, p *sitter.Node, kind string) bool {
		if IsFunctionKind(kind) {
			fn = p
			return !innermost
		}
		return true
	})
	return fn
}

// PrevSiblingsOfKind yields n's earlier named siblings of one kind, nearest first.
// With the tree's index the siblings and their kinds are read from it: a statement's
// earlier statements cost no call into C each.
func PrevSiblingsOfKind(n *sitter.Node, kind NodeKind) iter.Seq[*sitter.Node] {
	return func(yield func(*sitter.Node) bool) {
		if c := CursorOf(n); c.Valid() {
			for prev := c.PrevSibling(); prev.Valid(); prev = prev.PrevSibling() {
				if prev.Kind() == kind && !yield(prev.Node()) {
					return
				}
			}
			return
		}
		if n == nil {
			return
		}
		for prev := n.PrevNamedSibling(); prev != nil; prev = prev.PrevNamedSibling() {
			if Kind(prev) == kind && !yield(prev) {
				return
			}
		}
	}
}
