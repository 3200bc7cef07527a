package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// cacheSlot is where a memo keeps its value: a variable, property or keyed entry
// (text: `cache`, `this.cache`, `cache[key]`), or the entry of a Map-like object under
// one key (object and key: `templates.get(path)`, `templates.has(path)`).
type cacheSlot struct{ text, object, key string }

func (s cacheSlot) empty() bool { return s.text == "" && s.object == "" }

// owner is the name whose declaration decides how long the slot lives.
func (s cacheSlot) owner() string {
	if s.object != "" {
		return s.object
	}
	return s.text
}

// memoisedOnce reports whether n runs only until a value that outlives the call is
// set, so that only the first request (for each key) pays:
//   - it sits under `if (!cache)` (or `cache == null`, `=== undefined`,
//     `!cache[key]`, `!map.has(key)`, `!map.get(key)`) whose block stores the value;
//   - or it computes the fallback of a cache lookup, `cache[key] || read()`,
//     `map.get(key) ?? read()`, `enabled && map.get(key) || read()`, in a function
//     that stores the value there (`map.set(key, v)`, `cache[key] = v`), or
//     `cache[key] ??= read()` (also `||=`), which stores it itself.
//
// The cache must not be declared in n's function (a module variable, an outer
// closure's, or a property such as this.cache): a local one dies with the call.
func memoisedOnce(pass *analysis.Pass, n *sitter.Node) bool {
	fn := syntax.EnclosingFunction(n)
	scope := pass.File.Tree.RootNode()
	if fn != nil {
		scope = fn
	}
	outlives := func(slot cacheSlot) bool {
		return !slot.empty() && (fn == nil || !declaresName(pass, fn, slot.owner()))
	}
	for child, p := n, syntax.Parent(n); p != nil && (fn == nil || p.Id() != fn.Id()); child, p = p, syntax.Parent(p) {
		switch syntax.Kind(p) {
		case syntax.IfStatement:
			consequence := syntax.Field(p, syntax.FieldConsequence)
			if consequence == nil || consequence.Id() != child.Id() {
				continue // n is in the condition or the else branch
			}
			if slot := unsetTested(pass, syntax.Field(p, syntax.FieldCondition)); outlives(slot) && storesTo(pass, consequence, slot) {
				return true
			}
		case syntax.BinaryExpression:
			right := syntax.Field(p, syntax.FieldRight)
			if op := pass.Text(syntax.Field(p, syntax.FieldOperator)); (op != "||" && op != "??") || right == nil || right.Id() != child.Id() {
				continue
			}
			if slot := cacheRead(pass, lastConjunct(pass, syntax.Field(p, syntax.FieldLeft))); outlives(slot) && storesTo(pass, scope, slot) {
				return true
			}
		case syntax.AugmentedAssignmentExpression:
			right := syntax.Field(p, syntax.FieldRight)
			if op := pass.Text(syntax.Field(p, syntax.FieldOperator)); (op != "||=" && op != "??=") || right == nil || right.Id() != child.Id() {
				continue
			}
			if slot := cacheRead(pass, syntax.Field(p, syntax.FieldLeft)); outlives(slot) {
				return true
			}
		}
	}
	return false
}

// lastConjunct is the value an `a && b && c` chain yields when every operand is
// truthy (c), through parentheses; n itself otherwise.
func lastConjunct(pass *analysis.Pass, n *sitter.Node) *sitter.Node {
	for {
		n = syntax.Unwrap(n)
		if syntax.Kind(n) != syntax.BinaryExpression || pass.Text(syntax.Field(n, syntax.FieldOperator)) != "&&" {
			return n
		}
		n = syntax.Field(n, syntax.FieldRight)
	}
}

// unsetTested is the slot a condition tests for being unset: `!x`, `!cache[key]`,
// `!map.has(key)`, `x == null`, `x === null`, `x === undefined`; empty for any other
// test.
func unsetTested(pass *analysis.Pass, cond *sitter.Node) cacheSlot {
	cond = syntax.Unwrap(cond)
	switch syntax.Kind(cond) {
	case syntax.UnaryExpression:
		if op := syntax.Field(cond, syntax.FieldOperator); op != nil && pass.Text(op) == "!" {
			return cacheRead(pass, syntax.Field(cond, syntax.FieldArgument))
		}
	case syntax.BinaryExpression:
		op := syntax.Field(cond, syntax.FieldOperator)
		if op == nil || (pass.Text(op) != "==" && pass.Text(op) != "===") {
			return cacheSlot{}
		}
		left, right := syntax.Field(cond, syntax.FieldLeft), syntax.Field(cond, syntax.FieldRight)
		if right != nil && (syntax.Kind(right) == syntax.Null || syntax.Kind(right) == syntax.Undefined) {
			return cacheRead(pass, left)
		}
	}
	return cacheSlot{}
}

// cacheRead is the slot n reads: a variable, a property, a keyed entry, or a Map-like
// lookup by one key (`map.get(key)`, `map.has(key)`); empty for anything else.
func cacheRead(pass *analysis.Pass, n *sitter.Node) cacheSlot {
	n = syntax.Unwrap(n)
	switch syntax.Kind(n) {
	case syntax.Identifier, syntax.MemberExpression, syntax.SubscriptExpression:
		return cacheSlot{text: pass.Text(n)}
	case syntax.CallExpression:
		fn, args := syntax.Field(n, syntax.FieldFunction), syntax.Field(n, syntax.FieldArguments)
		if syntax.Kind(fn) != syntax.MemberExpression || args == nil || args.NamedChildCount() != 1 {
			return cacheSlot{}
		}
		if m := pass.Text(syntax.Field(fn, syntax.FieldProperty)); m == "get" || m == "has" {
			return cacheSlot{object: pass.Text(syntax.Field(fn, syntax.FieldObject)), key: pass.Text(args.NamedChild(0))}
		}
	}
	return cacheSlot{}
}

// storesTo reports whether block stores a value in slot: an assignment to it (`=`,
// `??=`, `||=`), or for a Map-like entry, `map.set(key, value)` under the same key.
func storesTo(pass *analysis.Pass, block *sitter.Node, slot cacheSlot) bool {
	if slot.object == "" {
		return assignsTo(pass, block, slot.text)
	}
	return containsNode(block, true, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.CallExpression {
			return false
		}
		fn, args := syntax.Field(n, syntax.FieldFunction), syntax.Field(n, syntax.FieldArguments)
		return syntax.Kind(fn) == syntax.MemberExpression && pass.Text(syntax.Field(fn, syntax.FieldProperty)) == "set" &&
			pass.Text(syntax.Field(fn, syntax.FieldObject)) == slot.object &&
			args != nil && args.NamedChildCount() == 2 && pass.Text(args.NamedChild(0)) == slot.key
	})
}

// declaresName reports whether fn declares name itself (a parameter or a variable of
// its own body), so that a value stored in it dies with the call.
func declaresName(pass *analysis.Pass, fn *sitter.Node, name string) bool {
	if params := syntax.Field(fn, syntax.FieldParameters); params != nil && containsNode(params, true, func(n *sitter.Node) bool {
		return syntax.Kind(n) == syntax.Identifier && pass.Text(n) == name
	}) {
		return true
	}
	if p := syntax.Field(fn, syntax.FieldParameter); p != nil && pass.Text(p) == name { // x => ...
		return true
	}
	return containsNode(syntax.Field(fn, syntax.FieldBody), true, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.VariableDeclarator {
			return false
		}
		id := syntax.Field(n, syntax.FieldName)
		return id != nil && pass.Text(id) == name
	})
}

// assignsTo reports whether block assigns target (`=`, `??=`, `||=`).
func assignsTo(pass *analysis.Pass, block *sitter.Node, target string) bool {
	return containsNode(block, true, func(n *sitter.Node) bool {
		if k := syntax.Kind(n); k != syntax.AssignmentExpression && k != syntax.AugmentedAssignmentExpression {
			return false
		}
		left := syntax.Field(n, syntax.FieldLeft)
		return left != nil && pass.Text(left) == target
	})
}
