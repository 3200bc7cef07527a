package syntax

import sitter "github.com/tree-sitter/go-tree-sitter"

// ChildrenOfKind are n's named children of one kind, in order: the decorators of a
// class, the clauses of a class heritage or an export statement.
func ChildrenOfKind(n *sitter.Node, kind string) []*sitter.Node {
	var out []*sitter.Node
	for c := range NamedChildren(n) {
		if Kind(c) == kind {
			out = append(out, c)
		}
	}
	return out
}
