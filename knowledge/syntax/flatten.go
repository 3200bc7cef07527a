package syntax

/*
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

// The binding's public structs, as tree_sitter/api.h declares them; the layout is
// part of tree-sitter's stable C API. nc_node_bits is a node stored as plain numbers,
// so that the Go slice of records holds no pointers: the garbage collector and cgo's
// pointer checks have nothing to scan in it (the pointers are C memory anyway).
typedef struct { uint32_t context[4]; const void *id; const void *tree; } nc_node;
typedef struct { uint32_t context[4]; uint64_t id; uint64_t tree; } nc_node_bits;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } nc_cursor;

nc_cursor ts_tree_cursor_new(nc_node node);
void ts_tree_cursor_delete(nc_cursor *self);
nc_node ts_tree_cursor_current_node(const nc_cursor *self);
bool ts_tree_cursor_goto_first_child(nc_cursor *self);
bool ts_tree_cursor_goto_next_sibling(nc_cursor *self);
bool ts_tree_cursor_goto_parent(nc_cursor *self);
uint16_t ts_node_symbol(nc_node self);
bool ts_node_is_named(nc_node self);
uint32_t ts_node_end_byte(nc_node self);

// end_byte fills what would otherwise be padding: the record stays 40 bytes.
typedef struct { nc_node_bits node; uint16_t symbol; uint16_t depth; uint32_t end_byte; } nc_flat;

// nc_flatten writes the named nodes of root's subtree in document order into out, at
// most cap records, without descending below max_depth. It returns the number of
// named nodes, which exceeds cap when out was too small, and sets *deepest to the
// deepest level reached.
static size_t nc_flatten(nc_node root, nc_flat *out, size_t cap, uint16_t max_depth, uint16_t *deepest) {
	nc_cursor c = ts_tree_cursor_new(root);
	size_t n = 0;
	uint16_t depth = 0;
	*deepest = 0;
	for (;;) {
		nc_node node = ts_tree_cursor_current_node(&c);
		if (ts_node_is_named(node)) {
			if (n < cap) {
				memcpy(&out[n].node, &node, sizeof node);
				out[n].symbol = ts_node_symbol(node);
				out[n].depth = depth;
				out[n].end_byte = ts_node_end_byte(node);
			}
			n++;
		}
		if (depth <= max_depth && ts_tree_cursor_goto_first_child(&c)) {
			depth++;
			if (depth > *deepest) *deepest = depth;
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&c)) {
			if (depth == 0 || !ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return n;
			}
			depth--;
		}
	}
}
*/
import "C"

import (
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// Flat is one node of a flattened tree.
type Flat struct {
	rec C.nc_flat
}

// Node is the node itself; it points into the flattened slice, so it stays valid as
// long as the slice is referenced.
func (f *Flat) Node() *sitter.Node { return (*sitter.Node)(unsafe.Pointer(&f.rec.node)) }

// KindID is the node's kind id (see KindNames).
func (f *Flat) KindID() uint16 { return uint16(f.rec.symbol) }

// Depth is the node's level below the flattened root (0).
func (f *Flat) Depth() int { return int(f.rec.depth) }

// StartByte and EndByte are the node's span, read without a call into C.
func (f *Flat) StartByte() uint { return uint(f.rec.node.context[0]) }

// EndByte: see StartByte.
func (f *Flat) EndByte() uint { return uint(f.rec.end_byte) }

// Flatten lists the named nodes of root's subtree (punctuation, operators and keywords
// left out) in document order, each with its kind and depth,
// and reports the deepest level it reached. It does not descend below maxDepth+1, so
// a deeper tree yields deepest == maxDepth+1 and stays bounded. buf, when large
// enough, is reused for the result.
//
// A whole tree's walk also gives the tree its Index (see adopt).
//
// The whole walk is one call into C: walking with a cursor from Go costs a cgo call
// per step and an allocation per node, which made the walk most of an analysis.
func Flatten(root *sitter.Node, maxDepth int, buf []Flat) (nodes []Flat, deepest int) {
	nodes, deepest = flatten(root, maxDepth, buf)
	if deepest <= maxDepth {
		adopt(root, nodes)
	}
	return nodes, deepest
}

func flatten(root *sitter.Node, maxDepth int, buf []Flat) (nodes []Flat, deepest int) {
	if root == nil {
		return buf[:0], 0
	}
	maxDepth = min(maxDepth, 0xfffe)
	nodes = buf[:cap(buf)]
	if len(nodes) == 0 {
		// Tree-sitter trees of JavaScript hold a named node per 6 to 10 bytes of
		// source; when the guess is too small, a second call gets the exact count.
		nodes = make([]Flat, int(root.EndByte()-root.StartByte())/5+16)
	}
	for {
		var d C.uint16_t
		n := int(C.nc_flatten(*(*C.nc_node)(unsafe.Pointer(root)), &nodes[0].rec, C.size_t(len(nodes)), C.uint16_t(maxDepth), &d))
		if n <= len(nodes) {
			return nodes[:n], int(d)
		}
		nodes = make([]Flat, n)
	}
}

// StartOf is n.StartByte() without a call into C: a TSNode's first context word.
// Every node a file's analysis asks about pays the call otherwise (Text alone asks
// it of every name the resolver looks up).
func StartOf(n *sitter.Node) uint { return uint((*C.nc_node)(unsafe.Pointer(n)).context[0]) }

// treeOf is the C tree a node belongs to: the last field of a TSNode.
func treeOf(n *sitter.Node) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(n), unsafe.Offsetof(C.nc_node{}.tree)))
}

// sitter.Node is a struct holding only the C TSNode, which Flatten, Flat.Node and
// treeOf rely on; this fails to compile if the binding's layout ever changes size.
var _ = [1]struct{}{}[unsafe.Sizeof(sitter.Node{})-unsafe.Sizeof(C.nc_node{})]

// A record is the node and four small numbers; end_byte must not make it grow.
var _ = [1]struct{}{}[unsafe.Sizeof(Flat{})-40]
