package syntax

import (
	"iter"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// firstChildAt is the place of n's first named child in the index, -1 for none: ok
// is false when the index cannot answer, on the same terms as fieldAt (no fields
// recorded, n not one of its named nodes, or n marked NC_FIELD_IN_C: an ERROR, an
// alias with children, or an unnamed child whose children tree-sitter would list as
// n's own).
func (x *Index) firstChildAt(n *sitter.Node) (child int32, ok bool) {
	if x.fields == nil {
		return -1, false
	}
	c := x.Find(n)
	if !c.Valid() || x.fields[c.i]&fieldInC != 0 {
		return -1, false
	}
	first := c.i + 1
	if int(first) >= len(x.nodes) || x.parent[first] != c.i {
		return -1, true
	}
	return first, true
}

// indexedChildren is the place of n's first named child in its tree's index (-1 for
// none), ok false while the tree has no index or the index cannot answer; the later
// children follow by the index's sibling links.
func (s *treeState) indexedChildren(n *sitter.Node) (first int32, ok bool) {
	if s == nil || !s.ready.Load() {
		return -1, false
	}
	return s.index.firstChildAt(n)
}

// NamedChild is n.NamedChild(i), nil when n is nil or has no such child. From the
// tree's index when it can answer: the child then points into the index, so its
// kind, fields and end are read there in turn. Tree-sitter too counts a node's
// children from the first to reach the i-th, so walking the links costs no more.
func NamedChild(n *sitter.Node, i int) *sitter.Node {
	if n == nil || i < 0 {
		return nil
	}
	s := stateOf(n)
	if k, ok := s.indexedChildren(n); ok {
		for ; k >= 0 && i > 0; i-- {
			k = s.index.next[k]
		}
		if k < 0 {
			return nil
		}
		return s.index.nodes[k].Node()
	}
	return namedChildInC(n, i)
}

// NamedChildCount is n.NamedChildCount(), 0 for nil; from the tree's index when it
// can answer (see NamedChild).
func NamedChildCount(n *sitter.Node) int {
	if n == nil {
		return 0
	}
	s := stateOf(n)
	if k, ok := s.indexedChildren(n); ok {
		count := 0
		for ; k >= 0; k = s.index.next[k] {
			count++
		}
		return count
	}
	return namedChildCountInC(n)
}

// firstChildEnd is n.Child(0).EndByte(), ok false when n has no child. The index
// answers when n's first named child starts where n does in a tree without errors:
// an unnamed token before the child would have to be empty, and only error recovery
// inserts empty tokens (the grammars' own are all hidden).
func firstChildEnd(n *sitter.Node) (end uint, ok bool) {
	s := stateOf(n)
	if k, known := s.indexedChildren(n); known && k >= 0 && s.index.errorFree {
		if c := &s.index.nodes[k]; c.StartByte() == StartOf(n) {
			return c.EndByte(), true
		}
	}
	return firstChildEndInC(n)
}

// NamedChildren yields n's named children in order (none for nil). With the tree's
// index each step follows a sibling link, and the children point into the index;
// asking NamedChild(n, i) for each i costs tree-sitter a walk from the first child
// every time.
func NamedChildren(n *sitter.Node) iter.Seq[*sitter.Node] {
	return func(yield func(*sitter.Node) bool) {
		if n == nil {
			return
		}
		s := stateOf(n)
		if k, ok := s.indexedChildren(n); ok {
			for ; k >= 0; k = s.index.next[k] {
				if !yield(s.index.nodes[k].Node()) {
					return
				}
			}
			return
		}
		for i := range namedChildCountInC(n) {
			if !yield(namedChildInC(n, i)) {
				return
			}
		}
	}
}
