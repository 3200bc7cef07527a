package syntax

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// Text returns the source text of n.
func Text(n *sitter.Node, src []byte) string {
	if n == nil {
		return ""
	}
	return string(src[StartOf(n):EndOf(n)])
}

// Unwrap strips the wrappers that do not change a value: parentheses and the
// TypeScript-only assertions `x as T`, `x!`, `x satisfies T` and `<T>x`.
func Unwrap(n *sitter.Node) *sitter.Node {
	n, _ = UnwrapKind(n)
	return n
}

// UnwrapKind is Unwrap and the kind of the node it returns ("" for nil), which it
// has read anyway: a caller that switches on the kind asks C once, not twice.
func UnwrapKind(n *sitter.Node) (*sitter.Node, string) {
	for n != nil {
		switch kind := Kind(n); kind {
		case ParenthesizedExpression, AsExpression, NonNullExpression,
			SatisfiesExpression, TypeAssertion:
			inner := NamedChild(n, 0)
			if kind == TypeAssertion {
				inner = NamedChild(n, 1)
			}
			if inner == nil {
				return n, kind
			}
			n = inner
		default:
			return n, kind
		}
	}
	return nil, ""
}

// StringValue returns the value of a string literal or of a template string without
// substitutions, and false for anything else. Escapes are rare in module specifiers and
// header names, so the raw fragment text is what rules compare against.
func StringValue(n *sitter.Node, src []byte) (string, bool) {
	n = Unwrap(n)
	if n == nil {
		return "", false
	}
	switch Kind(n) {
	case String:
		var b strings.Builder
		for c := range NamedChildren(n) {
			if Kind(c) != StringFragment && Kind(c) != EscapeSequence {
				return "", false
			}
			b.WriteString(Text(c, src))
		}
		return b.String(), true
	case TemplateString:
		var b strings.Builder
		for c := range NamedChildren(n) {
			if Kind(c) == TemplateSubstitution {
				return "", false
			}
			b.WriteString(Text(c, src))
		}
		return b.String(), true
	}
	return "", false
}

// IsFunction reports whether n is a function of any syntactic form.
func IsFunction(n *sitter.Node) bool { return n != nil && IsFunctionKind(Kind(n)) }

// IsFunctionKind reports whether a node kind is a function of any syntactic form.
func IsFunctionKind(kind string) bool {
	switch kind {
	case FunctionDeclaration, FunctionExpression, "function", ArrowFunction,
		GeneratorFunctionDeclaration, GeneratorFunction, MethodDefinition:
		return true
	}
	return false
}

// leadingModifiers are the named nodes that may come before a method's async:
// `@Get() public override async list(...)`.
var leadingModifiers = map[string]bool{Decorator: true, AccessibilityModifier: true, OverrideModifier: true}

// IsAsync reports whether a function node carries the async keyword.
func IsAsync(fn *sitter.Node) bool {
	for i := uint(0); i < fn.ChildCount(); i++ {
		c := fn.Child(i)
		if Kind(c) == KeywordAsync {
			return true
		}
		if c.IsNamed() && !leadingModifiers[Kind(c)] {
			// async always precedes the name, parameters and body.
			return false
		}
	}
	return false
}

// FunctionName is the declared name of a function, or the name of the variable,
// property or method it is assigned to; "" for anonymous callbacks.
func FunctionName(fn *sitter.Node, src []byte) string {
	if name := Field(fn, FieldName); name != nil {
		return Text(name, src)
	}
	p := Parent(fn)
	if p == nil {
		return ""
	}
	switch Kind(p) {
	case VariableDeclarator:
		return Text(Field(p, FieldName), src)
	case Pair:
		return Text(Field(p, FieldKey), src)
	case AssignmentExpression:
		left := Field(p, FieldLeft)
		if left != nil && Kind(left) == MemberExpression {
			return Text(Field(left, FieldProperty), src)
		}
		return Text(left, src)
	}
	return ""
}

// Params returns the parameter nodes of a function: the elements of its
// formal_parameters, or the single bare parameter of `x => ...`.
func Params(fn *sitter.Node) []*sitter.Node {
	if p := Field(fn, FieldParameter); p != nil {
		return []*sitter.Node{p}
	}
	list := Field(fn, FieldParameters)
	if list == nil {
		return nil
	}
	count := NamedChildCount(list) // a call into C: asked once, not at every step
	out := make([]*sitter.Node, 0, count)
	for i := range count {
		c := NamedChild(list, i)
		if Kind(c) == Comment {
			continue
		}
		out = append(out, c)
	}
	return out
}

// ParamName is the plain identifier a parameter binds, "" for patterns and `this`.
// It sees through TypeScript's required_parameter/optional_parameter wrappers and
// default values (which make the name still usable but change Function.length).
func ParamName(p *sitter.Node, src []byte) string {
	if pat := Field(p, FieldPattern); pat != nil {
		p = pat
	}
	if Kind(p) == AssignmentPattern {
		p = Field(p, FieldLeft)
	}
	if p != nil && Kind(p) == Identifier {
		return Text(p, src)
	}
	return ""
}

// EnclosingFunction returns the innermost function containing n, nil at top level.
func EnclosingFunction(n *sitter.Node) *sitter.Node { return functionAround(n, true) }

// Contains reports whether inner lies within outer's byte range.
func Contains(outer, inner *sitter.Node) bool {
	return StartOf(outer) <= StartOf(inner) && EndOf(inner) <= EndOf(outer)
}

// FunctionHeadAt returns the function whose head holds offset: its name, its
// parameters, the keywords before them, or the name of the variable, property or
// method it is assigned to (`export const list = async (req, res) => …`,
// `exports.list = …`); nil
// elsewhere, the body included.
func FunctionHeadAt(root *sitter.Node, offset uint) *sitter.Node {
	n := root.NamedDescendantForByteRange(offset, offset)
	for ; n != nil; n = Parent(n) {
		if IsFunction(n) {
			if body := Field(n, FieldBody); body != nil && offset >= body.StartByte() {
				return nil
			}
			return n
		}
		switch Kind(n) {
		case VariableDeclarator, Pair, PublicFieldDefinition, FieldDefinition, AssignmentExpression:
			v := Field(n, FieldValue)
			if Kind(n) == AssignmentExpression {
				v = Field(n, FieldRight)
			}
			if v != nil && IsFunction(Unwrap(v)) && offset < v.StartByte() {
				return Unwrap(v)
			}
		case StatementBlock, Program, ClassBody, Arguments:
			return nil
		}
	}
	return nil
}
