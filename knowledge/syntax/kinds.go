package syntax

import (
	"sync"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// kindTables map each grammar's numeric node kinds to their names. Node.Kind() copies
// a C string on every call; a walk over every node of a file does better with
// KindId() and a table lookup.
var (
	kindTablesOnce sync.Once
	kindTables     map[*sitter.Language][]string
)

// KindNames returns the kind-name table of the grammar that parsed root, nil for a
// grammar nodecoach does not know (callers then use Node.Kind()).
func KindNames(root *sitter.Node) []string {
	kindTablesOnce.Do(func() {
		kindTables = map[*sitter.Language][]string{}
		for _, g := range grammars {
			names := make([]string, g.NodeKindCount())
			for id := range names {
				names[id] = g.NodeKindForId(uint16(id))
			}
			kindTables[g] = names
		}
	})
	lang := root.Language()
	for g, names := range kindTables {
		if g.Inner == lang.Inner {
			return names
		}
	}
	return nil
}
