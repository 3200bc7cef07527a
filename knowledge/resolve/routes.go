package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// RouteRef is a handler that a registration in this file names but that another
// module defines: `router.get('/:id', getGroup)` with getGroup imported, `ctrl.list`
// of a required controller, `this.list.bind(this)` of an imported class's instance,
// or `users.getAddress()`, the function a factory of another module returns. The
// module that defines it learns from these (through the package's facts) whether,
// and how, it is registered.
type RouteRef struct {
	// Module is the specifier the name is imported from, as written ("./getGroup").
	Module string
	// Name is the export, method or property the registration names ("getGroup",
	// "list"), or of the factory it calls; "default" for a default export.
	Name string
	// Wrapped is set when a wrapper stands between the registration and the
	// function: a known one (asyncHandler(...)), or any function applied to the
	// whole module or instance the handler is taken from. Whatever that function
	// does with rejections, the registration does not run the handler bare.
	Wrapped   bool
	Framework string
	At        *sitter.Node // the registration's argument
}

// RouteRefs returns the registrations of handlers from other modules, in source order.
func (r *Resolver) RouteRefs() []RouteRef { return r.routeRefs }

// addRouteRef records a registration argument that names a function of another
// module; it reports whether arg was one.
func (r *Resolver) addRouteRef(arg *sitter.Node, framework string, safe bool) bool {
	ref, ok := r.routeRefOf(arg, framework, safe)
	if ok {
		r.routeRefs = append(r.routeRefs, ref)
	}
	return ok
}

// routeRefOf is the RouteRef of a registration argument that names a function of
// another module (the route table describes handlers with it too).
func (r *Resolver) routeRefOf(arg *sitter.Node, framework string, safe bool) (RouteRef, bool) {
	at := arg
	if syntax.Kind(arg) == syntax.CallExpression {
		fn := syntax.Field(arg, syntax.FieldFunction)
		if r.isWrapper(fn) {
			return RouteRef{}, false // asyncHandler(x): x is what is registered, wrapped
		}
		if syntax.Kind(fn) == syntax.MemberExpression && syntax.Text(syntax.Field(fn, syntax.FieldProperty), r.src) == "bind" {
			arg = syntax.Field(fn, syntax.FieldObject) // ctrl.list.bind(ctrl) registers ctrl.list
		} else {
			arg = fn // a factory's call registers what the factory returns
		}
	}
	module, name, wrapped, ok := r.definedElsewhere(arg)
	if !ok {
		return RouteRef{}, false
	}
	return RouteRef{Module: module, Name: name, Wrapped: safe || wrapped, Framework: framework, At: at}, true
}

// definedElsewhere names the module and export behind an expression that refers to
// a function of another module: an imported name, a member of an imported module, or
// a method of an instance or wrapped object made from one.
func (r *Resolver) definedElsewhere(n *sitter.Node) (module, name string, wrapped, ok bool) {
	if n == nil {
		return "", "", false, false
	}
	if v := r.Value(n); v.Kind == Member || v.Kind == Module {
		if v.Module == "" || !importedModule(v.Module) {
			return "", "", false, false
		}
		name = "default"
		if v.Path != "" {
			name = v.Path[strings.LastIndexByte(v.Path, '.')+1:]
		}
		return v.Module, name, false, true
	}
	if syntax.Kind(n) != syntax.MemberExpression {
		return "", "", false, false
	}
	prop := syntax.Text(syntax.Field(n, syntax.FieldProperty), r.src)
	obj := syntax.Field(n, syntax.FieldObject)
	if syntax.Kind(obj) == syntax.Identifier {
		obj = r.Initializer(obj)
	}
	if obj = syntax.Unwrap(obj); obj == nil {
		return "", "", false, false // a parameter, or a name bound to nothing known
	}
	switch syntax.Kind(obj) {
	case syntax.NewExpression:
		// new UserController() of an imported class: its methods are that module's.
		if module, ok := r.ImportedClass(obj); ok {
			return module, prop, false, true
		}
	case syntax.CallExpression:
		// wrapController(raw): a function applied to a whole imported module.
		args := syntax.Field(obj, syntax.FieldArguments)
		if args == nil || args.NamedChildCount() == 0 {
			break
		}
		if v := r.Value(args.NamedChild(0)); v.Kind == Module && importedModule(v.Module) {
			return v.Module, prop, true, true
		}
	}
	return "", "", false, false
}

// importedModule tells a specifier that can name a file of the project: a relative
// path, or a bare specifier that may be a path alias (the caller's package decides
// whether it is a dependency instead). Node's built-in modules never hold handlers.
func importedModule(spec string) bool {
	return spec != "" && !strings.HasPrefix(spec, "node:") && !builtinModules[strings.SplitN(spec, "/", 2)[0]]
}

// fromImport: v is an import, or a member of one, of a module that can be a file of
// the project (see importedModule).
func (v Value) fromImport() bool {
	return (v.Kind == Member || v.Kind == Module) && importedModule(v.Module)
}

// builtinModules are Node's modules that a bare specifier may name.
var builtinModules = set("assert", "async_hooks", "buffer", "child_process", "cluster", "console", "crypto",
	"dgram", "diagnostics_channel", "dns", "events", "fs", "http", "http2", "https", "inspector", "module", "net",
	"os", "path", "perf_hooks", "process", "querystring", "readline", "repl", "stream", "string_decoder", "timers",
	"tls", "tty", "url", "util", "v8", "vm", "worker_threads", "zlib")

// unseenAppRoute registers the inline handlers of a route method called on a receiver
// this file cannot resolve: an app passed in as a parameter (`module.exports =
// function (app) { app.get(…) }`), stored on `this` (`this.app.use(…)`), or taken
// from another module's object (`server.app.get(…)`). Express is recognised by the
// shape of the call instead: a route method of express.app, and an inline function
// whose parameters are a handler's (typed Request/Response from express, or named
// req, res / request, response), after an optional mount path. Other frameworks'
// handlers take other parameters (ctx, next; request, reply), and a Map's or an HTTP
// client's get takes no such function. Only in a package that depends on express.
func (r *Resolver) unseenAppRoute(fn *sitter.Node, args *sitter.Node) {
	if !r.unseenApp(fn) {
		return
	}
	for i := pathArgs(args, r.src); i < args.NamedChildCount(); i++ {
		if arg := syntax.Unwrap(args.NamedChild(i)); r.handlerShaped(arg) {
			r.register(arg, "express", false)
		}
	}
}

// unseenApp tells a route method of express.app called on a receiver that may be an
// app this file cannot see (see unseenAppRoute), in a package that depends on express.
func (r *Resolver) unseenApp(fn *sitter.Node) bool {
	if !r.express || syntax.Kind(fn) != syntax.MemberExpression {
		return false
	}
	if method := syntax.Text(syntax.Field(fn, syntax.FieldProperty), r.src); !routeMethods["express.app"][method] {
		return false
	}
	switch obj := syntax.Field(fn, syntax.FieldObject); syntax.Kind(obj) {
	case syntax.This, syntax.Super:
		// this.get(…) is the class's own method (a base controller's, which may
		// wrap what it is given); this.app.get(…) is an app the object holds.
		return false
	case syntax.Identifier:
		// A receiver the file makes itself, as an object, an instance or a class,
		// is that thing, not an app handed in.
		switch init := syntax.Unwrap(r.Initializer(obj)); syntax.Kind(init) {
		case syntax.Object, syntax.NewExpression, syntax.Class, syntax.Array:
			return false
		}
	}
	return true
}

// handlerShaped is an inline function whose parameters are a handler's.
func (r *Resolver) handlerShaped(arg *sitter.Node) bool {
	return syntax.IsFunction(arg) && (r.isTyped(arg) || r.looksLikeHandler(arg))
}
