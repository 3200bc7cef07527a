package syntax

import (
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// fieldIDs maps each grammar's field names to their ids. Node.ChildByFieldName
// copies the name into C memory and searches the grammar's field names on every
// call; the resolver and the rules ask for fields hundreds of thousands of times
// per large file, so they ask by id. The ids differ between the JavaScript and
// TypeScript grammars, hence one table per grammar.
var fieldIDs = func() map[unsafe.Pointer]map[string]uint16 {
	tables := map[unsafe.Pointer]map[string]uint16{}
	for _, g := range grammars {
		ids := map[string]uint16{}
		for id := uint16(1); uint32(id) <= g.FieldCount(); id++ {
			ids[g.FieldNameForId(id)] = id
		}
		tables[unsafe.Pointer(g.Inner)] = ids
	}
	return tables
}()

// Field is n's child in the named field, nil when n is nil or has none.
func Field(n *sitter.Node, name string) *sitter.Node {
	if n == nil {
		return nil
	}
	ids, ok := fieldIDs[unsafe.Pointer(n.Language().Inner)]
	if !ok {
		return n.ChildByFieldName(name)
	}
	id := ids[name]
	if id == 0 {
		return nil // the grammar has no such field
	}
	return n.ChildByFieldId(id)
}
