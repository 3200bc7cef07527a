package syntax

import (
	"iter"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// Statement is the statement containing n whose parent is a statement list (a block,
// the program or a switch case), where a line can be inserted before or after it; nil
// when a function or a class body comes first (a concise arrow body, a field).
func Statement(n *sitter.Node) (stmt *sitter.Node) {
	walkUp(n, func(c, _ *sitter.Node, kind string) bool {
		switch kind {
		case StatementBlock, Program, SwitchCase, SwitchDefault:
			stmt = c
			return false
		}
		return !IsFunctionKind(kind) && kind != ClassBody
	})
	return stmt
}

// TopStatement is the top-level statement containing n, nil for the program itself.
func TopStatement(n *sitter.Node) (stmt *sitter.Node) {
	walkUp(n, func(c, _ *sitter.Node, kind string) bool {
		if kind == Program {
			stmt = c
			return false
		}
		return true
	})
	return stmt
}

// Escapes reports whether one occurrence of a stored value (a variable, or a
// `this.x` member) may hand the value to code that cannot be followed: true unless it
// is the object of a member access (`v.m()`, `v.x`), the name a declarator declares,
// or the target of an assignment.
func Escapes(use *sitter.Node) bool {
	p := Parent(use)
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

// ExpressionStatements yields each expression statement directly in list (a program or
// a block) with its expression, parentheses removed, when that has the given kind: the
// top-level `app.use(…)` calls or `C.prototype.m = …` assignments of a file.
func ExpressionStatements(list *sitter.Node, kind NodeKind) iter.Seq2[*sitter.Node, *sitter.Node] {
	return func(yield func(stmt, expr *sitter.Node) bool) {
		for stmt := range NamedChildren(list) { // a sibling link a step, not a count from the first
			if Kind(stmt) != ExpressionStatement {
				continue
			}
			if e, k := UnwrapKind(NamedChild(stmt, 0)); e != nil && k == kind && !yield(stmt, e) {
				return
			}
		}
	}
}
