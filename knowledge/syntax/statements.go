package syntax

import sitter "github.com/tree-sitter/go-tree-sitter"

// Statement is the statement containing n whose parent is a statement list (a block,
// the program or a switch case), where a line can be inserted before or after it; nil
// when a function or a class body comes first (a concise arrow body, a field).
func Statement(n *sitter.Node) *sitter.Node {
	for c, p := n, n.Parent(); p != nil; c, p = p, p.Parent() {
		switch Kind(p) {
		case StatementBlock, Program, SwitchCase, SwitchDefault:
			return c
		}
		if IsFunction(p) || Kind(p) == ClassBody {
			return nil
		}
	}
	return nil
}

// TopStatement is the top-level statement containing n, nil for the program itself.
func TopStatement(n *sitter.Node) *sitter.Node {
	for c, p := n, n.Parent(); p != nil; c, p = p, p.Parent() {
		if Kind(p) == Program {
			return c
		}
	}
	return nil
}

// Escapes reports whether one occurrence of a stored value (a variable, or a
// `this.x` member) may hand the value to code that cannot be followed: true unless it
// is the object of a member access (`v.m()`, `v.x`), the name a declarator declares,
// or the target of an assignment.
func Escapes(use *sitter.Node) bool {
	p := use.Parent()
	if p == nil {
		return false
	}
	switch Kind(p) {
	case MemberExpression:
		return Field(p, FieldObject).Id() != use.Id()
	case VariableDeclarator:
		return Field(p, FieldName).Id() != use.Id()
	case AssignmentExpression:
		return Field(p, FieldLeft).Id() != use.Id()
	}
	return true
}
