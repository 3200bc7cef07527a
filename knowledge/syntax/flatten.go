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
uint16_t ts_node_grammar_symbol(nc_node self);
uint16_t ts_tree_cursor_current_field_id(const nc_cursor *self);

// end_byte fills what would otherwise be padding: the record stays 40 bytes.
typedef struct { nc_node_bits node; uint16_t symbol; uint16_t depth; uint32_t end_byte; } nc_flat;

// NC_FIELD_DEPTH bounds the levels at which nc_flatten records fields: a deeper
// tree gets no field record (*fields_ok false), and Field asks C instead.
#define NC_FIELD_DEPTH 1024

// NC_FIELD_IN_C marks, in a node's field record, that the node's named children
// alone cannot tell which child tree-sitter gives for a field, so Field asks C:
// - an unnamed child carries a field (tree-sitter may give it first);
// - an unnamed child has children (they are listed as the node's own);
// - a child is a hidden rule shown under another name, an alias with children
//   (tree-sitter counts the fields inside it as the node's own);
// - the node is an ERROR (tree-sitter gives no field of it, the walk may see some).
#define NC_FIELD_IN_C 0x80

// NC_ERROR_SYMBOL is the kind id of ERROR nodes (tree-sitter's ts_builtin_sym_error).
#define NC_ERROR_SYMBOL ((uint16_t)-1)

// nc_flatten writes the named nodes of root's subtree in document order into out, at
// most cap records, without descending below max_depth. It returns the number of
// named nodes, which exceeds cap when out was too small, and sets *deepest to the
// deepest level reached.
//
// fields, when not NULL, receives for each of the first fields_cap named nodes the
// field its parent holds it in (0 for none), and NC_FIELD_IN_C; *fields_ok turns
// false when a field id or the tree's depth does not fit that record.
static size_t nc_flatten(nc_node root, nc_flat *out, size_t cap, uint16_t max_depth, uint16_t *deepest, uint8_t *fields, size_t fields_cap, bool *fields_ok) {
	nc_cursor c = ts_tree_cursor_new(root);
	size_t n = 0;
	uint16_t depth = 0;
	// named_at[d] is the record of the nearest named node at or above level d,
	// SIZE_MAX for none: the node an index lists a child at level d+1 under.
	size_t named_at[NC_FIELD_DEPTH];
	*deepest = 0;
	for (;;) {
		nc_node node = ts_tree_cursor_current_node(&c);
		bool named = ts_node_is_named(node);
		uint16_t symbol = named ? ts_node_symbol(node) : 0;
		size_t parent = SIZE_MAX;
		if (fields) {
			uint16_t field = ts_tree_cursor_current_field_id(&c);
			if (depth >= NC_FIELD_DEPTH || field >= NC_FIELD_IN_C) {
				*fields_ok = false;
				fields = NULL;
			} else {
				parent = depth > 0 ? named_at[depth-1] : SIZE_MAX;
				named_at[depth] = named ? n : parent;
				if (named && n < fields_cap) {
					fields[n] = (uint8_t)field | (symbol == NC_ERROR_SYMBOL ? NC_FIELD_IN_C : 0);
				}
				if (!named && field && parent < fields_cap) fields[parent] |= NC_FIELD_IN_C;
			}
		}
		if (named) {
			if (n < cap) {
				memcpy(&out[n].node, &node, sizeof node);
				out[n].symbol = symbol;
				out[n].depth = depth;
				out[n].end_byte = ts_node_end_byte(node);
			}
			n++;
		}
		if (depth <= max_depth && ts_tree_cursor_goto_first_child(&c)) {
			// Asked only of nodes with children, which the step down has just shown.
			if (fields && parent < fields_cap && (!named || symbol != ts_node_grammar_symbol(node))) {
				fields[parent] |= NC_FIELD_IN_C;
			}
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

// fieldInC is nc_flatten's mark on a node whose fields the index cannot answer.
const fieldInC = C.NC_FIELD_IN_C

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
// A whole tree's walk also gives the tree its Index (see adopt; IndexedFlatten).
//
// The whole walk is one call into C: walking with a cursor from Go costs a cgo call
// per step and an allocation per node, which made the walk most of an analysis.
func Flatten(root *sitter.Node, maxDepth int, buf []Flat) (nodes []Flat, deepest int) {
	s := stateOf(root)
	adopting := s != nil && !s.ready.Load() && root.Id() == s.tree.RootNode().Id()
	nodes, fields, deepest := flatten(root, maxDepth, buf, adopting)
	if adopting && deepest <= maxDepth {
		adopt(s, nodes, fields, deepest)
	}
	return nodes, deepest
}

// IndexedFlatten is what Flatten(root, maxDepth, …) gives, read from the index of
// root's tree with no walk in C, when root is the tree's root and the walk that made
// the index reached no level below maxDepth: the index's own records. They live as
// long as the tree's state, so a caller may keep pointers into them where it would
// copy a record of a reused buffer, and Kind, Field, EndOf, Parent and NamedChild of
// such a pointer read its record: no search by offset, no call into C. ok is false
// otherwise, and the caller flattens: a tree is walked in C once for its index, not
// again by every Build of it.
func IndexedFlatten(root *sitter.Node, maxDepth int) (records []Flat, deepest int, ok bool) {
	s := stateOf(root)
	if s == nil || !s.ready.Load() || s.index.deepest > min(maxDepth, 0xfffe) || len(s.index.nodes) == 0 || root.Id() != s.tree.RootNode().Id() {
		return nil, 0, false
	}
	return s.index.nodes, s.index.deepest, true
}

// flatten is Flatten's walk; withFields also records each node's field (see
// nc_flatten), fields is nil when it was not asked or the tree did not fit it.
func flatten(root *sitter.Node, maxDepth int, buf []Flat, withFields bool) (nodes []Flat, fields []uint8, deepest int) {
	if root == nil {
		return buf[:0], nil, 0
	}
	maxDepth = min(maxDepth, 0xfffe)
	nodes = buf[:cap(buf)]
	// Tree-sitter trees of JavaScript hold a named node per 6 to 10 bytes of source;
	// when the guess is too small, a second call gets the exact count. A reused
	// buffer smaller than the guess is not tried first: the walk it cannot hold would
	// be walked twice (11 of the big benchmark tree's 560 files were).
	if guess := int(root.EndByte()-root.StartByte())/5 + 16; len(nodes) < guess {
		nodes = make([]Flat, guess)
	}
	if withFields {
		// A byte a node's field, for as many nodes as the source can plausibly hold
		// (not the reused buffer's capacity, which a large file before may have set);
		// a second walk, when one is needed, knows the count.
		fields = make([]uint8, int(root.EndByte()-root.StartByte())/3+16)
	}
	for {
		var d C.uint16_t
		var fieldsOut *C.uint8_t
		fieldsOK := C.bool(len(fields) > 0)
		if fieldsOK {
			// Each named node's byte is set before any mark is added to it: no clearing
			// is needed when a second walk reuses it.
			fieldsOut = (*C.uint8_t)(&fields[0])
		}
		n := int(C.nc_flatten(*(*C.nc_node)(unsafe.Pointer(root)), &nodes[0].rec, C.size_t(len(nodes)),
			C.uint16_t(maxDepth), &d, fieldsOut, C.size_t(len(fields)), &fieldsOK))
		if n <= len(nodes) {
			if !fieldsOK || n > len(fields) { // denser than guessed: left to C
				return nodes[:n], nil, int(d)
			}
			// A copy of the exact size: the index keeps it as long as the tree, and the
			// guess above is two or three times the count.
			return nodes[:n], append(make([]uint8, 0, n), fields[:n]...), int(d)
		}
		nodes = make([]Flat, n)
		if withFields && len(fields) < n {
			fields = make([]uint8, n)
		}
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
