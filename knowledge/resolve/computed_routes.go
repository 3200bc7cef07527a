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
	for _, call := range r.collected["call_expression"] {
		fn, args := syntax.Field(call, "function"), syntax.Field(call, "arguments")
		if fn == nil || args == nil || syntax.Kind(fn) != "subscript_expression" || !r.computedAppReceiver(fn) {
			continue
		}
		for _, arg := range flatArgs(args, 0) {
			if syntax.Kind(arg) != "call_expression" {
				continue
			}
			callee := syntax.Field(arg, "function")
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
	if _, literal := syntax.StringValue(syntax.Field(fn, "index"), r.src); literal {
		return false
	}
	obj := syntax.Unwrap(syntax.Field(fn, "object"))
	if v := r.Value(obj); v.Kind == Instance && v.Module == "express" && (v.Type == "app" || v.Type == "router") {
		return true
	}
	return syntax.Kind(obj) == "member_expression" && syntax.Kind(syntax.Field(obj, "object")) == "this"
}
