package analysis

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// sameShape reports whether an edit turned a statement of shape was into one of shape
// is by adding, removing or changing only inert statements inside its blocks, and
// changing nothing else: with those statements cut out, both versions have the same
// tokens in the same tree.
//
// An inert statement is one a rule cannot see: a const or let declaration, an
// expression statement or a fragment the parser could not read (ERROR), made of
// nothing but names, numbers and arithmetic. It calls, awaits, assigns, answers and
// throws nothing, and the names it declares or reads appear nowhere else in the
// statement, so it neither shadows nor hands on anything the rest reads. This is what
// typing a line into a handler looks like, keystroke after keystroke; a rule that
// looks at the whole file finds the same things in both versions.
//
// When the tokens differ, the statements are compared again with the calls of each
// inert-looking statement lifted out of it (see inertAroundCalls): a half-typed line
// that swallowed the call after it, `const typed = v    next(err);`, is then the
// statement it was before, as long as the names around the call appear nowhere else.
func sameShape(was, is *statementShape) bool {
	if sameTokens(was, is) {
		return true
	}
	return was.aroundCalls != nil && is.aroundCalls != nil && sameTokens(was.aroundCalls, is.aroundCalls)
}

func sameTokens(was, is *statementShape) bool {
	if len(was.tokens) != len(is.tokens) {
		return false
	}
	for i := range was.tokens {
		if was.tokens[i] != is.tokens[i] {
			return false
		}
	}
	for _, inert := range [][]string{was.inert, is.inert} {
		for _, name := range inert {
			if is.mentions(name) {
				return false
			}
		}
	}
	return true
}

// statementShape is a top-level statement's nodes, named or not, in document order
// without its inert statements, and the names those mention.
type statementShape struct {
	tokens []token
	inert  []string
	// aroundCalls is the shape with the calls lifted out of inert-looking
	// statements; nil when there are none.
	aroundCalls *statementShape
}

// token is one node of a shape: its kind, and its text when it is a leaf.
type token struct {
	kind uint16
	text string
}

func (s *statementShape) mentions(name string) bool {
	for _, t := range s.tokens {
		if t.text == name {
			return true
		}
	}
	return false
}

// shapeOf reads the shape of n, a top-level statement of src.
func shapeOf(n *sitter.Node, src []byte) *statementShape {
	shape, lifted := readShape(n, src, false)
	if lifted {
		shape.aroundCalls, _ = readShape(n, src, true)
	}
	return shape
}

// readShape reads n's shape; with liftCalls, a statement that is inert around its
// calls counts as those calls alone. lifted says whether a statement was, or would
// have been, read so.
func readShape(n *sitter.Node, src []byte, liftCalls bool) (shape *statementShape, lifted bool) {
	var out []token
	var inert []string
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		count := n.ChildCount()
		if count == 0 {
			out = append(out, token{kind: n.KindId(), text: syntax.Text(n, src)})
			return
		}
		out = append(out, token{kind: n.KindId()})
		inBlock := syntax.Kind(n) == "statement_block"
		for i := uint(0); i < count; i++ {
			c := n.Child(i)
			if inBlock && inertStatement(c) {
				inert = inertNames(c, src, inert)
				continue
			}
			if inBlock && inertAroundCalls(c) {
				lifted = true
				if liftCalls {
					// Only its calls count: `next(err);` and a half-typed
					// `const typed = v next(err)` that swallowed it look alike.
					inert = inertNamesAroundCalls(c, src, inert, walk)
					continue
				}
			}
			walk(c)
		}
	}
	walk(n)
	return &statementShape{tokens: out, inert: inert}, lifted
}

// inertStatementKinds are the statements that may be inert, inertKinds the named
// nodes inside them that keep them so, and inertTokens their punctuation, operators
// and keywords (a dot, a quote, an arrow, await or return would begin something a
// rule may read).
var (
	inertStatementKinds = map[string]bool{"lexical_declaration": true, "expression_statement": true, "empty_statement": true, "ERROR": true}
	inertKinds          = map[string]bool{"variable_declarator": true, "identifier": true, "number": true, "binary_expression": true,
		"unary_expression": true, "parenthesized_expression": true, "true": true, "false": true, "null": true, "undefined": true, "ERROR": true}
	inertTokens = map[string]bool{"const": true, "let": true, "=": true, ";": true, ",": true, "+": true, "-": true, "*": true, "/": true, "%": true, "!": true}
)

func inertStatement(n *sitter.Node) bool {
	if !inertStatementKinds[syntax.Kind(n)] {
		return false
	}
	var inert func(n *sitter.Node) bool
	inert = func(n *sitter.Node) bool {
		parens := syntax.Kind(n) == "parenthesized_expression"
		for i := uint(0); i < n.ChildCount(); i++ {
			c := n.Child(i)
			kind := syntax.Kind(c)
			switch {
			case c.IsExtra():
				return false // a comment may be a suppression
			case c.IsNamed():
				if !inertKinds[kind] || !inert(c) {
					return false
				}
			case !inertTokens[kind] && !(parens && (kind == "(" || kind == ")")):
				return false
			}
		}
		return true
	}
	return inert(n)
}

// inertAroundCalls reports whether n is a statement that would be inert but for the
// calls it holds: the call statement itself, or one a half-typed declaration
// swallowed as its value or an operand.
func inertAroundCalls(n *sitter.Node) bool {
	if !inertStatementKinds[syntax.Kind(n)] {
		return false
	}
	calls := 0
	var inert func(n *sitter.Node) bool
	inert = func(n *sitter.Node) bool {
		parens := syntax.Kind(n) == "parenthesized_expression"
		for i := uint(0); i < n.ChildCount(); i++ {
			c := n.Child(i)
			kind := syntax.Kind(c)
			switch {
			case c.IsExtra() && kind != "ERROR":
				return false // a comment may be a suppression
			case kind == "call_expression":
				calls++
			case c.IsNamed():
				if !inertKinds[kind] || !inert(c) {
					return false
				}
			case !inertTokens[kind] && !(parens && (kind == "(" || kind == ")")):
				return false
			}
		}
		return true
	}
	return inert(n) && calls > 0
}

// inertNamesAroundCalls appends the names n mentions outside its calls, and hands
// each call to walk.
func inertNamesAroundCalls(n *sitter.Node, src []byte, names []string, walk func(*sitter.Node)) []string {
	for i := uint(0); i < n.ChildCount(); i++ {
		c := n.Child(i)
		switch {
		case syntax.Kind(c) == "call_expression":
			walk(c)
		case syntax.Kind(c) == "identifier":
			names = append(names, syntax.Text(c, src))
		default:
			names = inertNamesAroundCalls(c, src, names, walk)
		}
	}
	return names
}

// inertNames appends the names n mentions.
func inertNames(n *sitter.Node, src []byte, names []string) []string {
	if syntax.Kind(n) == "identifier" {
		return append(names, syntax.Text(n, src))
	}
	for i := uint(0); i < n.ChildCount(); i++ {
		names = inertNames(n.Child(i), src, names)
	}
	return names
}
