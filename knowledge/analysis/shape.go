package analysis

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
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
// When the tokens differ, the statements are compared again as a lifter reads them
// (see lifter): a half-typed line that swallowed the call after it,
// `const typed = v    next(err);`, is then the statement it was before, as long as
// the names around the call appear nowhere else. When every rule that keeps its
// findings is KnownOnly, calls and names the resolver knows nothing about are left out
// too, so that `const typed = value    next(err);` (a call of value) and
// `const    next(err);` (which declares next) are the statement they were before.
func sameShape(was, is *statementShape, knownOnly bool) bool {
	if sameTokens(was, is) {
		return true
	}
	if was.aroundCalls == nil || is.aroundCalls == nil {
		return false
	}
	return sameTokens(was.aroundCalls, is.aroundCalls) || knownOnly && sameTokens(was.aroundUnknown, is.aroundUnknown)
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
	// aroundCalls is the shape as a lifter without a resolver reads it (every call
	// and name counts), aroundUnknown as one with the statement's resolver does; nil
	// when no statement of a block is made of names, numbers, arithmetic and calls.
	aroundCalls, aroundUnknown *statementShape
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

// shapeOf reads the shape of n, a top-level statement of src, which res resolves.
func shapeOf(n *sitter.Node, src []byte, res *resolve.Resolver) *statementShape {
	shape, liftable := readShape(n, src, nil)
	if liftable {
		shape.aroundCalls, _ = readShape(n, src, &lifter{src: src})
		shape.aroundUnknown, _ = readShape(n, src, &lifter{src: src, res: res})
	}
	return shape
}

// readShape reads n's shape; with a lifter, the statements of a block made of names,
// numbers, arithmetic and calls count as what a rule could follow of them (see
// lifter.lift). liftable says whether some statement would be read so.
func readShape(n *sitter.Node, src []byte, l *lifter) (shape *statementShape, liftable bool) {
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
		inBlock := syntax.Kind(n) == syntax.StatementBlock
		for i := uint(0); i < count; i++ {
			c := n.Child(i)
			calls := inBlock && namesAndCalls(c)
			if calls && l != nil {
				if names, ok := l.lift(c, n, walk); ok {
					inert = append(inert, names...)
					continue
				}
			}
			liftable = liftable || calls
			if inBlock && inertStatement(c) {
				inert = inertNames(c, src, inert)
				continue
			}
			walk(c)
		}
	}
	walk(n)
	return &statementShape{tokens: out, inert: inert}, liftable
}

// lifter reads a block's statements made of names, numbers, arithmetic and calls as
// the calls a rule could follow: a call of a name the resolver knows nothing about
// (a caught error, a parameter no caller types, a name declared nowhere) with such
// names or numbers for arguments leads no rule to an API, an app or a function of the
// file, and is left out with the names around it. `next(err);`, the half-typed
// `const typed = value    next(err);` (a call of value) and `const    next(err);`
// (which declares next and reads err) all read as nothing.
type lifter struct {
	src []byte
	// res resolves the version the statement is in; without it every call and
	// name counts, and only the names around calls that appear nowhere else are
	// left out.
	res *resolve.Resolver
}

// lift reads c, a statement of block: it hands the calls a rule could follow to walk
// and returns the names it reads that the resolver knows, which the rest of the
// statement must not mention. ok is false when c declares a name that anything else in
// the block mentions (it would shadow it), or the parser could not tell a call from a
// name around it.
func (l *lifter) lift(c, block *sitter.Node, walk func(*sitter.Node)) (names []string, ok bool) {
	var declared []*sitter.Node
	var read func(n *sitter.Node) bool
	read = func(n *sitter.Node) bool {
		for i := uint(0); i < n.ChildCount(); i++ {
			k := n.Child(i)
			switch syntax.Kind(k) {
			case syntax.CallExpression:
				if !l.unknownCall(k) {
					walk(k)
				}
			case syntax.Identifier:
				switch {
				case syntax.Kind(n) == syntax.VariableDeclarator && syntax.Field(n, syntax.FieldName) != nil && syntax.Field(n, syntax.FieldName).Id() == k.Id():
					declared = append(declared, k)
				case !l.unknown(k):
					names = append(names, syntax.Text(k, l.src))
				}
			default:
				if !read(k) {
					return false
				}
			}
		}
		return true
	}
	if !read(c) {
		return nil, false
	}
	for _, d := range declared {
		if mentionedBesides(block, d, l.src) {
			return nil, false
		}
	}
	return names, true
}

// unknownCall reports whether call is a call of an unknown name with unknown names or
// numbers for arguments (see lifter).
func (l *lifter) unknownCall(call *sitter.Node) bool {
	fn := syntax.Field(call, syntax.FieldFunction)
	if fn == nil || syntax.Kind(fn) != syntax.Identifier || !l.unknown(fn) {
		return false
	}
	var plain func(n *sitter.Node) bool
	plain = func(n *sitter.Node) bool {
		for i := uint(0); i < n.ChildCount(); i++ {
			k := n.Child(i)
			switch kind := syntax.Kind(k); {
			case kind == syntax.Identifier:
				if !l.unknown(k) {
					return false
				}
			case kind == syntax.Number, kind == syntax.TokenLParen, kind == syntax.TokenRParen, kind == syntax.TokenComma:
			case kind == syntax.Arguments || kind == syntax.ErrorNode:
				if !plain(k) {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return plainChildren(call, fn, plain)
}

// plainChildren applies plain to call's parts other than its callee: its arguments and
// the fragments the parser could not read between them.
func plainChildren(call, fn *sitter.Node, plain func(*sitter.Node) bool) bool {
	for i := uint(0); i < call.ChildCount(); i++ {
		k := call.Child(i)
		if k.Id() == fn.Id() {
			continue
		}
		switch syntax.Kind(k) {
		case syntax.Arguments, syntax.ErrorNode:
			if !plain(k) {
				return false
			}
		default:
			return false // a template string, optional chaining, type arguments
		}
	}
	return true
}

// unknown reports whether the resolver knows nothing a rule could follow about the
// name id: it is a local value no caller types (a parameter, a caught error) or is
// declared nowhere.
func (l *lifter) unknown(id *sitter.Node) bool {
	if l.res == nil {
		return false
	}
	k := l.res.Lookup(syntax.Text(id, l.src), id.StartByte()).Kind
	return k == resolve.None || k == resolve.Local
}

// mentionedBesides reports whether a leaf of block other than name itself has name's
// text.
func mentionedBesides(block, name *sitter.Node, src []byte) bool {
	text := syntax.Text(name, src)
	var found func(n *sitter.Node) bool
	found = func(n *sitter.Node) bool {
		if n.ChildCount() == 0 {
			return n.Id() != name.Id() && syntax.Text(n, src) == text
		}
		for i := uint(0); i < n.ChildCount(); i++ {
			if found(n.Child(i)) {
				return true
			}
		}
		return false
	}
	return found(block)
}

// inertStatementKinds are the statements that may be inert, inertKinds the named
// nodes inside them that keep them so, and inertTokens their punctuation, operators
// and keywords (a dot, a quote, an arrow, await or return would begin something a
// rule may read).
var (
	inertStatementKinds = map[string]bool{syntax.LexicalDeclaration: true, syntax.ExpressionStatement: true, syntax.EmptyStatement: true, syntax.ErrorNode: true}
	inertKinds          = map[string]bool{syntax.VariableDeclarator: true, syntax.Identifier: true, syntax.Number: true, syntax.BinaryExpression: true,
		syntax.UnaryExpression: true, syntax.ParenthesizedExpression: true, syntax.True: true, syntax.False: true, syntax.Null: true, syntax.Undefined: true, syntax.ErrorNode: true}
	inertTokens = map[string]bool{"const": true, "let": true, "=": true, ";": true, ",": true, "+": true, "-": true, "*": true, "/": true, "%": true, "!": true}
)

func inertStatement(n *sitter.Node) bool { return inertBut(n, false) }

// namesAndCalls reports whether n is a statement that is inert (see inertStatement)
// but for the calls it may hold: a call statement, or one a half-typed declaration
// swallowed as its value or an operand.
func namesAndCalls(n *sitter.Node) bool { return inertBut(n, true) }

// inertBut is inertStatement, with calls (and the parser's stray ERROR nodes around
// them) let through as opaque when calls is set: lifter.lift reads those.
func inertBut(n *sitter.Node, calls bool) bool {
	if !inertStatementKinds[syntax.Kind(n)] {
		return false
	}
	var inert func(n *sitter.Node) bool
	inert = func(n *sitter.Node) bool {
		parens := syntax.Kind(n) == syntax.ParenthesizedExpression
		for i := uint(0); i < n.ChildCount(); i++ {
			c := n.Child(i)
			kind := syntax.Kind(c)
			switch {
			case c.IsExtra() && !(calls && kind == syntax.ErrorNode):
				return false // a comment may be a suppression
			case calls && kind == syntax.CallExpression:
				// opaque here
			case c.IsNamed():
				if !inertKinds[kind] || !inert(c) {
					return false
				}
			case !inertTokens[kind] && !(parens && (kind == syntax.TokenLParen || kind == syntax.TokenRParen)):
				return false
			}
		}
		return true
	}
	return inert(n)
}

// inertNames appends the names n mentions.
func inertNames(n *sitter.Node, src []byte, names []string) []string {
	if syntax.Kind(n) == syntax.Identifier {
		return append(names, syntax.Text(n, src))
	}
	for i := uint(0); i < n.ChildCount(); i++ {
		names = inertNames(n.Child(i), src, names)
	}
	return names
}
