package syntax

import (
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// Index is a tree's named nodes in document order, each linked to its parent and its
// named siblings, built from one Flatten. Tree-sitter keeps no parent pointers: every
// Node.Parent() is a cgo call that searches down from the root, so walking up from a
// node costs its depth in such searches. Here walking up, across and finding a node's
// kind and span read slices.
type Index struct {
	nodes      []Flat
	parent     []int32 // -1 for the root
	prev, next []int32 // the named siblings, -1 for none
	kinds      []string
	// fields are each node's field in its parent and the NC_FIELD_IN_C mark (see
	// nc_flatten); nil when the walk could not record them, and Field then asks C.
	fields []uint8
	// errorFree says that the tree holds no ERROR or MISSING node: no empty token,
	// which only error recovery inserts, hides among the unnamed ones.
	errorFree bool
	// deepest is the deepest level the walk that made it reached (see Flatten): a
	// flattening to no shallower bound gives the same nodes (see IndexedFlatten).
	deepest int
}

// NewIndex indexes the named nodes of root's subtree.
func NewIndex(root *sitter.Node) *Index {
	nodes, fields, deepest := flatten(root, 0xfffe, nil, true)
	return link(root, nodes, fields, deepest, KindNames(root))
}

// link indexes a complete flattening of root's subtree, whose walk reached deepest.
func link(root *sitter.Node, nodes []Flat, fields []uint8, deepest int, kinds []string) *Index {
	x := &Index{
		nodes:     nodes,
		fields:    fields,
		parent:    make([]int32, len(nodes)),
		prev:      make([]int32, len(nodes)),
		next:      make([]int32, len(nodes)),
		kinds:     kinds,
		errorFree: !root.HasError(),
		deepest:   deepest,
	}
	// path[d] is the open node at depth d; last[d] the latest node seen at depth d,
	// a sibling of the next one there when both have the same parent.
	var path, last []int32
	for i := range nodes {
		d := nodes[i].Depth()
		path, last = grow(path, d), grow(last, d)
		x.parent[i], x.prev[i], x.next[i] = -1, -1, -1
		if d > 0 {
			x.parent[i] = path[d-1]
			if l := last[d]; l > x.parent[i] {
				x.prev[i], x.next[l] = l, int32(i)
			}
		}
		path[d], last[d] = int32(i), int32(i)
	}
	return x
}

// grow makes s long enough to hold index d, the new places -1.
func grow(s []int32, d int) []int32 {
	for len(s) <= d {
		s = append(s, -1)
	}
	return s
}

// Len is the number of named nodes.
func (x *Index) Len() int { return len(x.nodes) }

// At is the cursor on the i-th named node in document order (the root is 0).
func (x *Index) At(i int) Cursor { return x.at(int32(i)) }

// Root is the cursor on the indexed root.
func (x *Index) Root() Cursor { return x.at(0) }

func (x *Index) at(i int32) Cursor {
	if i < 0 || int(i) >= len(x.nodes) {
		return Cursor{}
	}
	return Cursor{x, i}
}

// Find is the cursor on n, invalid when n is not a named node of the index. It
// searches by start byte without a call into C.
func (x *Index) Find(n *sitter.Node) Cursor {
	if n == nil {
		return Cursor{}
	}
	if i := x.recordOf(n); i >= 0 {
		return Cursor{x, i}
	}
	start, id := StartOf(n), uint64(n.Id())
	// The first node that starts at start or later: sort.Search written out, as Field
	// asks it for most of the nodes rules look at and the closure call was most of it.
	i, j := 0, len(x.nodes)
	for i < j {
		if m := int(uint(i+j) >> 1); x.nodes[m].StartByte() < start {
			i = m + 1
		} else {
			j = m
		}
	}
	for ; i < len(x.nodes) && x.nodes[i].StartByte() == start; i++ {
		if uint64(x.nodes[i].rec.node.id) == id {
			return Cursor{x, int32(i)}
		}
	}
	return Cursor{}
}

// recordOf is the place of n's record when n points into the index (a node its
// cursors, Parent or Field returned), -1 otherwise: the node's kind and place are then
// read without a search or a call into C. Go never moves a slice's memory, so the
// address says where n is.
func (x *Index) recordOf(n *sitter.Node) int32 {
	if len(x.nodes) == 0 {
		return -1
	}
	off := uintptr(unsafe.Pointer(n)) - uintptr(unsafe.Pointer(&x.nodes[0]))
	size := unsafe.Sizeof(Flat{})
	if off >= uintptr(len(x.nodes))*size || off%size != 0 {
		return -1
	}
	return int32(off / size)
}

// Cursor is a place in an Index; the zero Cursor is invalid, and every move from an
// invalid cursor or past the tree's edge gives an invalid one.
type Cursor struct {
	x *Index
	i int32
}

// Valid reports whether the cursor is on a node.
func (c Cursor) Valid() bool { return c.x != nil }

// Node is the node under the cursor, nil for an invalid cursor. It points into the
// index, which it keeps alive.
func (c Cursor) Node() *sitter.Node {
	if c.x == nil {
		return nil
	}
	return c.x.nodes[c.i].Node()
}

// Kind is the node's kind, "" for an invalid cursor.
func (c Cursor) Kind() string {
	if c.x == nil {
		return ""
	}
	if id := int(c.x.nodes[c.i].KindID()); id < len(c.x.kinds) {
		return c.x.kinds[id]
	}
	return Kind(c.Node())
}

// StartByte and EndByte are the node's span (0 for an invalid cursor).
func (c Cursor) StartByte() uint {
	if c.x == nil {
		return 0
	}
	return c.x.nodes[c.i].StartByte()
}

// EndByte: see StartByte.
func (c Cursor) EndByte() uint {
	if c.x == nil {
		return 0
	}
	return c.x.nodes[c.i].EndByte()
}

// Parent is the nearest named ancestor.
func (c Cursor) Parent() Cursor {
	if c.x == nil {
		return Cursor{}
	}
	return c.x.at(c.x.parent[c.i])
}

// NextSibling and PrevSibling are the next and previous named siblings.
func (c Cursor) NextSibling() Cursor {
	if c.x == nil {
		return Cursor{}
	}
	return c.x.at(c.x.next[c.i])
}

// PrevSibling: see NextSibling.
func (c Cursor) PrevSibling() Cursor {
	if c.x == nil {
		return Cursor{}
	}
	return c.x.at(c.x.prev[c.i])
}

// Enclosing is the nearest ancestor whose kind match accepts.
func (c Cursor) Enclosing(match func(kind string) bool) Cursor {
	for p := c.Parent(); p.Valid(); p = p.Parent() {
		if match(p.Kind()) {
			return p
		}
	}
	return Cursor{}
}
