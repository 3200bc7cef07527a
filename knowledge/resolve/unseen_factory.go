package resolve

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// UnseenFactoryCall is a registration argument that calls a function this file can
// neither see nor trace to an import, and so registers whatever that call returns:
// `api.use(ctx.authorization.isPermitted('api:read'))`, where the authorization
// module reached the file as a property of a parameter. Name is the called
// function's name ("isPermitted"), the only thing the defining file can match it by.
type UnseenFactoryCall struct {
	Name string
	At   *sitter.Node // the registration's argument
}

// UnseenFactoryCalls returns the unwrapped calls of unseen functions that Express
// registrations of this file pass as handlers, in source order. A call inside a
// wrapper (asyncHandler(auth.check('x'))) is wrapped and not listed; a call of a
// function of this file, of an import, or of a dependency is known otherwise.
func (r *Resolver) UnseenFactoryCalls() []UnseenFactoryCall {
	var out []UnseenFactoryCall
	for _, call := range r.collected[syntax.CallExpression] {
		args, ok := r.expressRegistration(call)
		if !ok {
			continue
		}
		for _, arg := range flatArgs(args, pathArgs(args, r.src)) {
			if syntax.Kind(arg) != syntax.CallExpression {
				continue
			}
			callee := syntax.Unwrap(syntax.Field(arg, syntax.FieldFunction))
			if callee == nil || r.isWrapper(callee) {
				continue
			}
			switch r.Value(callee).Kind {
			case None, Local:
			default:
				continue // this file's function, an import's member, an API
			}
			var name string
			switch syntax.Kind(callee) {
			case syntax.MemberExpression:
				name = syntax.Text(syntax.Field(callee, syntax.FieldProperty), r.src)
			case syntax.Identifier:
				name = syntax.Text(callee, r.src)
			}
			if name != "" {
				out = append(out, UnseenFactoryCall{Name: name, At: arg})
			}
		}
	}
	return out
}

// expressRegistration returns the arguments of call when it registers on an Express
// app, router or route, or on a receiver the file cannot see that is given an
// inline handler (as the route table decides).
func (r *Resolver) expressRegistration(call *sitter.Node) (*sitter.Node, bool) {
	fn, args := syntax.Field(call, syntax.FieldFunction), syntax.Field(call, syntax.FieldArguments)
	if fn == nil || args == nil || syntax.Kind(fn) != syntax.MemberExpression {
		return nil, false
	}
	method := syntax.Text(syntax.Field(fn, syntax.FieldProperty), r.src)
	if !routeMethods["express.app"][method] {
		return nil, false
	}
	callee := r.Value(fn)
	if callee.Kind == Instance && callee.Module == "express" && callee.Path == method && routeMethods["express."+callee.Type][method] {
		return args, true
	}
	if callee.Kind == None || callee.Kind == Local {
		if r.unseenApp(fn) {
			for _, arg := range flatArgs(args, pathArgs(args, r.src)) {
				if r.handlerShaped(arg) {
					return args, true
				}
			}
		}
	}
	return nil, false
}

// FactoryOf returns the function that returns fn, when fn is returned by the function
// around it: as a literal (`return async (req, res, next) => …`) or by the name it is
// declared under there (`async function check(req, res, next) {…} return check;`).
func (r *Resolver) FactoryOf(fn *sitter.Node) *sitter.Node {
	outer := syntax.EnclosingFunction(fn)
	if outer == nil {
		return nil
	}
	for _, ret := range returnedFunctions(outer) {
		if ret.Id() == fn.Id() {
			return outer
		}
	}
	found := false
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		for i := uint(0); i < n.NamedChildCount() && !found; i++ {
			c := n.NamedChild(i)
			switch {
			case syntax.IsFunction(c):
				continue
			case syntax.Kind(c) == syntax.ReturnStatement:
				if id := syntax.Unwrap(c.NamedChild(0)); syntax.Kind(id) == syntax.Identifier {
					if v := r.Value(id); v.Kind == Function && v.Node != nil && v.Node.Id() == fn.Id() {
						found = true
					}
				}
			default:
				walk(c)
			}
		}
	}
	if body := syntax.Field(outer, syntax.FieldBody); body != nil {
		walk(body)
	}
	if found {
		return outer
	}
	return nil
}
