package resolve

import (
	"sort"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Span is a byte range [Start, End) of a file.
type Span struct{ Start, End uint }

// window is what a resolver built for one top-level statement needs to answer for
// the rest of the file: the resolver of an earlier version (base), in which the text
// outside a span of the statement (its interior: all of it, or the inside of one
// function body) was the same. Outside the interior the two versions differ only by a
// shift of the offsets after it, so a question about the rest of the file is asked of
// the base at the mapped offset, and a node the base answers with is found again in
// the new tree.
type window struct {
	base       *Resolver
	root       *sitter.Node // the new tree's root
	start, end uint         // the statement walked again, in this version
	interior   Span         // the part of the statement that changed, in this version
	was        Span         // the interior in the base's version
}

// Window builds the resolver of one edited top-level statement, stmt, of a file that
// differs from the version base was built from only inside interior, a span of stmt
// that spanned was in base's version: the whole statement when it declares no
// top-level name, else the inside of a function body. want and opts are as for
// Build. The resolver answers for the statement from its own walk and for the rest of
// the file through base, which must stay usable (its tree open) as long as the window
// is used; both may be read from several goroutines at once (see Resolver).
//
// A window lists only its statement's nodes, functions and handlers; a caller can
// trust its answers for the rest of the file only if the statement changes nothing
// outside itself: Outward says when it might.
func Window(base *Resolver, stmt *sitter.Node, interior, was Span, src []byte, want []string, opts Options) *Resolver {
	if base.win != nil {
		panic("resolve: a window's base must be a whole-file resolver")
	}
	root := stmt
	for p := syntax.Parent(stmt); p != nil; p = syntax.Parent(p) {
		root = p
	}
	w := &window{base: base, root: root, start: syntax.StartOf(stmt), end: syntax.EndOf(stmt), interior: interior, was: was}
	return build(stmt, src, want, opts, w)
}

// seedRoles gives the statement's top-level functions the roles that registrations in
// other statements gave them in the base (`app.get('/', handler)` elsewhere).
func (w *window) seedRoles(r *Resolver) {
	for name, h := range w.base.crossRoles {
		b := r.root.names[name]
		if b == nil {
			continue
		}
		if v := r.bindingValue(b, nil); v.Kind == Function && w.contains(v.Node.StartByte()) {
			seeded := *h
			seeded.Func = v.Node
			r.handlers[v.Node.Id()] = &seeded
		}
	}
}

// IsWindow reports whether r covers one statement only (see Window).
func (r *Resolver) IsWindow() bool { return r.win != nil }

// Outward lists the offsets of code that changes how other top-level statements are
// analysed: require() and import() calls (the file's imports), and handlers
// registered by the name of a function declared in another statement. An edit of a
// statement holding none of them, before and after, leaves the others' analysis as it
// was (statements that declare top-level names aside, which callers check).
func (r *Resolver) Outward() []uint { return r.outward }

// TopLevel lists the spans of the file's top-level statements (the root's named
// children, comments included), in order; a window lists its statement.
func (r *Resolver) TopLevel() []Span { return r.topLevel }

// sameStatement reports whether two offsets lie in one top-level statement.
func (r *Resolver) sameStatement(a, b uint) bool {
	if r.win != nil {
		return r.win.contains(a) == r.win.contains(b)
	}
	find := func(x uint) int {
		return sort.Search(len(r.topLevel), func(i int) bool { return r.topLevel[i].End > x })
	}
	return find(a) == find(b)
}

func (w *window) contains(at uint) bool { return at >= w.start && at < w.end }

// toBase maps an offset outside the interior to the base's version.
func (w *window) toBase(at uint) uint {
	if at < w.interior.Start {
		return at
	}
	return at - w.interior.End + w.was.End
}

// fromBase maps an offset of the base's version outside the interior to this one.
func (w *window) fromBase(at uint) uint {
	if at < w.was.Start {
		return at
	}
	return at - w.was.End + w.interior.End
}

// rebase turns a value of the base into one of this version: a function is named by
// its node, which must be the new tree's. A function of the statement itself, which
// the base knew in its old text, is what the statement's own top-level name holds now.
func (w *window) rebase(r *Resolver, name string, v Value) Value {
	if v.Node == nil {
		return v
	}
	if n := w.rebaseNode(v.Node); n != nil {
		v.Node = n
		return v
	}
	if b := r.root.names[name]; b != nil {
		return r.bindingValue(b, nil)
	}
	return Value{Kind: Local}
}

// rebaseNode finds the node of the new tree that n, a node of the base's tree, has
// become; nil when n is nil or lies in the interior, which changed.
func (w *window) rebaseNode(n *sitter.Node) *sitter.Node {
	if n == nil || syntax.StartOf(n) < w.was.End && syntax.EndOf(n) > w.was.Start {
		return nil
	}
	start, end, kind := w.fromBase(syntax.StartOf(n)), w.fromBase(syntax.EndOf(n)), n.KindId()
	for m := w.root.DescendantForByteRange(start, end); m != nil && syntax.StartOf(m) == start && syntax.EndOf(m) == end; m = syntax.Parent(m) {
		if m.KindId() == kind {
			return m
		}
	}
	return nil
}

// statementKinds are the top-level statements whose edits a window can follow: they
// declare no top-level name (their declarations all sit inside functions), so other
// statements resolve as before.
var statementKinds = map[string]bool{syntax.ExpressionStatement: true, syntax.Comment: true, syntax.EmptyStatement: true}

// Windowable reports whether an edit confined to the top-level statement stmt can be
// analysed with a window. A directive ('use strict') is not: where the prologue ends
// decides where fixes insert imports, in every statement.
func Windowable(stmt *sitter.Node) bool {
	if stmt == nil || !statementKinds[syntax.Kind(stmt)] {
		return false
	}
	first := stmt.NamedChild(0)
	return first == nil || syntax.Kind(first) != syntax.String
}
