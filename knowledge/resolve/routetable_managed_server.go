package resolve

import (
	"slices"
	"sort"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The prefix a controller framework puts before every controller's path is stated
// where its app starts:
//   - routing-controllers: `createExpressServer({ routePrefix: '/api' })`, or
//     `useExpressServer(app, { routePrefix })`;
//   - inversify-express-utils: `new InversifyExpressServer(container, router,
//     { rootPath: '/api' })` ('/' when not given);
//   - NestJS: `app.setGlobalPrefix('api')` and `app.enableVersioning({ type:
//     VersioningType.URI, prefix, defaultVersion })` on the app
//     `NestFactory.create(…)` makes.
// Without such a call in the package, controllers are served at their own paths.

// managedServers records the file's framework app starts, and the Express apps the
// frameworks make (frameworkApps); it runs once the registrations are read.
func (t *tableBuilder) managedServers() {
	r := t.r
	for _, call := range r.collected[syntax.CallExpression] {
		fn, args := syntax.Field(call, syntax.FieldFunction), syntax.Field(call, syntax.FieldArguments)
		if fn == nil || args == nil {
			continue
		}
		// The callee's facts are memoised (the rules ask them of every call): this
		// costs no resolving of its own.
		facts := r.CallFacts(call)
		if v := facts.Callee; v.Kind == Member && v.Module == "routing-controllers" {
			switch v.Path {
			case "createExpressServer":
				t.optionPrefix("routing-controllers", argAt(args, 0), "routePrefix", "")
			case "useExpressServer":
				t.optionPrefix("routing-controllers", argAt(args, 1), "routePrefix", "")
			}
			continue
		}
		if (facts.Method == "setGlobalPrefix" || facts.Method == "enableVersioning") && r.nestApp(syntax.Field(fn, syntax.FieldObject)) {
			t.nestSetting(facts.Method, args)
		}
	}
	for _, n := range r.collected[syntax.NewExpression] {
		if v := r.CallFacts(n).Callee; v.Kind == Member && v.Module == "inversify-express-utils" && v.Path == "InversifyExpressServer" {
			if args := syntax.Field(n, syntax.FieldArguments); args != nil {
				t.optionPrefix("inversify-express-utils", argAt(args, 2), "rootPath", "/")
			}
		}
	}
	t.frameworkApps()
}

// optionPrefix records a server whose options object states the prefix under key
// (fallback when it does not).
func (t *tableBuilder) optionPrefix(pkg string, opts *sitter.Node, key, fallback string) {
	s := ManagedServer{Framework: pkg, Prefix: fallback, HasPrefix: true}
	if opts != nil && syntax.Kind(opts) == syntax.Identifier {
		if init := syntax.Unwrap(t.r.Initializer(opts)); init != nil {
			opts = init
		}
	}
	if opts != nil && syntax.Kind(opts) == syntax.Object {
		if p := propertyValue(opts, key, t.r.src); p != nil {
			s.Prefix = t.r.pathText(p)
		}
	}
	t.out.Servers = append(t.out.Servers, s)
}

// nestSetting records a NestJS app's global prefix or URI versioning.
func (t *tableBuilder) nestSetting(method string, args *sitter.Node) {
	const nest = "@nestjs/common"
	switch method {
	case "setGlobalPrefix":
		if p := argAt(args, 0); p != nil {
			t.out.Servers = append(t.out.Servers, ManagedServer{Framework: nest, Prefix: t.r.pathText(p), HasPrefix: true})
		}
	case "enableVersioning":
		opts := argAt(args, 0)
		if opts == nil || syntax.Kind(opts) != syntax.Object {
			return
		}
		typ := propertyValue(opts, "type", t.r.src)
		if typ == nil || !t.r.Value(typ).Is(nest+".VersioningType.URI") {
			return
		}
		s := ManagedServer{Framework: nest, Versioning: true, VersionPrefix: "v"}
		if p := propertyValue(opts, "prefix", t.r.src); p != nil {
			if v, ok := syntax.StringValue(p, t.r.src); ok {
				s.VersionPrefix = v
			} else if syntax.Kind(p) == syntax.False {
				s.VersionPrefix = ""
			}
		}
		if d := propertyValue(opts, "defaultVersion", t.r.src); d != nil {
			s.DefaultVersion, _ = syntax.StringValue(d, t.r.src)
		}
		t.out.Servers = append(t.out.Servers, s)
	}
}

// nestApp: n is (a variable holding) what `NestFactory.create(…)` resolves to.
func (r *Resolver) nestApp(n *sitter.Node) bool {
	n = syntax.Unwrap(n)
	if syntax.Kind(n) == syntax.Identifier {
		n = syntax.Unwrap(r.Initializer(n))
	}
	if syntax.Kind(n) == syntax.AwaitExpression {
		n = syntax.Unwrap(n.NamedChild(0))
	}
	if syntax.Kind(n) != syntax.CallExpression {
		return false
	}
	return r.Value(syntax.Field(n, syntax.FieldFunction)).Is("@nestjs/core.NestFactory.create")
}

// argAt is a call's index-th argument, nil when it has fewer.
func argAt(args *sitter.Node, index int) *sitter.Node {
	k := 0
	for i := uint(0); i < args.NamedChildCount(); i++ {
		a := args.NamedChild(i)
		if syntax.Kind(a) == syntax.Comment {
			continue
		}
		if k == index {
			return syntax.Unwrap(a)
		}
		k++
	}
	return nil
}

// joinManaged gives the package's controller actions their full paths: below each
// prefix the package's files state for the framework (one route per distinct
// prefix), else at their own path; a NestJS controller's version comes between the
// global prefix and its path when URI versioning is on.
func joinManaged(files []FileRoutes) []FullRoute {
	prefixes := map[string][]string{}
	nest := ManagedServer{}
	for _, f := range files {
		for _, s := range f.Servers {
			if s.Versioning {
				nest.Versioning, nest.VersionPrefix, nest.DefaultVersion = true, s.VersionPrefix, s.DefaultVersion
			}
			if s.HasPrefix && !slices.Contains(prefixes[s.Framework], s.Prefix) {
				prefixes[s.Framework] = append(prefixes[s.Framework], s.Prefix)
			}
		}
	}
	for _, p := range prefixes {
		sort.Strings(p)
	}
	var out []FullRoute
	for _, f := range files {
		for _, m := range f.Managed {
			path := m.Path
			if version := m.Version; nest.Versioning && m.Framework == "@nestjs/common" {
				if version == "" {
					version = nest.DefaultVersion
				}
				if version != "" {
					path = segmentPath(nest.VersionPrefix+version, path)
				}
			}
			ps := prefixes[m.Framework]
			if len(ps) == 0 {
				ps = []string{""}
			}
			for _, p := range ps {
				out = append(out, FullRoute{File: f.File, Route: m.Route, FullPath: segmentPath(p, path),
					Middleware: m.Middleware, HandlerFile: f.File})
			}
		}
	}
	return out
}

// frameworkApps marks the receivers of the file that are Express apps a controller
// framework makes or hands over (FileRoutes.Apps), so that what is registered on them
// is listed even where nothing else shows it is Express (`app.use(cookieParser())`):
//   - the app `NestFactory.create(AppModule)` makes, on NestJS's default Express
//     platform (no adapter argument, or @nestjs/platform-express's ExpressAdapter);
//   - the parameter of the callback an InversifyExpressServer's setConfig or
//     setErrorConfig is given, which the server calls with its Express app.
func (t *tableBuilder) frameworkApps() {
	for recv, n := range t.receivers {
		if syntax.Kind(n) != syntax.Identifier {
			continue
		}
		if t.r.nestExpressApp(n) || t.r.inversifyConfigApp(n) {
			t.out.Apps[recv] = true
		}
	}
}

// nestExpressApp: n holds what `NestFactory.create(…)` makes on the Express platform.
func (r *Resolver) nestExpressApp(n *sitter.Node) bool {
	if !r.nestApp(n) {
		return false
	}
	create := syntax.Unwrap(r.Initializer(n))
	if syntax.Kind(create) == syntax.AwaitExpression {
		create = syntax.Unwrap(create.NamedChild(0))
	}
	args := syntax.Field(create, syntax.FieldArguments)
	for i := 1; args != nil; i++ {
		a := argAt(args, i)
		if a == nil {
			break
		}
		if syntax.Kind(a) == syntax.NewExpression {
			if v := r.Value(syntax.Field(a, syntax.FieldConstructor)); v.Module != "@nestjs/platform-express" {
				return false // another platform's adapter (FastifyAdapter)
			}
		}
	}
	return true
}

// inversifyConfigApp: id is the first parameter of a function given to setConfig or
// setErrorConfig on an InversifyExpressServer.
func (r *Resolver) inversifyConfigApp(id *sitter.Node) bool {
	_, b := r.binding(syntax.Text(id, r.src), id.StartByte())
	if b == nil || b.kind != bindParam || b.index != 0 || b.fn == nil {
		return false
	}
	args := b.fn.Parent()
	if args == nil || syntax.Kind(args) != syntax.Arguments {
		return false
	}
	call := args.Parent()
	callee := syntax.Field(call, syntax.FieldFunction)
	if syntax.Kind(callee) != syntax.MemberExpression {
		return false
	}
	switch syntax.Text(syntax.Field(callee, syntax.FieldProperty), r.src) {
	case "setConfig", "setErrorConfig":
	default:
		return false
	}
	server := syntax.Unwrap(syntax.Field(callee, syntax.FieldObject))
	if syntax.Kind(server) == syntax.Identifier {
		server = syntax.Unwrap(r.Initializer(server))
	}
	if syntax.Kind(server) != syntax.NewExpression {
		return false
	}
	v := r.Value(syntax.Field(server, syntax.FieldConstructor))
	return v.Kind == Member && v.Module == "inversify-express-utils" && v.Path == "InversifyExpressServer"
}
