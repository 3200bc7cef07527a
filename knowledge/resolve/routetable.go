package resolve

import (
	"sort"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The route table is the map of an Express app that nodecoach shows its user: every
// registration of a file (FileRoutes), and, joined across the files of a package,
// each route's full path once the mount prefixes above it are applied (JoinRoutes).
// It holds plain values only (no tree nodes), so that it outlives the file's tree and
// can be kept for files that are not open.

// Place is a range of a file, in bytes and in both encodings positions are given in.
type Place struct {
	Span
	UTF8, UTF16 source.Range
}

// Target is one function a registration runs: a middleware or the handler.
type Target struct {
	// Text is the argument as written, shortened; "inline" for a function literal
	// without a name.
	Text string
	// Local is set when the function is defined in this file, at At.
	Local bool
	At    Place
	// Module and Name name a function of another module (see RouteRef); Key is the
	// module's key (see ModuleKey), "" when it is a dependency's.
	Module, Name, Key string
	// Wrapper names what stands between the registration and the function: a wrapper
	// call (asyncHandler), or the function applied to the whole module it comes from.
	Wrapper string
	Async   bool
	// Managed is the controller framework that runs the function (Handler.Managed).
	Managed string
}

// Route is one registration: `router.get('/:id', auth, asyncHandler(show))`.
type Route struct {
	// Method is GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD, ALL or USE.
	Method string
	// Path is the path as written: a string's value, a template or regex as its source
	// text, an array as its source text; "" when the registration has none (use).
	Path string
	// Paths are the paths it answers: one per element of an array, else Path.
	Paths []string
	// Receiver is the app or router it is registered on, as written ("app", "router",
	// "this.app"; a parameter's with its function, see ReceiverText).
	Receiver   string
	Middleware []Target
	Handler    Target
	At         Place // the registration call
	// Tentative: registered on a receiver the file cannot see, with nothing that
	// shows it is Express; joined only below an app or router a call hands it
	// (see Pass).
	Tentative bool
	// Keyed: the route stands for one route per "verb path" key of another module's
	// object, which the join reads (routetable_keys.go).
	Keyed *KeyedRef
	// Elements: the route stands for one route per element of a list of route
	// objects that holds other modules' lists or objects, which the join reads
	// (routetable_elements.go).
	Elements *ElementRoutes
}

// Mount is `app.use('/api', router)`: a router of this file (Router) or of another
// module (Module, Name, Key) mounted at Prefix on Receiver.
type Mount struct {
	Receiver   string
	Prefix     string
	Router     string
	Module     string
	Name       string // the export mounted: "default", or a named export
	Key        string
	Middleware []Target // what the use call runs before the router
	Target     Target   // the router argument: what the mount registers when no file exports a router there
	At         Place
	// Call: the router is what the export returns when called (a factory).
	Call bool
	// Method and Path are the registration's ("USE" and the prefix for a use): a
	// route method runs a router at no prefix, as Express does not strip its path.
	Method, Path string
	Tentative    bool // as Route.Tentative
}

// FileRoutes is the route table of one file.
type FileRoutes struct {
	File   string
	Routes []Route
	Mounts []Mount
	// Exports maps an export ("default" for module.exports or export default) to the
	// receiver of this file it is: `module.exports = router`.
	Exports map[string]string
	// Functions are the file's named functions by the name another module reaches
	// them by (ExportedName): where other files' handlers of this module are.
	Functions map[string]Target
	// ReExports are the exports that pass on another module's (an index file's).
	ReExports map[string]ReExport
	// MoreStars are the file's further `export * from` modules, after the first
	// (ReExports["*"]).
	MoreStars []ReExport
	// Returns maps an exported factory to the receiver of this file it returns.
	Returns map[string]string
	// Params are the parameter names of the file's functions that may be handed an
	// app: by export name, or by their own name (localKey).
	Params map[string][]string
	// Passes are the calls that hand an app or router of this file to a function.
	Passes []Pass
	// Apps are the receivers of this file that are Express apps or routers it makes.
	Apps map[string]bool
	// Fields maps "Class.field" (or "default.field") to the receiver `this.field`
	// when the class's constructor makes it an app or router.
	Fields map[string]string
	// FieldRefs are receivers that are such a field of another module's class.
	FieldRefs []FieldRef
	// Managed are the actions of the file's framework-managed controllers, and
	// Servers what its framework app starts say of their paths (routetable_managed.go).
	Managed []ManagedRoute
	Servers []ManagedServer
	// PathDefaults are the exported constants that are a configuration value with a
	// literal default, by export name; ImportedParts are the path parts that name
	// another module's constant (routetable_pathdefaults.go).
	PathDefaults  map[string]string
	ImportedParts []ImportedPart
	// PathFunctions are the exported functions that return one path, by export
	// name: the path's text (routetable_pathfunctions.go).
	PathFunctions map[string]string
	// Classes are the registrations made through a base class's methods
	// (routetable_classbase.go).
	Classes ClassRoutes
	// KeyedObjects are the exports that hold routes as "verb path" keys, by export
	// name ("name()" for what an exported function returns; routetable_keys.go).
	KeyedObjects map[string]KeyedObject
	// RouteLists are the exports that are lists of route objects, or one route
	// object, by export name (routetable_elements.go).
	RouteLists map[string]RouteList
	// RouteFactories are the exported functions that make route objects from their
	// arguments, by export name (routetable_elements_factories.go).
	RouteFactories map[string]RouteFactory
	// OptionParts are the path parts that a property of an exported function's
	// options names, and OptionCalls the calls that write such options as literals
	// (routetable_optionpaths.go).
	OptionParts []OptionPart
	OptionCalls []OptionCall
	// OptionReceivers maps "export.prop" to the receiver of this file that the
	// property prop of the exported function's options is (routetable_optionpaths.go).
	OptionReceivers map[string]string
	// ObjectKeys are the exported objects whose keys are all known, by export name,
	// and KeysParts the path parts that walk another module's such keys
	// (routetable_importedkeys.go).
	ObjectKeys map[string][]string
	KeysParts  []KeysPart
}

// RouteTable returns the Express registrations of the file whose tree is root; file
// names it, and dependsOn tells the package's dependencies (a bare specifier that is
// one names no file of the package). A resolver of one statement (a window) sees
// only that statement: build a whole one for this.
func (r *Resolver) RouteTable(root *sitter.Node, file string, dependsOn func(pkg string) bool) FileRoutes {
	return r.RouteTableIn(root, file, dependsOn, nil)
}

// RouteTableIn is RouteTable for a file of a workspace: a bare import that names
// another package of the workspace (see WorkspaceModules) is keyed by the source file
// it reads there, as a relative import is, rather than left to the dependency it also
// is; WorkspaceFacts then reads the files those keys name. A nil workspace keys it as
// RouteTable does.
func (r *Resolver) RouteTableIn(root *sitter.Node, file string, dependsOn func(pkg string) bool, workspace *WorkspaceModules) FileRoutes {
	t := &tableBuilder{r: r, lines: source.NewLines(r.src), file: file, dependsOn: dependsOn, root: root, workspace: workspace}
	t.out = FileRoutes{File: file}
	t.out.makeMaps()
	t.receivers = map[string]*sitter.Node{}
	t.classFields()
	for _, call := range r.collected[syntax.CallExpression] {
		t.registration(call)
	}
	t.managedRoutes()
	t.managedServers()
	t.exports(root)
	t.exportedDefaults(root)
	t.importedParts()
	t.optionCalls()
	t.keysParts(root)
	t.classRoutes(root)
	t.passes()
	t.localParams()
	for recv, n := range t.receivers {
		if ref, ok := t.fieldRef(n); ok && ref.Receiver == recv {
			t.out.FieldRefs = append(t.out.FieldRefs, ref)
		}
	}
	sort.Slice(t.out.FieldRefs, func(a, b int) bool { return t.out.FieldRefs[a].Receiver < t.out.FieldRefs[b].Receiver })
	for _, fn := range r.functions {
		if name := ExportedName(fn, r.src); name != "" {
			if _, seen := t.out.Functions[name]; !seen {
				t.out.Functions[name] = t.local(Target{Text: name}, fn)
			}
		}
	}
	return t.out
}

type tableBuilder struct {
	r         *Resolver
	lines     *source.Lines
	file      string
	root      *sitter.Node
	dependsOn func(string) bool
	// workspace reads the workspace's other packages as sources (RouteTableIn).
	workspace *WorkspaceModules
	out       FileRoutes
	receivers map[string]*sitter.Node // the first node of each receiver registered on
	// passedParams are the parameters the file's calls pass on (see passes).
	passedParams []*sitter.Node
}

func (t *tableBuilder) place(n *sitter.Node) Place {
	s, e := int(n.StartByte()), int(n.EndByte())
	return Place{
		Span:  Span{Start: n.StartByte(), End: n.EndByte()},
		UTF8:  source.Range{Start: t.lines.Position(s, source.UTF8), End: t.lines.Position(e, source.UTF8)},
		UTF16: source.Range{Start: t.lines.Position(s, source.UTF16), End: t.lines.Position(e, source.UTF16)},
	}
}

// registration adds the route or mounts of one call, when it registers on an Express
// app, router or route (`router.route('/x').get(h)`), or on a receiver the file
// cannot see that the resolver takes for an app (unseenApp).
func (t *tableBuilder) registration(call *sitter.Node) {
	r := t.r
	fn, args := syntax.Field(call, syntax.FieldFunction), syntax.Field(call, syntax.FieldArguments)
	if fn == nil || args == nil {
		return
	}
	if syntax.Kind(fn) == syntax.SubscriptExpression {
		t.computedRegistration(call, fn, args)
		return
	}
	if syntax.Kind(fn) != syntax.MemberExpression {
		return
	}
	method := syntax.Text(syntax.Field(fn, syntax.FieldProperty), r.src)
	if !routeMethods["express.app"][method] {
		return
	}
	base, routePath := t.receiverOf(syntax.Field(fn, syntax.FieldObject))
	if method == "get" && routePath == nil && args.NamedChildCount() == 1 {
		// app.get(name) with one argument reads a setting (on a NestJS app, a provider
		// of its container): a route method takes a handler after its path.
		return
	}
	callee := r.Value(fn)
	if routePath != nil {
		// A route chain: what counts is the app or router route() was called on.
		callee = r.Value(base).Member("route")
		callee.Type, callee.Path = "route", method
	}
	receiver := t.ownerName(base) // routetable_owners.go
	if _, seen := t.receivers[receiver]; !seen {
		t.receivers[receiver] = base
	}
	tentative := false
	switch {
	case callee.Kind == Instance && callee.Module == "express" && callee.Path == method && routeMethods["express."+callee.Type][method]:
		t.out.Apps[receiver] = true
	case (callee.Kind == None || callee.Kind == Local) && r.unseenApp(fn):
		tentative = !t.certainOnUnseen(args) && !t.handedApp(base)
	default:
		return
	}
	var skip uint // a route chain's methods take no path: route() had it
	if routePath == nil {
		if skip = r.pathArgCount(method, args); skip == 1 {
			routePath = syntax.Unwrap(args.NamedChild(0))
		}
	}
	route := Route{Method: httpMethod(method), Receiver: receiver, At: t.place(call), Tentative: tentative}
	if routePath != nil {
		route.Path, route.Paths = r.pathText(routePath), r.pathChoices(routePath)
	} else {
		route.Paths = []string{""}
	}
	var targets []Target
	mounted := false
	flat := flatArgs(args, skip)
	addMount := func(m Mount) {
		m.Receiver, m.At, m.Middleware = receiver, route.At, append([]Target(nil), targets...)
		m.Method, m.Tentative = route.Method, tentative
		for _, path := range route.Paths {
			m.Path = path
			if method == "use" {
				m.Prefix = path
			}
			t.out.Mounts = append(t.out.Mounts, m)
		}
	}
	for k, arg := range flat {
		if m, ok := t.mountArg(method, arg, k == len(flat)-1); ok {
			addMount(m)
			mounted = true
			continue
		}
		if method == "use" {
			if m, ok := t.paramMount(arg); ok {
				addMount(m) // and a use row, for a caller that hands no router
			}
		}
		targets = append(targets, t.target(arg))
	}
	if mounted || len(targets) == 0 {
		return
	}
	route.Middleware, route.Handler = targets[:len(targets)-1], targets[len(targets)-1]
	t.out.Routes = append(t.out.Routes, route)
}

// certainOnUnseen: a call on a receiver the file cannot see is surely an Express
// registration when it is given a handler-shaped function (as unseenAppRoute
// decides) or a value of the express module (express.static(…), a router).
func (t *tableBuilder) certainOnUnseen(args *sitter.Node) bool {
	for _, arg := range flatArgs(args, pathArgs(args, t.r.src)) {
		if t.r.handlerShaped(arg) || t.r.expressValued(arg) {
			return true
		}
	}
	return false
}

// handedApp: a receiver the file cannot see whose name says it is an Express app or
// router (app, router, adminRouter) is taken for one in a package that depends on
// express when it is a property of what the function is given or holds (`args.app`,
// `this.router`) or a name destructured from it (`({ app }) => app.all(…)`), as
// plugin hooks hand it over. A plain parameter named app is not enough: it counts
// when a call hands it an app (Pass).
func (t *tableBuilder) handedApp(base *sitter.Node) bool {
	var last string
	switch syntax.Kind(base) {
	case syntax.MemberExpression:
		last = syntax.Text(syntax.Field(base, syntax.FieldProperty), t.r.src)
	case syntax.Identifier:
		last = syntax.Text(base, t.r.src)
		if _, b := t.r.binding(last, base.StartByte()); b == nil || b.kind != bindValue {
			return false // a parameter, or a variable with an initializer
		}
	default:
		return false
	}
	return last == "app" || last == "router" || strings.HasSuffix(last, "Router")
}

// mountArg recognises a registration argument that is a router: for a use, any
// mountOf; for a route method, a router of this file; and, as the last argument, a
// router a factory makes (a call before the last is middleware: `cache('5
// minutes')`, and a module's plain export in a route method stays a handler).
func (t *tableBuilder) mountArg(method string, arg *sitter.Node, last bool) (Mount, bool) {
	if m, ok := t.mountOf(arg); ok && (method == "use" || m.Router != "" && last) {
		return m, true
	}
	if !last {
		return Mount{}, false
	}
	return t.factoryMount(arg)
}

// receiverOf walks a route chain down to the app or router it starts from:
// `router.route('/x').get(a).post(b)` is registered on router, at the route's path
// (nil when obj is no route chain).
func (t *tableBuilder) receiverOf(obj *sitter.Node) (*sitter.Node, *sitter.Node) {
	var routePath *sitter.Node
	for obj != nil && syntax.Kind(obj) == syntax.CallExpression {
		f := syntax.Field(obj, syntax.FieldFunction)
		if f == nil || syntax.Kind(f) != syntax.MemberExpression {
			break
		}
		prop := syntax.Text(syntax.Field(f, syntax.FieldProperty), t.r.src)
		if prop == "route" {
			if a := syntax.Field(obj, syntax.FieldArguments); a != nil && a.NamedChildCount() > 0 {
				routePath = syntax.Unwrap(a.NamedChild(0))
			}
		} else if !routeMethods["express.route"][prop] {
			break
		}
		obj = syntax.Field(f, syntax.FieldObject)
	}
	return obj, routePath
}

// flatArgs are the arguments after the path, with arrays flattened as Express does.
func flatArgs(args *sitter.Node, skip uint) []*sitter.Node {
	var out []*sitter.Node
	var add func(n *sitter.Node)
	add = func(n *sitter.Node) {
		n = syntax.Unwrap(n)
		if syntax.Kind(n) == syntax.Array {
			for i := uint(0); i < n.NamedChildCount(); i++ {
				add(n.NamedChild(i))
			}
			return
		}
		if n != nil && syntax.Kind(n) != syntax.Comment {
			out = append(out, n)
		}
	}
	for i := skip; i < args.NamedChildCount(); i++ {
		add(args.NamedChild(i))
	}
	return out
}

// mountOf recognises a use argument that is a router: an Express router or app of
// this file, or what another file of the package exports (`require('./routes/users')`,
// `import users from './routes/users'`, `import { users } from './routes'`). Whether
// that file exports a router is known only when the package's tables are joined; a
// dependency's export (compression, helmet) is middleware.
func (t *tableBuilder) mountOf(arg *sitter.Node) (Mount, bool) {
	v := t.r.Value(arg)
	switch v.Kind {
	case Instance:
		if v.Module == "express" && (v.Type == "router" || v.Type == "app") && v.Path == "" && syntax.Kind(arg) == syntax.Identifier {
			return Mount{Router: t.ownerName(arg)}, true
		}
	case Module, Member:
		if !importedModule(v.Module) {
			return Mount{}, false
		}
		key, ok := t.moduleKey(v.Module)
		if !ok {
			return Mount{}, false
		}
		name := exportName(v)
		target := Target{Text: shortText(arg, t.r.src), Module: v.Module, Name: name, Key: key}
		return Mount{Module: v.Module, Name: name, Key: key, Target: target}, true
	}
	return Mount{}, false
}

// target describes one function argument of a registration.
func (t *tableBuilder) target(arg *sitter.Node) Target {
	r := t.r
	out := Target{Text: shortText(arg, r.src)}
	if syntax.Kind(arg) == syntax.CallExpression {
		fn, inner := syntax.Field(arg, syntax.FieldFunction), syntax.Field(arg, syntax.FieldArguments)
		if r.isWrapper(fn) && inner != nil && inner.NamedChildCount() > 0 {
			wrapped := t.target(syntax.Unwrap(inner.NamedChild(0)))
			wrapped.Text, wrapped.Wrapper = out.Text, syntax.Text(fn, r.src)
			return wrapped
		}
	}
	if fn := r.FunctionOf(arg); fn != nil {
		return t.local(out, fn)
	}
	if ref, ok := r.routeRefOf(arg, "express", false); ok {
		out.Module, out.Name = ref.Module, ref.Name
		out.Key, _ = t.moduleKey(ref.Module)
		if ref.Wrapped {
			out.Wrapper = t.moduleWrapper(arg)
		}
	}
	return out
}

// local fills in a function of this file.
func (t *tableBuilder) local(out Target, fn *sitter.Node) Target {
	out.Local, out.At, out.Async = true, t.place(fn), syntax.IsAsync(fn)
	if h := t.r.Handler(fn); h != nil {
		out.Managed = h.Managed
	}
	return out
}

// moduleWrapper names the function applied to the whole module a handler is taken
// from: `wrapController` of `const features = wrapController(raw)`.
func (t *tableBuilder) moduleWrapper(arg *sitter.Node) string {
	n := arg
	if syntax.Kind(n) == syntax.CallExpression {
		if f := syntax.Field(n, syntax.FieldFunction); syntax.Kind(f) == syntax.MemberExpression {
			n = f
			if syntax.Text(syntax.Field(f, syntax.FieldProperty), t.r.src) == "bind" {
				n = syntax.Field(f, syntax.FieldObject)
			}
		}
	}
	if syntax.Kind(n) == syntax.MemberExpression {
		obj := syntax.Field(n, syntax.FieldObject)
		if syntax.Kind(obj) == syntax.Identifier {
			obj = t.r.Initializer(obj)
		}
		if obj = syntax.Unwrap(obj); syntax.Kind(obj) == syntax.CallExpression {
			return syntax.Text(syntax.Field(obj, syntax.FieldFunction), t.r.src)
		}
	}
	return "a wrapper of its module"
}

// exports records which receivers the file exports: `module.exports = router`,
// `module.exports = { users, admin: adminRouter }`, `exports.users = router`,
// `export default router` and `export const router = Router()`.
func (t *tableBuilder) exports(root *sitter.Node) {
	src := t.r.src
	for i := uint(0); i < root.NamedChildCount(); i++ {
		stmt := root.NamedChild(i)
		switch syntax.Kind(stmt) {
		case syntax.ExpressionStatement:
			e := syntax.Unwrap(stmt.NamedChild(0))
			if syntax.Kind(e) != syntax.AssignmentExpression {
				continue
			}
			left, right := syntax.Text(syntax.Field(e, syntax.FieldLeft), src), syntax.Unwrap(syntax.Field(e, syntax.FieldRight))
			// exports = module.exports = router
			for syntax.Kind(right) == syntax.AssignmentExpression {
				right = syntax.Unwrap(syntax.Field(right, syntax.FieldRight))
			}
			switch {
			case left == "module.exports" || left == "exports":
				t.exportValue("default", right)
				if syntax.Kind(right) == syntax.Object {
					t.exportObject(right)
				}
			case strings.HasPrefix(left, "module.exports."):
				t.exportValue(strings.TrimPrefix(left, "module.exports."), right)
			case strings.HasPrefix(left, "exports."):
				t.exportValue(strings.TrimPrefix(left, "exports."), right)
			}
		case syntax.ExportStatement:
			if syntax.Field(stmt, syntax.FieldSource) != nil {
				t.exportFrom(stmt)
				continue
			}
			if v := syntax.Field(stmt, syntax.FieldValue); v != nil {
				t.exportValue("default", syntax.Unwrap(v))
				continue
			}
			decl := syntax.Field(stmt, syntax.FieldDeclaration)
			if decl == nil {
				t.exportClause(stmt) // export { users, list as index }
				continue
			}
			if syntax.IsFunction(decl) {
				// export function createRouter(deps) {…}; export default function (app) {…}
				name := syntax.Text(syntax.Field(decl, syntax.FieldName), src)
				if isDefaultExport(stmt) || name == "" {
					name = "default"
				}
				t.exportFunction(name, decl)
				t.keyedExport(name, decl)
				continue
			}
			if syntax.Kind(decl) != syntax.LexicalDeclaration && syntax.Kind(decl) != syntax.VariableDeclaration {
				continue
			}
			for j := uint(0); j < decl.NamedChildCount(); j++ {
				if d := decl.NamedChild(j); syntax.Kind(d) == syntax.VariableDeclarator {
					if name := syntax.Field(d, syntax.FieldName); syntax.Kind(name) == syntax.Identifier {
						t.exportValue(syntax.Text(name, src), name)
					}
				}
			}
		}
	}
}

func (t *tableBuilder) exportObject(obj *sitter.Node) {
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		switch p := obj.NamedChild(i); syntax.Kind(p) {
		case syntax.ShorthandPropertyIdentifier:
			name := syntax.Text(p, t.r.src)
			t.routeListExport(name, p)
			if t.isRouter(p) {
				t.out.Exports[name] = name
			} else if fn := t.r.Value(p); fn.Kind == Function && fn.Node != nil {
				t.exportFunction(name, fn.Node) // module.exports = { users }: its parameters
			} else if v := t.r.Lookup(name, p.StartByte()); v.fromImport() {
				if key, ok := t.moduleKey(v.Module); ok && !strings.Contains(v.Path, ".") {
					of := v.Path
					if v.Kind == Module {
						of = "default"
					}
					t.out.ReExports[name] = ReExport{Key: key, Name: of}
				}
			}
		case syntax.Pair:
			if key, ok := propertyKey(syntax.Field(p, syntax.FieldKey), t.r.src); ok {
				t.exportValue(key, syntax.Unwrap(syntax.Field(p, syntax.FieldValue)))
			}
		}
	}
}

// exportValue records export name when value names an Express router or app, or
// another module of the package (an index passing it on).
func (t *tableBuilder) exportValue(name string, value *sitter.Node) {
	t.keyedExport(name, value)
	t.routeListExport(name, value)
	t.recordObjectKeys(name, value)
	if syntax.Kind(value) == syntax.Identifier && t.isRouter(value) {
		t.out.Exports[name] = t.ownerName(value)
		return
	}
	if fn := t.r.FunctionOf(value); fn != nil {
		t.exportFunction(name, fn)
		return
	}
	t.reExportOf(name, value)
}

func (t *tableBuilder) isRouter(id *sitter.Node) bool {
	v := t.r.Lookup(syntax.Text(id, t.r.src), id.StartByte())
	return v.Kind == Instance && v.Module == "express" && (v.Type == "router" || v.Type == "app") && v.Path == ""
}

// isDefaultExport: `export default …`.
func isDefaultExport(stmt *sitter.Node) bool {
	for i := uint(0); i < stmt.ChildCount(); i++ {
		if syntax.Kind(stmt.Child(i)) == syntax.KeywordDefault {
			return true
		}
	}
	return false
}

// httpMethod is the method a registration answers, as HTTP names it.
func httpMethod(method string) string {
	if method == "del" {
		return "DELETE"
	}
	return strings.ToUpper(method)
}

// shortText is an argument as a reader would name it: a function's name, "inline"
// for an anonymous one, else its source on one line, cut at 60 characters.
func shortText(n *sitter.Node, src []byte) string {
	if syntax.IsFunction(n) {
		if name := syntax.Field(n, syntax.FieldName); name != nil {
			return syntax.Text(name, src)
		}
		return "inline"
	}
	s := strings.Join(strings.Fields(syntax.Text(n, src)), " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}

// FullRoute is a route of the package with its full path: the prefixes of the mounts
// above its receiver joined to its path, across files.
type FullRoute struct {
	File string
	Route
	// FullPath is one path the route answers once mounted ("/api/users/:id").
	FullPath string
	// Middleware is what runs before the handler: the mounts' middleware, outermost
	// first, then the route's own.
	Middleware []Target
	// HandlerFile is the file that defines the handler ("" when unknown); Handler is
	// Route.Handler, filled in from that file when another module defines it.
	HandlerFile string
}

// routeOwner is one receiver of one file of the package.
type routeOwner struct {
	file     int
	receiver string
}

// mountEdge says that owner child is mounted at prefix on parent.
type mountEdge struct {
	parent     routeOwner
	prefix     string
	middleware []Target
}

// prefixed is one way a receiver is reached: the full prefix and the middleware on
// the way.
type prefixed struct {
	prefix     string
	middleware []Target
	// rooted: the way starts at an app or router a file makes (FileRoutes.Apps),
	// which a tentative registration needs.
	rooted bool
}

// maxPrefixes bounds the ways one receiver is reached (a router mounted at many
// places of many mounted routers).
const maxPrefixes = 64

// JoinRoutes joins the route tables of one package's files: each route once per
// path it answers and per mount that reaches its receiver, with the full path, in
// file and source order. A mount of another file's router follows that file's export
// (ModuleKey and OwnModuleKeys, as the package's facts key modules); a mount of a
// module that exports no router is a use of what it exports (middleware).
func JoinRoutes(files []FileRoutes) []FullRoute {
	byKey := map[string][]int{}
	for i, f := range files {
		for _, k := range OwnModuleKeys(f.File) {
			byKey[k] = append(byKey[k], i)
		}
	}
	files = withOptionPaths(files, byKey)
	files = withImportedDefaults(files, byKey)
	parents := map[routeOwner][]mountEdge{}
	var uses []FullRoute // mounts of modules that export no router
	for i, f := range files {
		for _, m := range f.Mounts {
			edge := mountEdge{parent: routeOwner{i, m.Receiver}, prefix: m.Prefix, middleware: m.Middleware}
			if m.Method != "" && m.Method != "USE" {
				// app.get('/version', router) is itself a route: GET /version runs the
				// router, whose own routes are joined at no prefix.
				uses = append(uses, FullRoute{File: f.File, Route: Route{Method: m.Method, Path: m.Path, Paths: []string{m.Path},
					Receiver: m.Receiver, Middleware: m.Middleware, Handler: m.Target, At: m.At, Tentative: m.Tentative}})
			}
			if m.Router != "" {
				parents[routeOwner{i, m.Router}] = append(parents[routeOwner{i, m.Router}], edge)
				continue
			}
			found := false
			exportedBy(files, byKey, m.Key, m.Name, func(j int, name string) bool {
				held := files[j].Exports
				if m.Call {
					held = files[j].Returns
				}
				recv, ok := held[name]
				if ok && j != i {
					parents[routeOwner{j, recv}] = append(parents[routeOwner{j, recv}], edge)
					found = true
				}
				return ok
			})
			if !found && (m.Method == "" || m.Method == "USE") {
				uses = append(uses, FullRoute{File: f.File, Route: Route{Method: "USE", Path: m.Path, Paths: []string{m.Path},
					Receiver: m.Receiver, Middleware: m.Middleware, Handler: m.Target, At: m.At, Tentative: m.Tentative}})
			}
		}
		for _, ref := range f.FieldRefs {
			edge := mountEdge{}
			exportedBy(files, byKey, ref.Key, ref.Name, func(j int, name string) bool {
				recv, ok := files[j].Fields[name+"."+ref.Field]
				if ok && j != i {
					edge.parent = routeOwner{j, recv}
					parents[routeOwner{i, ref.Receiver}] = append(parents[routeOwner{i, ref.Receiver}], edge)
				}
				return ok
			})
		}
		for _, p := range f.Passes {
			if p.Factory != nil {
				continue // no receiver of this file: see handedRouters
			}
			edge := mountEdge{parent: routeOwner{i, p.Receiver}}
			handTo := func(j int, name string) bool {
				if p.Prop != "" {
					recv, ok := files[j].OptionReceivers[name+"."+p.Prop]
					if child := (routeOwner{j, recv}); ok && child != edge.parent {
						parents[child] = append(parents[child], edge)
					}
					return ok
				}
				params, ok := files[j].Params[name]
				if ok && p.Arg < len(params) && params[p.Arg] != "" {
					if child := (routeOwner{j, params[p.Arg]}); child != edge.parent {
						parents[child] = append(parents[child], edge)
					}
				}
				return ok
			}
			switch {
			case p.Method:
				for j := range files {
					handTo(j, p.Name)
				}
			case p.Key == "":
				handTo(i, p.Name)
			default:
				exportedBy(files, byKey, p.Key, p.Name, handTo)
			}
		}
	}
	handedRouters(files, byKey, parents) // routetable_handed.go
	var prefixesOf func(o routeOwner, seen map[routeOwner]bool) []prefixed
	prefixesOf = func(o routeOwner, seen map[routeOwner]bool) []prefixed {
		edges := parents[o]
		if len(edges) == 0 || seen[o] {
			return []prefixed{{rooted: files[o.file].Apps[o.receiver]}}
		}
		seen[o] = true
		defer delete(seen, o)
		var out []prefixed
		// The same prefix and middleware reached twice (a mount in each branch of an
		// if/else, an app handed to a function from two places) is one way.
		ways := map[string]int{}
		for _, e := range edges {
			for _, p := range prefixesOf(e.parent, seen) {
				mw := append(append([]Target(nil), p.middleware...), e.middleware...)
				way := prefixed{prefix: JoinPath(p.prefix, e.prefix), middleware: mw, rooted: p.rooted}
				key := way.prefix + "\x00" + targetTexts(mw)
				if k, dup := ways[key]; dup {
					out[k].rooted = out[k].rooted || way.rooted
					continue
				}
				ways[key] = len(out)
				out = append(out, way)
				if len(out) >= maxPrefixes {
					return out
				}
			}
		}
		return out
	}
	classes := joinClassRoutes(files, byKey, parents)
	var out []FullRoute
	// add lists route r of file i, registered on owner.
	add := func(owner routeOwner, i int, r Route, handlerIn int) {
		handler, handlerFile := resolveTarget(files, byKey, handlerIn, r.Handler)
		r.Handler = handler
		for _, p := range prefixesOf(owner, map[routeOwner]bool{}) {
			if r.Tentative && !p.rooted {
				continue
			}
			for _, path := range r.Paths {
				out = append(out, FullRoute{File: files[i].File, Route: r, FullPath: JoinPath(p.prefix, path),
					Middleware: append(append([]Target(nil), p.middleware...), r.Middleware...), HandlerFile: handlerFile})
			}
		}
	}
	for i, f := range files {
		for k, r := range f.Routes {
			if !classes.listedPerCall[[2]int{i, k}] {
				join := joinKeyed
				if r.Elements != nil {
					join = joinElements
				}
				rows, handlerIn := join(files, byKey, i, r)
				for n, row := range rows {
					add(routeOwner{i, r.Receiver}, i, row, handlerIn[n])
				}
			}
		}
	}
	for _, o := range classes.routes {
		add(o.owner, o.file, o.route, o.file)
	}
	for _, u := range uses {
		for i, f := range files {
			if f.File == u.File {
				add(routeOwner{i, u.Route.Receiver}, i, u.Route, i)
				break
			}
		}
	}
	out = append(out, joinManaged(files)...)
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].File != out[b].File {
			return out[a].File < out[b].File
		}
		if out[a].At.Start != out[b].At.Start {
			return out[a].At.Start < out[b].At.Start
		}
		return out[a].At.End < out[b].At.End // in a route chain, the inner call first
	})
	return out
}

// targetTexts are the targets' texts on one line.
func targetTexts(ts []Target) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.Text)
		b.WriteByte(0)
	}
	return b.String()
}

// resolveTarget finds the function a target of file i names: in file i itself, or in
// the file of the package its module key names, by the name that module exports it by.
func resolveTarget(files []FileRoutes, byKey map[string][]int, i int, t Target) (Target, string) {
	if t.Local {
		return t, files[i].File
	}
	if t.Key == "" {
		return t, ""
	}
	out, file := t, ""
	exportedBy(files, byKey, t.Key, t.Name, func(j int, name string) bool {
		fn, ok := files[j].Functions[name]
		if ok && file == "" {
			fn.Text, fn.Module, fn.Name, fn.Key, fn.Wrapper = t.Text, t.Module, t.Name, t.Key, t.Wrapper
			out, file = fn, files[j].File
		}
		return ok
	})
	return out, file
}

// JoinPath joins a mount prefix and a path as Express matches them: "/api" and
// "/users" give "/api/users", "/api" and "/" give "/api"; with no prefix, a missing
// path is "/".
func JoinPath(prefix, path string) string {
	if strings.HasPrefix(path, "{") {
		// A computed part may bring its own slash: joined as it is.
		return strings.TrimSuffix(prefix, "/") + path
	}
	switch {
	case prefix == "" || prefix == "/":
		if path == "" {
			return "/"
		}
		if !strings.HasPrefix(path, "/") {
			return "/" + path
		}
		return path
	case path == "" || path == "/":
		return prefix
	}
	return strings.TrimSuffix(prefix, "/") + "/" + strings.TrimPrefix(path, "/")
}
