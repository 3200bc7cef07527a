package syntax

/*
#include <stdint.h>
#include <string.h>
#include <stdbool.h>

typedef struct { uint32_t context[4]; const void *id; const void *tree; } nc_node;
typedef struct { uint32_t context[4]; uint64_t id; uint64_t tree; } nc_node_bits;

uint16_t ts_node_symbol(nc_node self);
nc_node ts_node_child_by_field_id(nc_node self, uint16_t field_id);
nc_node ts_node_named_child(nc_node self, uint32_t child_index);
uint32_t ts_node_named_child_count(nc_node self);
uint32_t ts_node_end_byte(nc_node self);
nc_node ts_node_child(nc_node self, uint32_t child_index);
bool ts_node_is_null(nc_node self);

// The wrappers take and give a node as plain numbers (see nc_flatten): the binding's
// own calls pass a struct holding pointers, which cgo checks on every call.
static uint16_t nc_symbol(nc_node_bits n) {
	nc_node x; memcpy(&x, &n, sizeof x);
	return ts_node_symbol(x);
}

static nc_node_bits nc_child_by_field_id(nc_node_bits n, uint16_t field) {
	nc_node x; memcpy(&x, &n, sizeof x);
	nc_node c = ts_node_child_by_field_id(x, field);
	nc_node_bits out; memcpy(&out, &c, sizeof out);
	return out;
}

// nc_field_symbol is nc_child_by_field_id and the child's kind id (0 for no child):
// one call where asking for the child and then its kind would be two.
static nc_node_bits nc_field_symbol(nc_node_bits n, uint16_t field, uint16_t *symbol) {
	nc_node x; memcpy(&x, &n, sizeof x);
	nc_node c = ts_node_child_by_field_id(x, field);
	*symbol = ts_node_is_null(c) ? 0 : ts_node_symbol(c);
	nc_node_bits out; memcpy(&out, &c, sizeof out);
	return out;
}

static nc_node_bits nc_named_child(nc_node_bits n, uint32_t i) {
	nc_node x; memcpy(&x, &n, sizeof x);
	nc_node c = ts_node_named_child(x, i);
	nc_node_bits out; memcpy(&out, &c, sizeof out);
	return out;
}

static uint32_t nc_end_byte(nc_node_bits n) {
	nc_node x; memcpy(&x, &n, sizeof x);
	return ts_node_end_byte(x);
}

// nc_first_child_end is the end of n's first child, named or not, and false when n
// has no child: one call where the child and then its end would be two.
static bool nc_first_child_end(nc_node_bits n, uint32_t *end) {
	nc_node x; memcpy(&x, &n, sizeof x);
	nc_node c = ts_node_child(x, 0);
	if (ts_node_is_null(c)) return false;
	*end = ts_node_end_byte(c);
	return true;
}

uint32_t ts_node_child_count(nc_node self);

// nc_has_child_symbol reports whether one of n's children, named or not, has one of
// the count kind ids in syms: one call where asking each child and its kind would be
// two a child.
static bool nc_has_child_symbol(nc_node_bits n, const uint16_t *syms, int count) {
	nc_node x; memcpy(&x, &n, sizeof x);
	uint32_t children = ts_node_child_count(x);
	for (uint32_t i = 0; i < children; i++) {
		uint16_t sym = ts_node_symbol(ts_node_child(x, i));
		for (int k = 0; k < count; k++) {
			if (sym == syms[k]) return true;
		}
	}
	return false;
}

static uint32_t nc_named_child_count(nc_node_bits n) {
	nc_node x; memcpy(&x, &n, sizeof x);
	return ts_node_named_child_count(x);
}
*/
import "C"

import (
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// The calls below are the binding's Node methods that every node a rule or the
// resolver asks about pays (its kind, a field, a named child), made without cgo's
// check of the pointers inside a node: the nodes live in C memory, so the check
// never finds a Go pointer, and it cost as much as some of the calls themselves.

func bitsOf(n *sitter.Node) C.nc_node_bits { return *(*C.nc_node_bits)(unsafe.Pointer(n)) }

// nodeOf is the node for bits, nil for the null node (the binding's convention).
func nodeOf(b C.nc_node_bits) *sitter.Node {
	if b.id == 0 {
		return nil
	}
	n := new(sitter.Node)
	*(*C.nc_node_bits)(unsafe.Pointer(n)) = b
	return n
}

// kindID is n.KindId().
func kindID(n *sitter.Node) uint16 { return uint16(C.nc_symbol(bitsOf(n))) }

// childByFieldID is n.ChildByFieldId(id).
func childByFieldID(n *sitter.Node, id uint16) *sitter.Node {
	return nodeOf(C.nc_child_by_field_id(bitsOf(n), C.uint16_t(id)))
}

// namedChildInC is n.NamedChild(i), asked of C (see NamedChild).
func namedChildInC(n *sitter.Node, i int) *sitter.Node {
	return nodeOf(C.nc_named_child(bitsOf(n), C.uint32_t(i)))
}

// namedChildCountInC is n.NamedChildCount(), asked of C (see NamedChildCount).
func namedChildCountInC(n *sitter.Node) int {
	return int(C.nc_named_child_count(bitsOf(n)))
}

// EndOf is n.EndByte() (a node stores its start, not its end). Most nodes asked
// (four in five on the benchmark trees) point into their tree's index, whose record
// holds the end: no call into C for them. An index is never of an edited tree: edits
// go to a clone, and tree-sitter copies the subtrees an edit changes.
func EndOf(n *sitter.Node) uint {
	if s := stateOf(n); s != nil {
		if r := s.record(n); r != nil {
			return r.EndByte()
		}
	}
	return uint(C.nc_end_byte(bitsOf(n)))
}

// firstChildEndInC is n.Child(0).EndByte(), ok false when n has no child, asked of
// C (see firstChildEnd).
func firstChildEndInC(n *sitter.Node) (end uint, ok bool) {
	var e C.uint32_t
	if !C.nc_first_child_end(bitsOf(n), &e) {
		return 0, false
	}
	return uint(e), true
}

// FieldAndKind is Field(n, name) and its kind ("" for no child), read from the tree's
// index or in one call into C.
func FieldAndKind(n *sitter.Node, name string) (*sitter.Node, string) {
	if n == nil {
		return nil, ""
	}
	s := stateOf(n)
	if s == nil {
		c := n.ChildByFieldName(name)
		return c, Kind(c)
	}
	t := s.tables
	id := t.fields[name]
	if id == 0 {
		return nil, ""
	}
	if c, ok := s.indexedField(n, id); ok {
		if c == nil {
			return nil, ""
		}
		return c.Node(), kindName(t, c.KindID(), c.Node())
	}
	var sym C.uint16_t
	c := nodeOf(C.nc_field_symbol(bitsOf(n), C.uint16_t(id), &sym))
	if c == nil {
		return nil, ""
	}
	return c, kindName(t, uint16(sym), c)
}

// kindName is the name of kind id sym from the tables, asked of n when the tables
// do not know it.
func kindName(t *grammarTables, sym uint16, n *sitter.Node) string {
	if int(sym) < len(t.kinds) {
		return t.kinds[sym]
	}
	return n.Kind()
}

// HasChildOfKind reports whether one of n's children, named or not, is of kind (a
// keyword such as `type` in `import type`), in one call into C; false for nil. A
// grammar may give one name several kind ids: any of them counts. A kind the grammar
// does not name (`type` in JavaScript) is no child's but ERROR's, whose id is past
// the table's.
func HasChildOfKind(n *sitter.Node, kind string) bool {
	if n == nil {
		return false
	}
	var ids []uint16
	t := tablesOf(n)
	if t != nil {
		ids = t.idsOf(kind)
	}
	if len(ids) == 0 && t != nil && kind != ErrorNode {
		return false
	}
	if len(ids) == 0 { // another tree's node, or ERROR
		for i := range n.ChildCount() {
			if Kind(n.Child(i)) == kind {
				return true
			}
		}
		return false
	}
	return bool(C.nc_has_child_symbol(bitsOf(n), (*C.uint16_t)(unsafe.Pointer(&ids[0])), C.int(len(ids))))
}
