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
	fn := enclosingFunction(pass, n)
	for child, p := n, n.Parent(); p != nil && (fn == nil || p.Id() != fn.Id()); child, p = p, p.Parent() {
		switch syntax.Kind(p) {
		case "if_statement":
			cond := syntax.Field(p, "condition")
			if c := syntax.Field(p, "consequence"); c != nil && c.Id() == child.Id() && testsProduction(pass, cond, "&&", "!==", "!=") {
				return true
			}
			if a := syntax.Field(p, "alternative"); a != nil && a.Id() == child.Id() && testsProduction(pass, cond, "||", "===", "==") {
				return true
			}
		case "statement_block", "program":
			for prev := child.PrevNamedSibling(); prev != nil; prev = prev.PrevNamedSibling() {
				if syntax.Kind(prev) == "if_statement" && syntax.Field(prev, "alternative") == nil &&
					returnsAtOnce(syntax.Field(prev, "consequence")) &&
					testsProduction(pass, syntax.Field(prev, "condition"), "||", "===", "==") {
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
	if syntax.Kind(cond) != "binary_expression" {
		return false
	}
	op := pass.Text(syntax.Field(cond, "operator"))
	if op == join {
		return testsProduction(pass, syntax.Field(cond, "left"), join, ops...) || testsProduction(pass, syntax.Field(cond, "right"), join, ops...)
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
	if syntax.Kind(n) == "statement_block" {
		n = n.NamedChild(0)
	}
	return n != nil && syntax.Kind(n) == "return_statement"
}
