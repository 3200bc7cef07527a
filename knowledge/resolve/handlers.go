package resolve

import (
	"slices"
	"sort"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Tier is how sure nodecoach is that a function handles HTTP requests.
// Rules state the weakest tier they accept.
type Tier int

const (
	// Heuristic: the first parameters are named (req, res); only meaningful when the
	// package depends on express, which the rule checks.
	Heuristic Tier = iota + 1
	// Typed: TypeScript parameters typed Request/Response/NextFunction from express,
	// or the function typed RequestHandler; covers controllers registered elsewhere.
	Typed
	// Direct: a function passed to a route registration in this file.
	Direct
)

// Handler describes a request handler found in the file.
type Handler struct {
	Func *sitter.Node
	Tier Tier
	// Framework is "express", "http", "fastify" or "koa"; rules about Express's own
	// error flow apply to "express" only.
	Framework string
	// ErrorSafe is set when a wrapper such as asyncHandler(fn) forwards rejections.
	ErrorSafe bool
	// Managed is the package of the controller framework that runs this method and
	// forwards its errors itself (see ManagedBy); "" for a raw handler.
	Managed string
}

// routeMethods are the registration methods of each framework's app-like instances.
var routeMethods = map[string]map[string]bool{
	"express.app":    set("get", "post", "put", "patch", "delete", "del", "all", "options", "head", "use"),
	"express.router": set("get", "post", "put", "patch", "delete", "del", "all", "options", "head", "use"),
	"express.route":  set("get", "post", "put", "patch", "delete", "del", "all", "options", "head"),
	"fastify.app":    set("get", "post", "put", "patch", "delete", "head", "options", "all"),
	"koa.app":        set("use"),
}

// wrapperNames are the well-known helpers that forward a handler's rejection to next().
var wrapperNames = set("asyncHandler", "expressAsyncHandler", "catchAsync", "wrap", "tryCatch")

var serverFactories = set("http.createServer", "https.createServer")

func set(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, it := range items {
		m[it] = true
	}
	return m
}

// Handler returns the handler record of a function node, nil if it is not one.
func (r *Resolver) Handler(fn *sitter.Node) *Handler {
	h, _ := r.roleOf(fn)
	return h
}

// EnclosingHandler returns the handler whose body (nested closures included) contains
// n. Startup code (an app.listen callback, main/bootstrap/init*/setup* functions) is
// never request path, so the search stops there.
func (r *Resolver) EnclosingHandler(n *sitter.Node) *Handler {
	for f := syntax.EnclosingFunction(n); f != nil; f = syntax.EnclosingFunction(f) {
		h, startup := r.roleOf(f)
		if startup {
			return nil
		}
		if h != nil {
			return h
		}
	}
	return nil
}

// IsStartup reports whether fn is startup code.
func (r *Resolver) IsStartup(fn *sitter.Node) bool {
	_, startup := r.roleOf(fn)
	return startup
}

// roleOf says whether fn is a handler or startup code. A window asks its base about
// functions outside itself.
func (r *Resolver) roleOf(fn *sitter.Node) (*Handler, bool) {
	if w := r.win; w != nil && !w.contains(syntax.StartOf(fn)) {
		h, startup := w.base.roleAt(fn, Span{Start: w.toBase(syntax.StartOf(fn)), End: w.toBase(syntax.EndOf(fn))})
		if h != nil {
			moved := *h
			moved.Func = fn
			h = &moved
		}
		return h, startup
	}
	return r.handlers[fn.Id()], r.startup[fn.Id()]
}

// functionRole is what detectHandlers found out about one function.
type functionRole struct {
	handler *Handler
	startup bool
}

// roleAt is roleOf for a function of another tree, which this resolver knows at span.
func (r *Resolver) roleAt(fn *sitter.Node, at Span) (*Handler, bool) {
	if h := r.handlers[fn.Id()]; h != nil && syntax.StartOf(h.Func) == at.Start {
		return h, r.startup[fn.Id()] // the very subtree, which the reparse reused
	}
	r.byStartOnce.Do(func() {
		r.byStart = map[uint]functionRole{}
		for _, h := range r.handlers {
			role := r.byStart[syntax.StartOf(h.Func)]
			role.handler = h
			r.byStart[syntax.StartOf(h.Func)] = role
		}
		for _, f := range r.functions {
			if r.startup[f.Id()] {
				role := r.byStart[syntax.StartOf(f)]
				role.startup = true
				r.byStart[syntax.StartOf(f)] = role
			}
		}
	})
	role := r.byStart[at.Start]
	if role.handler != nil && syntax.EndOf(role.handler.Func) != at.End {
		role.handler = nil
	}
	return role.handler, role.startup
}

func (r *Resolver) detectHandlers() {
	for _, call := range r.collected[syntax.CallExpression] {
		fn, kind := syntax.FieldAndKind(call, syntax.FieldFunction)
		if fn == nil {
			continue
		}
		// require itself, an alias of it, or createRequire(...) is called: never a
		// method, which would cost resolving every callee of the file to rule out.
		if kind == syntax.Import || kind != syntax.MemberExpression && kind != syntax.SubscriptExpression && r.Value(fn).Kind == RequireFn {
			if v := r.Value(call); v.Kind == Module {
				r.imports[v.Module] = true // require('x') and import('x')
				r.outward = append(r.outward, syntax.StartOf(call))
			}
		}
		r.registrations(call, fn, kind)
	}
	for _, fn := range r.functions {
		name := syntax.FunctionName(fn, r.src)
		if name == "main" || name == "bootstrap" || strings.HasPrefix(name, "init") || strings.HasPrefix(name, "setup") {
			r.startup[fn.Id()] = true
			continue
		}
		if _, known := r.handlers[fn.Id()]; known {
			continue
		}
		if r.isTyped(fn) {
			r.handlers[fn.Id()] = &Handler{Func: fn, Tier: Typed, Framework: "express", Managed: r.ManagedBy(fn)}
		} else if r.looksLikeHandler(fn) {
			r.handlers[fn.Id()] = &Handler{Func: fn, Tier: Heuristic, Framework: "express", Managed: r.ManagedBy(fn)}
		}
	}
}

// registrations records the handlers a call of fn (of the given kind) registers, and
// listen callbacks as startup.
func (r *Resolver) registrations(call, fn *sitter.Node, kind string) {
	if !mayRegister(fn, kind, r.src) {
		return
	}
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil {
		return
	}
	callee := r.Value(fn)
	if serverFactories[callee.Canonical()] {
		r.addHandlers(args, 0, "http", false)
		return
	}
	if callee.Kind == None || callee.Kind == Local {
		r.unseenAppRoute(fn, args)
		return
	}
	if callee.Kind != Instance || strings.Contains(callee.Path, ".") {
		return
	}
	owner := callee.Module + "." + callee.Type
	switch {
	case callee.Path == "listen":
		r.markStartup(args)
	case owner == "http.server" && callee.Path == "on":
		if ev, _ := syntax.StringValue(syntax.NamedChild(args, 0), r.src); ev == "request" {
			r.addHandlers(args, 1, "http", false)
		}
	case owner == "fastify.app" && callee.Path == "route":
		r.fastifyRoute(args)
	case routeMethods[owner][callee.Path]:
		r.addHandlers(args, pathArgs(args, r.src), callee.Module, false)
	}
}

// registrationMethods are the last names of every callee registrations handles.
var registrationMethods = func() map[string]bool {
	names := set("listen", "on", "route", "createServer")
	for _, methods := range routeMethods {
		for m := range methods {
			names[m] = true
		}
	}
	return names
}()

// mayRegister tells from its text alone whether a call of fn can register a handler:
// a method call must name one of registrationMethods (resolving every callee of a
// large file to find out cost more than the rest of the handler detection). kind is
// fn's kind, which the caller has read.
func mayRegister(fn *sitter.Node, kind string, src []byte) bool {
	switch kind {
	case syntax.MemberExpression:
		return registrationMethods[syntax.Text(syntax.Field(fn, syntax.FieldProperty), src)]
	case syntax.SubscriptExpression:
		key, ok := syntax.StringValue(syntax.Field(fn, syntax.FieldIndex), src)
		return ok && registrationMethods[key]
	}
	return true
}

// pathArgs is 1 when the first argument is a mount path (a string, template or regex,
// or an array whose first element is one), which Express accepts before the handlers.
// An array of anything else is handlers: `app.use([audit, auth])`.
func pathArgs(args *sitter.Node, _ []byte) uint {
	first := syntax.Unwrap(syntax.NamedChild(args, 0))
	if syntax.Kind(first) == syntax.Array {
		first = syntax.Unwrap(syntax.NamedChild(first, 0))
	}
	switch syntax.Kind(first) {
	case syntax.String, syntax.TemplateString, syntax.Regex:
		return 1
	}
	return 0
}

// HandlerArgs are the functions a registration's arguments run: everything after an
// optional mount path, arrays flattened as Express flattens them.
func HandlerArgs(args *sitter.Node) []*sitter.Node {
	if args == nil {
		return nil
	}
	return flatArgs(args, pathArgs(args, nil))
}

// HasMountPath tells a registration whose first argument is a path.
func HasMountPath(args *sitter.Node) bool { return args != nil && pathArgs(args, nil) > 0 }

func (r *Resolver) addHandlers(args *sitter.Node, skip uint, framework string, safe bool) {
	i := uint(0)
	for c := range syntax.NamedChildren(args) {
		if i >= skip {
			r.addHandler(c, framework, safe)
		}
		i++
	}
}

// register records fn as a handler registered in this file. A function registered
// more than once is error-safe only if every registration wraps it.
func (r *Resolver) register(fn *sitter.Node, framework string, safe bool) {
	if h := r.handlers[fn.Id()]; h != nil && h.Tier == Direct {
		h.ErrorSafe = h.ErrorSafe && safe
		return
	}
	r.handlers[fn.Id()] = &Handler{Func: fn, Tier: Direct, Framework: framework, ErrorSafe: safe}
}

// addHandler records one handler argument: a function literal, a local function, an
// array of them (Express flattens arrays), or a wrapper call around one.
func (r *Resolver) addHandler(arg *sitter.Node, framework string, safe bool) {
	arg = syntax.Unwrap(arg)
	switch {
	case syntax.IsFunction(arg):
		r.register(arg, framework, safe)
	case r.addRouteRef(arg, framework, safe):
		// a function of another module, which learns of this registration
	case syntax.Kind(arg) == syntax.Identifier:
		if v := r.Value(arg); v.Kind == Function {
			r.register(v.Node, framework, safe)
			if !r.sameStatement(syntax.StartOf(arg), v.Node.StartByte()) {
				r.outward = append(r.outward, syntax.StartOf(arg))
				r.crossRoles[syntax.Text(arg, r.src)] = r.handlers[v.Node.Id()]
			}
		}
	case syntax.Kind(arg) == syntax.Array:
		for c := range syntax.NamedChildren(arg) {
			r.addHandler(c, framework, safe)
		}
	case syntax.Kind(arg) == syntax.CallExpression:
		callee := syntax.Field(arg, syntax.FieldFunction)
		if inner := syntax.Field(arg, syntax.FieldArguments); inner != nil && syntax.NamedChildCount(inner) > 0 && r.isWrapper(callee) {
			r.addHandler(syntax.NamedChild(inner, 0), framework, true)
			return
		}
		// Any other call registers what it returns: the functions a factory of this
		// file returns, a factory of another module (addRouteRef above), or a
		// function nodecoach cannot see into.
		if v := r.Value(callee); v.Kind == Function {
			for _, fn := range returnedFunctions(v.Node) {
				r.register(fn, framework, safe)
				// An edit of the registration or of the factory changes the other's
				// analysis: either is checked with the whole file.
				r.outward = append(r.outward, syntax.StartOf(arg), syntax.StartOf(fn))
			}
		}
	}
}

// returnedFunctions are the function literals a function returns: its expression body
// (`(h) => async (req, res) => …`) or the operands of its own return statements.
func returnedFunctions(factory *sitter.Node) []*sitter.Node {
	values, _ := ownReturns(factory)
	var out []*sitter.Node
	for _, v := range values {
		if fn := syntax.Unwrap(v); fn != nil && syntax.IsFunction(fn) {
			out = append(out, fn)
		}
	}
	return out
}

func (r *Resolver) fastifyRoute(args *sitter.Node) {
	opts := syntax.Unwrap(syntax.NamedChild(args, 0))
	if opts == nil || syntax.Kind(opts) != syntax.Object {
		return
	}
	for i := range syntax.NamedChildCount(opts) {
		pair := syntax.NamedChild(opts, i)
		if syntax.Kind(pair) == syntax.Pair && syntax.Text(syntax.Field(pair, syntax.FieldKey), r.src) == "handler" {
			r.addHandler(syntax.Field(pair, syntax.FieldValue), "fastify", false)
		}
	}
}

func (r *Resolver) markStartup(args *sitter.Node) {
	for i := range syntax.NamedChildCount(args) {
		if a := syntax.Unwrap(syntax.NamedChild(args, i)); syntax.IsFunction(a) {
			r.startup[a.Id()] = true
		}
	}
}

// isWrapper recognises asyncHandler-style helpers: a well-known name, the
// express-async-handler package, or a local function that chains `.catch(next)`.
func (r *Resolver) isWrapper(callee *sitter.Node) bool {
	if callee == nil {
		return false
	}
	v := r.Value(callee)
	if v.Is("express-async-handler") {
		return true
	}
	if v.Kind == Function {
		return containsCatchNext(v.Node, r.src)
	}
	if syntax.Kind(callee) == syntax.Identifier {
		name := syntax.Text(callee, r.src)
		if wrapperNames[name] || slices.Contains(r.wrappers, name) {
			return v.Kind != Local
		}
	}
	return false
}

// containsCatchNext finds `.catch(next)` anywhere in n: the shape of
// `(req, res, next) => Promise.resolve(fn(req, res, next)).catch(next)`.
func containsCatchNext(n *sitter.Node, src []byte) bool {
	if syntax.Kind(n) == syntax.CallExpression {
		fn := syntax.Field(n, syntax.FieldFunction)
		args := syntax.Field(n, syntax.FieldArguments)
		if fn != nil && syntax.Kind(fn) == syntax.MemberExpression && syntax.Text(syntax.Field(fn, syntax.FieldProperty), src) == "catch" &&
			args != nil && syntax.NamedChildCount(args) == 1 && syntax.Text(syntax.NamedChild(args, 0), src) == "next" {
			return true
		}
	}
	for i := range syntax.NamedChildCount(n) {
		if containsCatchNext(syntax.NamedChild(n, i), src) {
			return true
		}
	}
	return false
}

var expressTypes = set("express.Request", "express.Response", "express.NextFunction")
var expressHandlerTypes = set("express.RequestHandler", "express.ErrorRequestHandler")

// handlerParamTypes are the express types of a handler's parameters, in the order
// Express passes them: (req, res, next), or (err, req, res, next) for error middleware,
// whose err may have any type.
var handlerParamTypes = []string{"express.Request", "express.Response", "express.NextFunction"}

// isTyped implements the typed tier: the function assigned to a variable typed
// RequestHandler, or parameters annotated with express types where Express passes
// them, with the response (or next) among them or parameter names that read as a
// handler's. The request type alone does not make a handler: helpers take it too
// (`validateKey(req: Request, flow: ChatFlow)`). An express type in another place marks
// a helper that receives the request or the response from its caller
// (`runGate(res: Response, gate)`), not a function Express calls.
func (r *Resolver) isTyped(fn *sitter.Node) bool {
	if !r.Imports("express") {
		return false // no express type can be named
	}
	ps := syntax.Params(fn)
	offset := 0
	if len(ps) == 4 {
		offset = 1 // error middleware: err first
	}
	inPlace := map[string]bool{}
	for i, p := range ps {
		name := r.Annotation(syntax.Field(p, syntax.FieldType))
		if !expressTypes[name] {
			continue
		}
		if at := i - offset; at < 0 || at >= len(handlerParamTypes) || handlerParamTypes[at] != name {
			return false
		}
		inPlace[name] = true
	}
	if inPlace["express.Response"] || inPlace["express.NextFunction"] || inPlace["express.Request"] && r.looksLikeHandler(fn) {
		return true
	}
	if d := syntax.Parent(fn); d != nil && syntax.Kind(d) == syntax.VariableDeclarator {
		return expressHandlerTypes[r.Annotation(syntax.Field(d, syntax.FieldType))]
	}
	return false
}

// Annotation resolves a type annotation such as `: Request`, `: express.Request` or
// `: RequestHandler<Params>` to its canonical name, "" when it names no API.
func (r *Resolver) Annotation(t *sitter.Node) string { return r.annotation(t, nil) }

// annotation is Annotation while parameters are being typed (see bindingValue).
func (r *Resolver) annotation(t *sitter.Node, typing []*binding) string {
	if t == nil {
		return ""
	}
	if syntax.Kind(t) == syntax.TypeAnnotation {
		t = syntax.NamedChild(t, 0)
	}
	if t != nil && syntax.Kind(t) == syntax.GenericType {
		t = syntax.Field(t, syntax.FieldName)
	}
	if t == nil {
		return ""
	}
	switch syntax.Kind(t) {
	case syntax.TypeIdentifier:
		return r.typeValue(syntax.Text(t, r.src), syntax.StartOf(t), typing).Canonical()
	case syntax.NestedTypeIdentifier:
		mod := syntax.Field(t, syntax.FieldModule)
		name := syntax.Field(t, syntax.FieldName)
		if mod == nil || name == nil {
			return ""
		}
		return r.typeValue(syntax.Text(mod, r.src), syntax.StartOf(t), typing).Member(syntax.Text(name, r.src)).Canonical()
	}
	return ""
}

// looksLikeHandler is the heuristic tier: (req, res, ...) or (request, response, ...).
func (r *Resolver) looksLikeHandler(fn *sitter.Node) bool {
	ps := syntax.Params(fn)
	if len(ps) < 2 || len(ps) > 4 {
		return false
	}
	first, second := 0, 1
	if len(ps) == 4 { // (err, req, res, next): error middleware
		first, second = 1, 2
	}
	// A leading underscore marks a parameter the body does not use: (_req, res).
	a := strings.TrimLeft(syntax.ParamName(ps[first], r.src), "_")
	b := strings.TrimLeft(syntax.ParamName(ps[second], r.src), "_")
	return (a == "req" && b == "res") || (a == "request" && b == "response")
}

// Handlers returns the file's handlers in source order.
func (r *Resolver) Handlers() []*Handler {
	out := make([]*Handler, 0, len(r.handlers))
	for _, h := range r.handlers {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Func.StartByte() < out[j].Func.StartByte() })
	return out
}
