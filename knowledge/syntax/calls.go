package syntax

import sitter "github.com/tree-sitter/go-tree-sitter"

// Callee is what a call or `new` invokes, nil for other nodes.
func Callee(call *sitter.Node) *sitter.Node {
	switch Kind(call) {
	case CallExpression:
		return Field(call, FieldFunction)
	case NewExpression:
		return Field(call, FieldConstructor)
	}
	return nil
}

// MemberName is the property name of a member callee (`m` of `x.m`, `x?.m`,
// `(x.m)`), or the string key of a subscript one (`x['m']`); "" otherwise.
func MemberName(fn *sitter.Node, src []byte) string {
	if fn = Unwrap(fn); fn != nil {
		switch Kind(fn) {
		case MemberExpression:
			return Text(Field(fn, FieldProperty), src)
		case SubscriptExpression:
			m, _ := StringValue(Field(fn, FieldIndex), src)
			return m
		}
	}
	return ""
}

// MethodName is the method name of a call or `new` (MemberName of its callee), ""
// for calls of plain functions and for other nodes. Rules ask it of every call in a
// file, so the common `x.m(...)` and `f(...)` are read from the source after the
// callee: two cgo calls instead of the five of walking the fields.
func MethodName(call *sitter.Node, src []byte) string {
	if Kind(call) == CallExpression {
		if end, ok := firstChildEnd(call); ok {
			if name, sure := dottedNameBefore(src, end); sure {
				return name
			}
		}
	}
	return MemberName(Callee(call), src)
}

// dottedNameBefore reads the name that ends at end: the name when a dot stands before
// it (`x.m`, `x?.m`, `x.#m`), "" when something that cannot start a member's property
// does (a plain call `f`, `...f`); sure is false where the source alone cannot tell
// (the callee ends in a bracket or parenthesis, a comment or an escape precedes the
// name), and the fields must be read.
func dottedNameBefore(src []byte, end uint) (name string, sure bool) {
	e := int(end)
	if e > len(src) {
		return "", false
	}
	start := e
	for start > 0 && IsNameByte(src[start-1]) {
		start--
	}
	if start == e {
		return "", false
	}
	if src[start] >= '0' && src[start] <= '9' {
		return "", true // the 5 of `1.5`
	}
	if start > 0 && src[start-1] == '#' {
		start--
	}
	dot := start
	for dot > 0 && (src[dot-1] == ' ' || src[dot-1] == '\t' || src[dot-1] == '\n' || src[dot-1] == '\r') {
		dot--
	}
	switch {
	case dot == 0:
		return "", true
	case src[dot-1] == '/' || src[dot-1] == '\\':
		return "", false
	case src[dot-1] != '.':
		return "", src[start] != '#'
	case dot >= 3 && src[dot-2] == '.' && src[dot-3] == '.':
		return "", true // a spread, `...f()`
	}
	return string(src[start:e]), true
}

// IsNameByte reports whether c can stand in an identifier (any byte of a non-ASCII
// character counts, which is all a byte scan around a name needs).
func IsNameByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// ChainedCall is the call `n.m(...)` that goes on from n in a method chain, with its
// member `n.m`; nil, nil when n is not the receiver of a method called at once.
func ChainedCall(n *sitter.Node) (call, member *sitter.Node) {
	member = Parent(n)
	if member == nil || Kind(member) != MemberExpression {
		return nil, nil
	}
	call = Parent(member)
	if call == nil || Kind(call) != CallExpression {
		return nil, nil
	}
	return call, member
}
