package resolve

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// At resolves the expression under a cursor: the identifier at offset, or the whole
// member expression when the cursor is on its property, so that hovering
// `readFileSync` in `fs.readFileSync` answers for fs.readFileSync. It returns the node
// that was resolved, nil when the cursor is on nothing resolvable.
func (r *Resolver) At(root *sitter.Node, offset uint) (Value, *sitter.Node) {
	n := root.NamedDescendantForByteRange(offset, offset)
	if n == nil {
		return Value{}, nil
	}
	switch syntax.Kind(n) {
	case syntax.PropertyIdentifier, syntax.PrivatePropertyIdentifier:
		if p := syntax.Parent(n); p != nil && syntax.Kind(p) == syntax.MemberExpression {
			return r.Value(p), p
		}
	case syntax.Identifier, syntax.ShorthandPropertyIdentifier:
		return r.Value(n), n
	case syntax.StringFragment:
		// `fs['readFileSync']`: the key of a string subscript.
		if s := syntax.Parent(n); s != nil {
			if p := syntax.Parent(s); p != nil && syntax.Kind(p) == syntax.SubscriptExpression {
				return r.Value(p), p
			}
		}
	}
	return Value{}, nil
}
