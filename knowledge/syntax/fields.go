package syntax

import sitter "github.com/tree-sitter/go-tree-sitter"

// fieldAt is the index of n's child in field id, -1 for none, read from the index:
// ok is false when the index cannot answer (no fields recorded, n is not one of its
// named nodes, or nc_flatten marked n with NC_FIELD_IN_C). The child is the first
// named child the walk found in that field, as ts_node_child_by_field_id answers the
// first child in it.
func (x *Index) fieldAt(n *sitter.Node, id uint16) (child int32, ok bool) {
	first, ok := x.firstChildAt(n)
	if first < 0 {
		return -1, ok // the index cannot answer, or n has no named child
	}
	for k := first; k >= 0; k = x.next[k] {
		if uint16(x.fields[k]&^fieldInC) == id {
			return k, true
		}
	}
	return -1, true
}

// indexedField is n's child in field id read from the tree's index (nil for none):
// ok is false while the tree has no index or the index cannot answer. The record's
// node points into the index, so the answer allocates nothing and calls no C.
func (s *treeState) indexedField(n *sitter.Node, id uint16) (child *Flat, ok bool) {
	if !s.ready.Load() {
		return nil, false
	}
	k, ok := s.index.fieldAt(n, id)
	if !ok || k < 0 {
		return nil, ok
	}
	return &s.index.nodes[k], true
}
