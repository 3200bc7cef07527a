package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// How apps and routers travel between functions and files, for the route table:
//
//   - A factory returns one: `module.exports = function (env) { const api =
//     express.Router(); api.get(…); return api }`, mounted as
//     `app.use('/api', require('./api')(env))` or through a variable holding that
//     call. The mount joins the receiver the factory returns (FileRoutes.Returns).
//   - A function is handed one: `routes(app, db)` with `module.exports = (app, db) =>
//     { app.get('/login', …) }`. The call is recorded (Pass) and the parameter's
//     registrations are joined below the argument, at no prefix (Params).
//
//   - An object holds one: `this.app = express()` in a constructor (FieldRef, below).
//
// A registration on a receiver the file cannot see (a parameter, an object's
// property) is certain when it is given a handler-shaped function or a value of the
// express module (express.static(…), a router), or when a hook hands the app over by
// name (handedApp); otherwise it is kept only if some call of the package hands that
// parameter an Express app or router, or a class makes it one (Route.Tentative).

// Pass is a call that hands an app or router of this file (Receiver) to a function
// as its argument Arg: a function of this file (Key "", Name its name), an export of
// another module of the package (Key, Name), or a method nodecoach cannot resolve,
// matched by its name across the package (Method). Factory is set instead of
// Receiver when what is handed is the router a factory call returns
// (routetable_handed.go).
type Pass struct {
	Receiver  string
	Key, Name string
	Method    bool
	Arg       int
	Factory   *Mount
	// Prop: what is handed is the property Prop of the object literal given as
	// argument Arg, `new Collection({ app, colName })` (routetable_optionpaths.go).
	Prop string
}

// localKey is the Params key of a function of the file by its own name; an
// export's key is its export name.
func localKey(name string) string { return "#" + name }

// returnedReceiver is the Express app or router a function of this file returns by
// name (`return api`), "" when it returns none.
func (t *tableBuilder) returnedReceiver(fn *sitter.Node) string {
	body := syntax.Field(fn, syntax.FieldBody)
	if body == nil {
		return ""
	}
	if e := syntax.Unwrap(body); syntax.Kind(e) == syntax.Identifier && t.isRouter(e) {
		return t.ownerName(e)
	}
	found := ""
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		for i := uint(0); i < n.NamedChildCount() && found == ""; i++ {
			c := n.NamedChild(i)
			switch {
			case syntax.IsFunction(c) || syntax.Kind(c) == syntax.ClassDeclaration || syntax.Kind(c) == syntax.Class:
				continue // its returns are its own
			case syntax.Kind(c) == syntax.ReturnStatement:
				if id := syntax.Unwrap(c.NamedChild(0)); syntax.Kind(id) == syntax.Identifier && t.isRouter(id) {
					found = t.ownerName(id)
				}
			default:
				walk(c)
			}
		}
	}
	walk(body)
	return found
}

// exportFunction records an exported function: the router it returns, and its
// parameters (for the calls that hand it an app).
func (t *tableBuilder) exportFunction(name string, fn *sitter.Node) {
	if recv := t.returnedReceiver(fn); recv != "" {
		t.out.Returns[name] = recv
	}
	t.recordPathFunction(name, fn)
	t.routeFactoryExport(name, fn)
	t.recordOptionParts(name, fn)
	if ps := ownerParams(fn, t.r.src); ps != nil {
		t.out.Params[name] = ps
	}
}

// paramNames are a function's parameter names ("" for a pattern), nil without any.
func paramNames(fn *sitter.Node, src []byte) []string {
	var out []string
	named := false
	for _, p := range syntax.Params(fn) {
		name := ""
		if id := paramIdentifier(p); id != nil {
			name, named = syntax.Text(id, src), true
		}
		out = append(out, name)
	}
	if !named {
		return nil
	}
	return out
}

// factoryMount recognises a router argument made by a factory call: the call itself
// or a variable holding it. A function of this file mounts the receiver it returns;
// another module's export is joined with the receiver that export returns.
func (t *tableBuilder) factoryMount(arg *sitter.Node) (Mount, bool) {
	call := arg
	if syntax.Kind(call) == syntax.Identifier {
		call = syntax.Unwrap(t.r.Initializer(call))
	}
	if syntax.Kind(call) == syntax.AwaitExpression {
		call = syntax.Unwrap(call.NamedChild(0))
	}
	if syntax.Kind(call) != syntax.CallExpression {
		return Mount{}, false
	}
	callee := syntax.Field(call, syntax.FieldFunction)
	if callee == nil || t.r.isWrapper(callee) {
		return Mount{}, false
	}
	v := t.r.Value(callee)
	switch {
	case v.Kind == Function && v.Node != nil:
		if recv := t.returnedReceiver(v.Node); recv != "" {
			if handed := t.handedBack(call, v.Node, recv); handed != "" {
				return Mount{Router: handed}, true
			}
			return Mount{Router: recv}, true
		}
	case v.fromImport():
		key, ok := t.moduleKey(v.Module)
		if !ok {
			return Mount{}, false
		}
		return Mount{Module: v.Module, Name: exportName(v), Key: key, Call: true, Target: t.target(arg)}, true
	}
	return Mount{}, false
}

// handedBack is the receiver a call hands a function of this file that returns its
// own parameter recv (`function items(r) { r.get(…); return r }`): mounting
// `items(api)` mounts api itself, which the routes on r reach through the call.
// "" when recv is no parameter or the argument no receiver of this file.
func (t *tableBuilder) handedBack(call, fn *sitter.Node, recv string) string {
	args := syntax.Field(call, syntax.FieldArguments)
	for i, p := range ownerParams(fn, t.r.src) {
		if p != recv || args == nil || uint(i) >= args.NamedChildCount() {
			continue
		}
		if arg := syntax.Unwrap(args.NamedChild(uint(i))); syntax.Kind(arg) == syntax.Identifier {
			return t.ownerName(arg)
		}
	}
	return ""
}

// exportName is the export of another module an import value names: "default" for
// the module itself, else the last member of its path (`require('./api').create`).
func exportName(v Value) string {
	if v.Kind != Member {
		return "default"
	}
	return v.Path[strings.LastIndexByte(v.Path, '.')+1:]
}

// passes records the calls of the file that hand an Express app or router, or a
// parameter that may hold one, to a function of the package.
func (t *tableBuilder) passes() {
	r := t.r
	for _, call := range r.collected[syntax.CallExpression] {
		args := syntax.Field(call, syntax.FieldArguments)
		callee := syntax.Field(call, syntax.FieldFunction)
		if args == nil || callee == nil || syntax.Kind(callee) == syntax.Import {
			continue
		}
		for i := uint(0); i < args.NamedChildCount(); i++ {
			arg := syntax.Unwrap(args.NamedChild(i))
			if syntax.Kind(arg) != syntax.Identifier {
				continue
			}
			name := syntax.Text(arg, r.src)
			_, b := r.binding(name, arg.StartByte())
			if b == nil {
				continue
			}
			param := b.kind == bindParam
			app := false
			if !param {
				v := r.Lookup(name, arg.StartByte())
				app = v.Kind == Instance && v.Module == "express" && (v.Type == "router" || v.Type == "app") && v.Path == ""
			}
			var made *Mount
			if !app && !param {
				m, ok := t.factoryMount(arg) // const api = require('./api')(env)
				if !ok || syntax.Kind(syntax.Field(call, syntax.FieldFunction)) == syntax.MemberExpression {
					continue
				}
				made = &m
			}
			p := Pass{Receiver: t.ownerName(arg), Arg: int(i), Factory: made}
			switch {
			case made != nil:
				p.Receiver = ""
			case app:
				t.out.Apps[p.Receiver] = true
			default:
				t.passedParams = append(t.passedParams, arg)
			}
			v := r.Value(callee)
			switch {
			case v.Kind == Function && v.Node != nil:
				p.Name = localKey(syntax.FunctionName(v.Node, r.src))
				if p.Name == localKey("") {
					continue
				}
			case v.fromImport():
				key, ok := t.moduleKey(v.Module)
				if !ok {
					continue
				}
				p.Key, p.Name = key, exportName(v)
			case (v.Kind == None || v.Kind == Local) && syntax.Kind(callee) == syntax.MemberExpression:
				// nodeHelper.setExpressApp(app): a method of an object nodecoach
				// cannot follow, matched by name; only an app certain here is passed.
				if !app && !t.out.Apps[p.Receiver] {
					continue
				}
				p.Method, p.Name = true, localKey(syntax.Text(syntax.Field(callee, syntax.FieldProperty), r.src))
			default:
				continue
			}
			t.out.Passes = append(t.out.Passes, p)
		}
	}
}

// localParams records, by their own names, the parameters of the file's named
// functions and methods whose parameter is registered on or passed on, for the calls
// of this file and the methods matched by name.
func (t *tableBuilder) localParams() {
	r := t.r
	record := func(n *sitter.Node) {
		if syntax.Kind(n) != syntax.Identifier {
			return
		}
		_, b := r.binding(syntax.Text(n, r.src), n.StartByte())
		if b == nil || b.kind != bindParam {
			return
		}
		if name := syntax.FunctionName(b.fn, r.src); name != "" {
			if _, done := t.out.Params[localKey(name)]; !done {
				t.out.Params[localKey(name)] = ownerParams(b.fn, r.src)
			}
		}
	}
	for _, n := range t.receivers {
		record(n)
	}
	for _, n := range t.passedParams {
		record(n)
	}
}

// expressValued: a registration argument is a value of the express module
// (express.static(…), express.json()) or an Express router or app.
func (r *Resolver) expressValued(arg *sitter.Node) bool {
	v := r.Value(arg)
	if syntax.Kind(arg) == syntax.CallExpression && v.Kind == None {
		v = r.Value(syntax.Field(arg, syntax.FieldFunction))
	}
	switch v.Kind {
	case Member:
		return v.Module == "express" // express.static('public'), express.json()
	case Instance:
		// a router or app, not the request or response a handler holds
		return v.Module == "express" && (v.Type == "app" || v.Type == "router") && v.Path == ""
	}
	return false
}

// An app an object holds: `this.app = express()` in a class makes `this.app` an app
// of each instance. In the class's file, registrations on `this.app` are on it
// (FileRoutes.Fields); in another file, a property of an instance of that class is
// that app: `const app = server.app` with `server` made by `new UptimeServer()` or
// by a static call on the imported class (`UptimeServer.getInstance()`), the usual
// singleton (FieldRef).

// FieldRef says that Receiver of this file is the property Field of an instance of
// the class another module (Key) exports as Name.
type FieldRef struct {
	Receiver, Key, Name, Field string
}

// classFields records `this.X = express()` (or a Router) in a class's constructor.
func (t *tableBuilder) classFields() {
	for _, fn := range t.r.functions {
		if syntax.Kind(fn) == syntax.MethodDefinition && syntax.FunctionName(fn, t.r.src) == "constructor" {
			if body := syntax.Field(fn, syntax.FieldBody); body != nil {
				t.fieldAssignments(body)
			}
		}
	}
}

// fieldAssignments walks a constructor's statements, not the functions inside.
func (t *tableBuilder) fieldAssignments(n *sitter.Node) {
	r := t.r
	for i := uint(0); i < n.NamedChildCount(); i++ {
		a := n.NamedChild(i)
		if syntax.IsFunction(a) {
			continue
		}
		if syntax.Kind(a) != syntax.AssignmentExpression {
			t.fieldAssignments(a)
			continue
		}
		left := syntax.Field(a, syntax.FieldLeft)
		if syntax.Kind(left) != syntax.MemberExpression || syntax.Kind(syntax.Field(left, syntax.FieldObject)) != syntax.This {
			continue
		}
		if v := r.Value(syntax.Field(a, syntax.FieldRight)); v.Kind != Instance || v.Module != "express" || (v.Type != "app" && v.Type != "router") || v.Path != "" {
			continue
		}
		class := enclosingClass(a)
		if class == nil {
			continue
		}
		recv := syntax.Text(left, r.src)
		field := syntax.Text(syntax.Field(left, syntax.FieldProperty), r.src)
		t.out.Apps[recv] = true
		name := syntax.Text(syntax.Field(class, syntax.FieldName), r.src)
		if name != "" {
			t.out.Fields[name+"."+field] = recv
		}
		if p := class.Parent(); p != nil && syntax.Kind(p) == syntax.ExportStatement && isDefaultExport(p) {
			t.out.Fields["default."+field] = recv
		}
	}
}

func enclosingClass(n *sitter.Node) *sitter.Node {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if isClass(p) { // routetable_classbase.go
			return p
		}
	}
	return nil
}

// fieldRef recognises a receiver that is a property of an instance of an imported
// class (see above).
func (t *tableBuilder) fieldRef(recv *sitter.Node) (FieldRef, bool) {
	r := t.r
	n := recv
	if syntax.Kind(n) == syntax.Identifier {
		n = syntax.Unwrap(r.Initializer(n))
	}
	if syntax.Kind(n) != syntax.MemberExpression {
		return FieldRef{}, false
	}
	field := syntax.Text(syntax.Field(n, syntax.FieldProperty), r.src)
	obj := syntax.Unwrap(syntax.Field(n, syntax.FieldObject))
	if syntax.Kind(obj) == syntax.Identifier {
		obj = syntax.Unwrap(r.Initializer(obj))
	}
	if syntax.Kind(obj) == syntax.AwaitExpression {
		obj = syntax.Unwrap(obj.NamedChild(0))
	}
	var class *sitter.Node
	switch syntax.Kind(obj) {
	case syntax.NewExpression:
		class = syntax.Field(obj, syntax.FieldConstructor)
	case syntax.CallExpression:
		if f := syntax.Field(obj, syntax.FieldFunction); syntax.Kind(f) == syntax.MemberExpression {
			class = syntax.Field(f, syntax.FieldObject) // a static call on the class
		}
	}
	if class == nil {
		return FieldRef{}, false
	}
	v := r.Value(class)
	if !v.fromImport() {
		return FieldRef{}, false
	}
	key, ok := t.moduleKey(v.Module)
	if !ok {
		return FieldRef{}, false
	}
	return FieldRef{Receiver: t.ownerName(recv), Key: key, Name: exportName(v), Field: field}, true
}
