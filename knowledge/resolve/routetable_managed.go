package resolve

import (
	"sort"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// A controller framework (managedFrameworks) registers its routes itself, from
// decorators: `@controller('/v1/users') class UsersController { @httpPost('/claim',
// auth) claim() {…} }`. The route table lists each action as a route: the method is
// the action decorator's (`@Get`, `@httpPost`, `@httpMethod('get', …)`), the path the
// controller's path joined to the action's, below the prefix the file that starts the
// framework's app states (ManagedServer), the handler the decorated method, and the
// middleware the decorators' arguments after the path. The route's line is the action
// decorator's, where a reader sees the route declared.

// ManagedRoute is one action of a framework-managed controller.
type ManagedRoute struct {
	Route
	// Framework is the package that routes it (Target.Managed).
	Framework string
	// Version is the NestJS controller's version (`@Controller({ version: '1' })`),
	// served under URI versioning as /v1/…; "" when it has none.
	Version string
}

// ManagedServer is what the file that starts a framework's app says of its paths: the
// prefix of every controller's path (routing-controllers' routePrefix,
// inversify-express-utils' rootPath, NestJS's global prefix) and, for NestJS, URI
// versioning. A prefix that is no literal or string constant is shown in braces.
type ManagedServer struct {
	Framework string
	Prefix    string
	// HasPrefix: the file states the prefix (NestJS states it and versioning apart).
	HasPrefix bool
	// Versioning: URI versioning is on, with VersionPrefix ("v" by default) before the
	// version and DefaultVersion for controllers that name none.
	Versioning                    bool
	VersionPrefix, DefaultVersion string
}

// managedRoutes adds the file's controller actions to the table.
func (t *tableBuilder) managedRoutes() {
	for _, fn := range t.r.functions {
		if syntax.Kind(fn) != syntax.MethodDefinition {
			continue
		}
		member := classMember(fn)
		if member == nil {
			continue
		}
		for _, d := range memberDecorators(member) {
			pkg, action := t.r.frameworkDecorator(d)
			if pkg == "" {
				continue
			}
			f := managedFrameworks[pkg]
			method, isAction := f.actions[action]
			if !isAction {
				continue
			}
			t.action(fn, member.Parent().Parent(), d, pkg, method)
		}
	}
}

// frameworkDecorator resolves a decorator to the framework package it comes from and
// the export it names, "" when it is none of theirs.
func (r *Resolver) frameworkDecorator(d *sitter.Node) (pkg, name string) {
	callee := decoratorCallee(d)
	if callee == nil {
		return "", ""
	}
	pkg = r.frameworkOf(callee, decoratorOf)
	if pkg == "" {
		return "", ""
	}
	return pkg, r.Value(callee).Path
}

// decoratorArgs are a decorator call's arguments, none for a bare `@Get`.
func decoratorArgs(d *sitter.Node) []*sitter.Node {
	e := d.NamedChild(0)
	if e == nil || syntax.Kind(e) != syntax.CallExpression {
		return nil
	}
	args := syntax.Field(e, syntax.FieldArguments)
	if args == nil {
		return nil
	}
	var out []*sitter.Node
	for i := uint(0); i < args.NamedChildCount(); i++ {
		if a := args.NamedChild(i); syntax.Kind(a) != syntax.Comment {
			out = append(out, syntax.Unwrap(a))
		}
	}
	return out
}

// action adds the routes of one decorated method: one per controller path and action
// path (NestJS takes arrays of both). A method of a class without the framework's
// controller decorator is not routed.
func (t *tableBuilder) action(fn, class, decorator *sitter.Node, pkg, method string) {
	f := managedFrameworks[pkg]
	args := decoratorArgs(decorator)
	if method == "" { // @httpMethod('get', '/x'): the method comes first
		if len(args) == 0 {
			return
		}
		m, ok := syntax.StringValue(args[0], t.r.src)
		if !ok {
			return
		}
		method, args = strings.ToUpper(m), args[1:]
	}
	var ctrl *sitter.Node
	for _, d := range classDecorators(class) {
		if p, name := t.r.frameworkDecorator(d); p == pkg && f.controllers[name] {
			ctrl = d
		}
	}
	if ctrl == nil {
		return
	}
	ctrlPaths, version, ctrlMiddleware := t.controllerOf(ctrl, f)
	actionPaths, actionMiddleware := t.pathAndMiddleware(args, f)
	handler := t.local(Target{Text: className(class, t.r.src) + "." + syntax.Text(syntax.Field(fn, syntax.FieldName), t.r.src)}, fn)
	handler.Managed = pkg
	var middleware []Target
	middleware = append(middleware, t.decoratorMiddleware(classDecorators(class), pkg)...)
	middleware = append(middleware, ctrlMiddleware...)
	middleware = append(middleware, t.decoratorMiddleware(memberDecorators(classMember(fn)), pkg)...)
	middleware = append(middleware, actionMiddleware...)
	route := Route{Method: method, Receiver: className(class, t.r.src), Handler: handler, At: t.place(decorator),
		Middleware: middleware}
	for _, cp := range ctrlPaths {
		for _, ap := range actionPaths {
			if f.braceParams {
				cp, ap = braceParamsToExpress(cp), braceParamsToExpress(ap)
			}
			path := segmentPath(cp, ap)
			route.Path, route.Paths = path, []string{path}
			t.out.Managed = append(t.out.Managed, ManagedRoute{Route: route, Framework: pkg, Version: version})
		}
	}
}

// decoratorMiddleware is the middleware the framework's middleware decorators among ds
// name (`@UseBefore(auth, log)`), in source order.
func (t *tableBuilder) decoratorMiddleware(ds []*sitter.Node, pkg string) []Target {
	sort.Slice(ds, func(a, b int) bool { return ds[a].StartByte() < ds[b].StartByte() })
	var out []Target
	for _, d := range ds {
		if t.r.frameworkOf(decoratorCallee(d), middlewareOf) != pkg {
			continue
		}
		for _, a := range decoratorArgs(d) {
			out = append(out, t.target(a))
		}
	}
	return out
}

// controllerOf reads a controller decorator: its paths, its NestJS version and, where
// the framework takes them, its middleware.
func (t *tableBuilder) controllerOf(d *sitter.Node, f managedFramework) ([]string, string, []Target) {
	args := decoratorArgs(d)
	if len(args) > 0 && syntax.Kind(args[0]) == syntax.Object {
		// NestJS: @Controller({ path: 'auth', version: '1' })
		var paths []string
		version := ""
		if p := propertyValue(args[0], "path", t.r.src); p != nil {
			paths = t.decoratorPaths(p)
		}
		if v := propertyValue(args[0], "version", t.r.src); v != nil {
			version, _ = syntax.StringValue(v, t.r.src)
		}
		if len(paths) == 0 {
			paths = []string{""}
		}
		return paths, version, nil
	}
	paths, middleware := t.pathAndMiddleware(args, f)
	return paths, "", middleware
}

// pathAndMiddleware reads a decorator's arguments from its path on: the path (or
// paths; "" when there is none) and the middleware after it.
func (t *tableBuilder) pathAndMiddleware(args []*sitter.Node, f managedFramework) ([]string, []Target) {
	if len(args) == 0 || syntax.IsFunction(args[0]) {
		return []string{""}, nil
	}
	paths := t.decoratorPaths(args[0])
	var middleware []Target
	if f.middlewareArgs {
		for _, a := range args[1:] {
			middleware = append(middleware, t.target(a))
		}
	}
	return paths, middleware
}

// decoratorPaths are the paths a decorator argument gives: a string (or constant) or
// an array of them; anything else in braces.
func (t *tableBuilder) decoratorPaths(n *sitter.Node) []string {
	n = syntax.Unwrap(n)
	if syntax.Kind(n) != syntax.Array {
		return []string{t.r.pathText(n)}
	}
	var out []string
	for i := uint(0); i < n.NamedChildCount(); i++ {
		if e := n.NamedChild(i); syntax.Kind(e) != syntax.Comment {
			out = append(out, t.r.pathText(e))
		}
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// propertyValue is the value of the property key of an object literal, nil when it
// has none.
func propertyValue(obj *sitter.Node, key string, src []byte) *sitter.Node {
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		p := obj.NamedChild(i)
		switch syntax.Kind(p) {
		case syntax.Pair:
			if k, ok := propertyKey(syntax.Field(p, syntax.FieldKey), src); ok && k == key {
				return syntax.Unwrap(syntax.Field(p, syntax.FieldValue))
			}
		case syntax.ShorthandPropertyIdentifier:
			if syntax.Text(p, src) == key {
				return p
			}
		}
	}
	return nil
}

// className is a class's name, "default" for an anonymous default export.
func className(class *sitter.Node, src []byte) string {
	if n := syntax.Field(class, syntax.FieldName); n != nil {
		return syntax.Text(n, src)
	}
	return "default"
}

// braceParamsToExpress turns tsoa's `{id}` path parameters into Express's `:id`.
func braceParamsToExpress(path string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(path[open:], '}')
		name := ""
		if end > 0 {
			name = path[open+1 : open+end]
		}
		if end < 0 || !isIdentifier(name) {
			b.WriteString(path[:open+1])
			path = path[open+1:]
			continue
		}
		b.WriteString(path[:open] + ":" + name)
		path = path[open+end+1:]
	}
	return b.String() + path
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if !(c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// segmentPath joins path parts as the controller frameworks do: each part is a run of
// segments whatever slashes it has at its ends ('/v6/' and 'init' give /v6/init, 'api'
// and 'auth' give /api/auth), with a leading slash, unless the path starts with a part
// in braces (a prefix nodecoach cannot know brings its own); no part at all is "/".
func segmentPath(parts ...string) string {
	var segs []string
	for _, p := range parts {
		if p = strings.Trim(p, "/"); p != "" {
			segs = append(segs, p)
		}
	}
	if len(segs) == 0 {
		return "/"
	}
	out := strings.Join(segs, "/")
	if strings.HasPrefix(out, "{") {
		return out
	}
	return "/" + out
}
