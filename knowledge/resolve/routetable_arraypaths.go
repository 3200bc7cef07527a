package resolve

import (
	"slices"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The paths a loop walks over an array the file builds: the literal's strings, the
// elements of what it spreads (`[...new Set(directories)]`, `[...base, '/x']`, with
// `Array.from(x)` and `new Set(x)` walked as x), and, for a name bound to an array,
// what the file's calls push onto that same binding (`directories.push(`/${d}`)`,
// shown as any path is). A Set drops repeated paths, so the paths are listed once.
// An element of any other kind (a call, a property) makes the array unknown, and the
// loop variable keeps its braces.

// maxArrayHops bounds the names and spreads followed from a loop to its array.
const maxArrayHops = 6

// arrayPaths are the paths of the array expression n, nil when some element is not
// known; id is the name bound to it, whose pushes are added, or nil. depth is that
// of the path question (pathChoicesDepth), hops the steps taken through names and
// spreads.
func (r *Resolver) arrayPaths(id, n *sitter.Node, depth, hops int) []string {
	if hops > maxArrayHops {
		return nil
	}
	n = syntax.Unwrap(n)
	switch syntax.Kind(n) {
	case syntax.Identifier:
		return r.arrayPaths(n, r.Initializer(n), depth, hops+1)
	case syntax.NewExpression, syntax.CallExpression:
		if inner := iterableArgument(r, n); inner != nil {
			return r.arrayPaths(nil, inner, depth, hops+1)
		}
		return nil
	case syntax.Array:
	default:
		return nil
	}
	var out []string
	for i := uint(0); i < n.NamedChildCount(); i++ {
		e := syntax.Unwrap(n.NamedChild(i))
		switch syntax.Kind(e) {
		case syntax.Comment:
		case syntax.String, syntax.TemplateString:
			out = append(out, r.pathText(e))
		case syntax.MemberExpression:
			s, ok := r.constantProperty(e) // [Style.FLAT, Style.REST]
			if !ok {
				return nil
			}
			out = append(out, s)
		case syntax.SpreadElement:
			inner := r.arrayPaths(nil, e.NamedChild(0), depth, hops+1)
			if inner == nil {
				return nil
			}
			out = append(out, inner...)
		default:
			return nil
		}
	}
	if id != nil {
		out = append(out, r.pushedPaths(id, depth)...)
	}
	if len(out) == 0 || len(out) > maxPathChoices {
		return nil
	}
	return uniquePaths(out)
}

// iterableArgument is x of `new Set(x)` or `Array.from(x)`, with Set and Array the
// globals; nil for any other call.
func iterableArgument(r *Resolver, n *sitter.Node) *sitter.Node {
	if k := syntax.Kind(n); k != syntax.NewExpression && k != syntax.CallExpression {
		return nil
	}
	args := syntax.Field(n, syntax.FieldArguments)
	if args == nil || args.NamedChildCount() != 1 {
		return nil
	}
	var callee *sitter.Node
	var want string
	if syntax.Kind(n) == syntax.NewExpression {
		callee, want = syntax.Field(n, syntax.FieldConstructor), "Set"
	} else {
		callee, want = syntax.Field(n, syntax.FieldFunction), "Array.from"
	}
	if syntax.Text(callee, r.src) != want {
		return nil
	}
	global := callee
	if syntax.Kind(callee) == syntax.MemberExpression {
		global = syntax.Field(callee, syntax.FieldObject)
	}
	if r.Bound(syntax.Text(global, r.src), global.StartByte()) {
		return nil
	}
	return args.NamedChild(0)
}

// pushedPaths are the paths the file's `name.push(…)` calls add to the array the
// name id is bound to (the same binding, not a namesake).
func (r *Resolver) pushedPaths(id *sitter.Node, depth int) []string {
	name := syntax.Text(id, r.src)
	_, b := r.binding(name, id.StartByte())
	if b == nil {
		return nil
	}
	var out []string
	for _, call := range r.collected[syntax.CallExpression] {
		fn := syntax.Field(call, syntax.FieldFunction)
		if syntax.Kind(fn) != syntax.MemberExpression || syntax.Text(syntax.Field(fn, syntax.FieldProperty), r.src) != "push" {
			continue
		}
		obj := syntax.Field(fn, syntax.FieldObject)
		if syntax.Kind(obj) != syntax.Identifier || syntax.Text(obj, r.src) != name {
			continue
		}
		if _, ob := r.binding(name, obj.StartByte()); ob != b {
			continue
		}
		args := syntax.Field(call, syntax.FieldArguments)
		for i := uint(0); args != nil && i < args.NamedChildCount(); i++ {
			if a := syntax.Unwrap(args.NamedChild(i)); syntax.Kind(a) != syntax.Comment {
				out = append(out, r.pathChoicesDepth(a, depth+1)...)
			}
		}
	}
	return out
}

// uniquePaths drops repeated paths, keeping the first of each.
func uniquePaths(paths []string) []string {
	out := paths[:0:0]
	for _, p := range paths {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}
