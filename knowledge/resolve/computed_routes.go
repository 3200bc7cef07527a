package resolve

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ComputedRouteFactories returns the handler-shaped functions that factories of this
// file return, where a registration whose method name is computed passes the
// factory's call bare: a base controller's
// `this.app[options.method](options.path, checkPermission(options.permission), …)`.
// Such a call registers when the package depends on express and its receiver is an
// Express app or router, or an object's property (`this.app`, an app the object
// holds); a string index (`app['get']`) is an ordinary registration already.
func (r *Resolver) ComputedRouteFactories() []*sitter.Node {
	if !r.express {
		return nil
	}
	var out []*sitter.Node
	for _, call := range r.collected[syntax.CallExpression] {
		// The arguments are asked for (a call into C) only of the rare computed
		// member call.
		fn, kind := syntax.FieldAndKind(call, syntax.FieldFunction)
		if fn == nil || kind != syntax.SubscriptExpression {
			continue
		}
		args := syntax.Field(call, syntax.FieldArguments)
		if args == nil || !r.computedAppReceiver(fn) {
			continue
		}
		for _, arg := range flatArgs(args, 0) {
			if syntax.Kind(arg) != syntax.CallExpression {
				continue
			}
			callee := syntax.Field(arg, syntax.FieldFunction)
			if callee == nil || r.isWrapper(callee) {
				continue
			}
			if v := r.Value(callee); v.Kind == Function && v.Node != nil {
				for _, ret := range returnedFunctions(v.Node) {
					if r.handlerShaped(ret) {
						out = append(out, ret)
					}
				}
			}
		}
	}
	return out
}

// computedAppReceiver: fn is `recv[method]` with a method that is no string, on an
// Express app or router, or on a property of an object.
func (r *Resolver) computedAppReceiver(fn *sitter.Node) bool {
	if _, literal := syntax.StringValue(syntax.Field(fn, syntax.FieldIndex), r.src); literal {
		return false
	}
	obj := syntax.Unwrap(syntax.Field(fn, syntax.FieldObject))
	if v := r.Value(obj); v.Kind == Instance && v.Module == "express" && (v.Type == "app" || v.Type == "router") {
		return true
	}
	return syntax.Kind(obj) == syntax.MemberExpression && syntax.Kind(syntax.Field(obj, syntax.FieldObject)) == syntax.This
}
