package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// skippedInProduction reports whether n never runs in production: it sits in the
// branch of a test against the string "production" that production skips
// (`if (process.env.NODE_ENV !== 'production') …`, the else of `=== 'production'`),
// or after a guard of its own function that returns in production
// (`if (ENV === 'production' || cloud) return;`). Such code reloads a config file or
// a template while a developer edits it: no production request waits behind it.
func skippedInProduction(pass *analysis.Pass, n *sitter.Node) bool {
	fn := syntax.EnclosingFunction(n)
	for child, p := n, syntax.Parent(n); p != nil && (fn == nil || p.Id() != fn.Id()); child, p = p, syntax.Parent(p) {
		switch syntax.Kind(p) {
		case syntax.IfStatement:
			cond := syntax.Field(p, syntax.FieldCondition)
			if c := syntax.Field(p, syntax.FieldConsequence); c != nil && c.Id() == child.Id() && testsProduction(pass, cond, "&&", "!==", "!=") {
				return true
			}
			if a := syntax.Field(p, syntax.FieldAlternative); a != nil && a.Id() == child.Id() && testsProduction(pass, cond, "||", "===", "==") {
				return true
			}
		case syntax.StatementBlock, syntax.Program:
			for prev := range syntax.PrevSiblingsOfKind(child, syntax.IfStatement) {
				if syntax.Field(prev, syntax.FieldAlternative) == nil &&
					returnsAtOnce(syntax.Field(prev, syntax.FieldConsequence)) &&
					testsProduction(pass, syntax.Field(prev, syntax.FieldCondition), "||", "===", "==") {
					return true
				}
			}
		}
	}
	return false
}

// testsProduction reports whether cond holds only when it compares a value with the
// string "production" by one of ops: the comparison itself, or one operand of a chain
// of join (`&&` for a branch production skips, `||` for one production takes).
func testsProduction(pass *analysis.Pass, cond *sitter.Node, join string, ops ...string) bool {
	cond = syntax.Unwrap(cond)
	if syntax.Kind(cond) != syntax.BinaryExpression {
		return false
	}
	op := pass.Text(syntax.Field(cond, syntax.FieldOperator))
	if op == join {
		return testsProduction(pass, syntax.Field(cond, syntax.FieldLeft), join, ops...) || testsProduction(pass, syntax.Field(cond, syntax.FieldRight), join, ops...)
	}
	for _, want := range ops {
		if op != want {
			continue
		}
		for _, side := range []string{"left", "right"} {
			if v, ok := syntax.StringValue(syntax.Field(cond, side), pass.File.Src); ok && v == "production" {
				return true
			}
		}
	}
	return false
}

// returnsAtOnce: a `return` statement, or a block whose first statement is one.
func returnsAtOnce(n *sitter.Node) bool {
	if syntax.Kind(n) == syntax.StatementBlock {
		n = n.NamedChild(0)
	}
	return n != nil && syntax.Kind(n) == syntax.ReturnStatement
}
