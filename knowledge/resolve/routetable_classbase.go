package resolve

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Registrations through a base class's methods. A base controller registers for
// every subclass: `route(options) { this.app[options.method](options.path, …) }`,
// helpers such as `get(path, h) { this.route({ method: 'get', path, handler: h }) }`,
// `use(path, router) { this.app.use(path, router) }`, and a getter `get router() {
// return this.app }`. A subclass calls `this.route({ method: 'get', path: '/:id' })`
// or `this.get('/x', h)`, and another mounts an instance with `this.use('/health', new
// HealthCheckController(…).router)`.
//
// The rule: a registration whose method, path or mounted router comes from a
// parameter of a class method (the parameter itself or a property of it) is a
// template (RouteTemplate). Each call of that method through `this.` with literal
// arguments, in the class or in a class that extends it (across files: the package's
// class hierarchy, ClassRoutes.Extends), instantiates it: a row at the base class's
// registration with the call's method and path, on the calling instance's receiver
// (its `this.app`), or a mount of the instance the argument makes (`new C(…).router`,
// where the getter returns the registering receiver). An argument that is no literal
// leaves that part as the template shows it, in braces. Once some call instantiates a
// template, its own row is not listed: it is the same registration, listed per call.
// A file's instances are keyed by the receiver (`this.app`) in the class's file, so two
// classes of one file that both register on `this.app` share their routes.

// ClassRoutes is what a file's classes say of registrations made through a base
// class's methods (see above).
type ClassRoutes struct {
	// Names maps the names another module reaches a class by (its name, "default")
	// to the class's name.
	Names map[string]string
	// Extends maps a class to the class it extends: Key "" for one of this file.
	Extends map[string]ClassRef
	// Getters maps "Class.getter" to the receiver the getter returns (`this.app`).
	Getters   map[string]string
	Templates []RouteTemplate
	Calls     []TemplateCall
	// Mounts are registrations of this file whose last argument is an instance's
	// getter (`app.use('/', new IndexRouter(…).router)`), by their Routes index.
	Mounts []InstanceMount
}

// ClassRef names a class: a module's export (Key, Name) or, with Key "", a class of
// the same file by its name.
type ClassRef struct{ Key, Name string }

// ArgValue is what an argument gives a parameter: a literal string (Known, Lit), an
// object literal's properties, the caller's own parameter (Param ≥ 0, and Prop when
// it is a property of it), or an instance's getter (New). Param is -1 otherwise.
// Shown is how a path shows any other expression (`{prefix}/:field`).
type ArgValue struct {
	Lit   string
	Known bool
	Shown string
	Props map[string]ArgValue
	Param int
	Prop  string
	New   *InstanceRef
}

// InstanceRef is `new C(…).getter`.
type InstanceRef struct {
	Class  ClassRef
	Getter string
}

var unknownArg = ArgValue{Param: -1}

// RouteTemplate is a registration made by a class method from its parameters: the
// row Route of the file's Routes; MethodOf, PathOf and RouterOf say where its method,
// path and mounted router come from (Param -1 and not Known: as the row shows them).
type RouteTemplate struct {
	Class, Method              string
	Route                      int
	Receiver                   string
	MethodOf, PathOf, RouterOf ArgValue
}

// TemplateCall is `this.method(args)` in a class of this file, for a method the class
// does not define itself.
type TemplateCall struct {
	Class, Method string
	Args          []ArgValue
}

// InstanceMount is a registration (Routes[Route]) that mounts an instance's getter.
type InstanceMount struct {
	Route    int
	Instance InstanceRef
}

// isClass: n is a class, declared (abstract or not) or an expression.
func isClass(n *sitter.Node) bool {
	switch syntax.Kind(n) {
	case syntax.ClassDeclaration, syntax.Class, syntax.AbstractClassDeclaration:
		return true
	}
	return false
}

// classRoutes fills in FileRoutes.Classes once the file's routes are known.
func (t *tableBuilder) classRoutes(root *sitter.Node) {
	r := t.r
	c := ClassRoutes{Names: map[string]string{}, Extends: map[string]ClassRef{}, Getters: map[string]string{}}
	// The classes are those with methods, found from the file's functions without
	// walking its tree again, and those declared at the top level (a class without
	// methods may still sit between a subclass and its base).
	var classes []*sitter.Node
	seen := map[uintptr]bool{}
	addClass := func(class *sitter.Node) {
		if class != nil && !seen[class.Id()] {
			seen[class.Id()] = true
			classes = append(classes, class)
		}
	}
	for _, fn := range r.functions {
		if syntax.Kind(fn) == syntax.MethodDefinition {
			addClass(enclosingClass(fn))
		}
	}
	for i := uint(0); i < root.NamedChildCount(); i++ {
		s := root.NamedChild(i)
		if syntax.Kind(s) == syntax.ExportStatement {
			s = syntax.Field(s, syntax.FieldDeclaration)
		}
		if isClass(s) {
			addClass(s)
		}
	}
	defined := map[string]map[string]bool{} // class → its methods
	for _, class := range classes {
		name := syntax.Text(syntax.Field(class, syntax.FieldName), r.src)
		if name == "" {
			continue
		}
		c.Names[name] = name
		if p := class.Parent(); p != nil && syntax.Kind(p) == syntax.ExportStatement && isDefaultExport(p) {
			c.Names["default"] = name
		}
		if base, ok := t.extendsOf(class); ok {
			c.Extends[name] = base
		}
		defined[name] = map[string]bool{}
		for _, m := range classMethods(class) {
			mname := syntax.FunctionName(m, r.src)
			defined[name][mname] = true
			if isGetter(m) {
				if recv := returnedThisField(m, r.src); recv != "" {
					c.Getters[name+"."+mname] = recv
				}
			}
		}
	}
	// export default IndexRouter, module.exports = Controller, after the class
	for i := uint(0); i < root.NamedChildCount(); i++ {
		var v *sitter.Node
		switch s := root.NamedChild(i); syntax.Kind(s) {
		case syntax.ExportStatement:
			if isDefaultExport(s) {
				v = syntax.Field(s, syntax.FieldValue)
			}
		case syntax.ExpressionStatement:
			if e := syntax.Unwrap(s.NamedChild(0)); syntax.Kind(e) == syntax.AssignmentExpression {
				if left := syntax.Text(syntax.Field(e, syntax.FieldLeft), r.src); left == "module.exports" || left == "exports" {
					v = syntax.Field(e, syntax.FieldRight)
				}
			}
		}
		if v = syntax.Unwrap(v); syntax.Kind(v) == syntax.Identifier && defined[syntax.Text(v, r.src)] != nil {
			c.Names["default"] = syntax.Text(v, r.src)
		}
	}
	byStart := map[uint]int{}
	for k, route := range t.out.Routes {
		if _, dup := byStart[route.At.Start]; !dup {
			byStart[route.At.Start] = k
		}
	}
	// Only registrations and calls on this are looked at, and only inside a class is
	// the enclosing method looked for.
	var thisCalls []*sitter.Node
	for _, call := range r.collected[syntax.CallExpression] {
		k, isRoute := byStart[call.StartByte()]
		if !isRoute && len(classes) == 0 {
			continue
		}
		var method, class *sitter.Node
		if len(classes) > 0 {
			method, class = enclosingMethod(call)
		}
		if !isRoute {
			if method == nil {
				continue
			}
			if f := syntax.Field(call, syntax.FieldFunction); syntax.Kind(f) != syntax.MemberExpression || syntax.Kind(syntax.Field(f, syntax.FieldObject)) != syntax.This {
				continue
			}
		}
		switch {
		case isRoute:
			if method != nil {
				if tpl, ok := t.templateOf(call, method, k); ok {
					tpl.Class = syntax.Text(syntax.Field(class, syntax.FieldName), r.src)
					c.Templates = append(c.Templates, tpl)
				}
			}
			if m, ok := t.instanceMount(call, k); ok {
				c.Mounts = append(c.Mounts, m)
			}
		case method != nil:
			thisCalls = append(thisCalls, call)
		}
	}
	// A helper of the same class that calls a template with its own parameters is a
	// template too (get(path, h) calling this.route({ method: 'get', path })); a
	// few rounds reach helpers of helpers.
	for round := 0; round < 3; round++ {
		grew := false
		for _, call := range thisCalls {
			method, class := enclosingMethod(call)
			cname := syntax.Text(syntax.Field(class, syntax.FieldName), r.src)
			mname := syntax.FunctionName(method, r.src)
			called := syntax.Text(syntax.Field(syntax.Field(call, syntax.FieldFunction), syntax.FieldProperty), r.src)
			args := t.argValues(call, method)
			for _, tpl := range c.Templates {
				if tpl.Class != cname || tpl.Method != called || tpl.Method == mname {
					continue
				}
				d := tpl
				d.Method = mname
				d.MethodOf, d.PathOf, d.RouterOf = tpl.MethodOf.given(args), tpl.PathOf.given(args), tpl.RouterOf.given(args)
				if !d.fromParams() || hasTemplate(c.Templates, d) {
					continue
				}
				c.Templates, grew = append(c.Templates, d), true
			}
		}
		if !grew {
			break
		}
	}
	for _, call := range thisCalls {
		method, class := enclosingMethod(call)
		cname := syntax.Text(syntax.Field(class, syntax.FieldName), r.src)
		called := syntax.Text(syntax.Field(syntax.Field(call, syntax.FieldFunction), syntax.FieldProperty), r.src)
		if cname == "" || defined[cname][called] {
			continue
		}
		c.Calls = append(c.Calls, TemplateCall{Class: cname, Method: called, Args: t.argValues(call, method)})
	}
	t.out.Classes = c
}

func hasTemplate(ts []RouteTemplate, d RouteTemplate) bool {
	for _, t := range ts {
		if t.Class == d.Class && t.Method == d.Method && t.Route == d.Route {
			return true
		}
	}
	return false
}

// fromParams: some part of the template comes from a parameter.
func (t RouteTemplate) fromParams() bool {
	return t.MethodOf.Param >= 0 || t.PathOf.Param >= 0 || t.RouterOf.Param >= 0
}

// given is the value a template's part takes for a call's arguments: a literal or
// another parameter stays as it is; a parameter (or its property) is the argument.
func (a ArgValue) given(args []ArgValue) ArgValue {
	if a.Param < 0 {
		return a
	}
	if a.Param >= len(args) {
		return unknownArg
	}
	v := args[a.Param]
	if a.Prop == "" {
		return v
	}
	switch {
	case v.Props != nil:
		if p, ok := v.Props[a.Prop]; ok {
			return p
		}
	case v.Param >= 0 && v.Prop == "":
		return ArgValue{Param: v.Param, Prop: a.Prop}
	}
	return unknownArg
}

// enclosingMethod is the class method a node is in (through arrow functions, whose
// `this` is the method's), and its class.
func enclosingMethod(n *sitter.Node) (*sitter.Node, *sitter.Node) {
	for f := syntax.EnclosingFunction(n); f != nil; f = syntax.EnclosingFunction(f) {
		switch syntax.Kind(f) {
		case syntax.ArrowFunction:
			continue
		case syntax.MethodDefinition:
			if class := enclosingClass(f); class != nil {
				return f, class
			}
		}
		return nil, nil
	}
	return nil, nil
}

// classMethods are the method definitions of a class's body.
func classMethods(class *sitter.Node) []*sitter.Node {
	if body := syntax.Field(class, syntax.FieldBody); body != nil {
		return syntax.ChildrenOfKind(body, syntax.MethodDefinition)
	}
	return nil
}

// isGetter: `get router() {…}`.
func isGetter(m *sitter.Node) bool {
	for i := uint(0); i < m.ChildCount(); i++ {
		if c := m.Child(i); !c.IsNamed() && syntax.Kind(c) == syntax.KeywordGet {
			return true
		}
	}
	return false
}

// returnedThisField is `this.app` of a method whose body is `return this.app`.
func returnedThisField(m *sitter.Node, src []byte) string {
	body := syntax.Field(m, syntax.FieldBody)
	if body == nil || body.NamedChildCount() != 1 || syntax.Kind(body.NamedChild(0)) != syntax.ReturnStatement {
		return ""
	}
	e := syntax.Unwrap(body.NamedChild(0).NamedChild(0))
	if syntax.Kind(e) != syntax.MemberExpression || syntax.Kind(syntax.Field(e, syntax.FieldObject)) != syntax.This {
		return ""
	}
	return syntax.Text(e, src)
}

// extendsOf is the class a class extends, when it is an import of the package or a
// class of the file.
func (t *tableBuilder) extendsOf(class *sitter.Node) (ClassRef, bool) {
	var base *sitter.Node
	for i := uint(0); i < class.NamedChildCount(); i++ {
		h := class.NamedChild(i)
		if syntax.Kind(h) != syntax.ClassHeritage {
			continue
		}
		base = h.NamedChild(0)
		if syntax.Kind(base) == syntax.ExtendsClause {
			base = syntax.Field(base, syntax.FieldValue)
		}
	}
	base = syntax.Unwrap(base)
	if syntax.Kind(base) != syntax.Identifier {
		return ClassRef{}, false
	}
	return t.classRef(base)
}

// classRef names the class an identifier stands for.
func (t *tableBuilder) classRef(id *sitter.Node) (ClassRef, bool) {
	v := t.r.Value(id)
	if v.fromImport() {
		if key, ok := t.moduleKey(v.Module); ok {
			return ClassRef{Key: key, Name: exportName(v)}, true
		}
		return ClassRef{}, false
	}
	if v.Kind == None || v.Kind == Local {
		return ClassRef{Name: syntax.Text(id, t.r.src)}, true
	}
	return ClassRef{}, false
}

// templateOf makes the template of the registration call (the file's Routes[k]) in a
// class method, when its method, path or last argument comes from a parameter.
func (t *tableBuilder) templateOf(call, method *sitter.Node, k int) (RouteTemplate, bool) {
	r := t.r
	fn, args := syntax.Field(call, syntax.FieldFunction), syntax.Field(call, syntax.FieldArguments)
	route := t.out.Routes[k]
	tpl := RouteTemplate{Method: syntax.FunctionName(method, r.src), Route: k, Receiver: route.Receiver,
		MethodOf: unknownArg, PathOf: unknownArg, RouterOf: unknownArg}
	if syntax.Kind(fn) == syntax.SubscriptExpression {
		tpl.MethodOf = t.paramPart(syntax.Field(fn, syntax.FieldIndex), method)
	}
	if route.Path != "" && args.NamedChildCount() > 0 {
		tpl.PathOf = t.paramPart(args.NamedChild(0), method)
	}
	if route.Method == "USE" && args.NamedChildCount() > 1 {
		tpl.RouterOf = t.paramPart(args.NamedChild(args.NamedChildCount()-1), method)
		if tpl.RouterOf.Prop != "" {
			tpl.RouterOf = unknownArg
		}
	}
	return tpl, tpl.fromParams()
}

// paramPart is a parameter of method, or a property of one, that n names.
func (t *tableBuilder) paramPart(n, method *sitter.Node) ArgValue {
	n = syntax.Unwrap(n)
	prop := ""
	if syntax.Kind(n) == syntax.MemberExpression {
		prop = syntax.Text(syntax.Field(n, syntax.FieldProperty), t.r.src)
		n = syntax.Unwrap(syntax.Field(n, syntax.FieldObject))
	}
	if syntax.Kind(n) != syntax.Identifier {
		return unknownArg
	}
	_, b := t.r.binding(syntax.Text(n, t.r.src), n.StartByte())
	if b == nil || b.kind != bindParam || b.fn == nil || b.fn.Id() != method.Id() {
		return unknownArg
	}
	return ArgValue{Param: b.index, Prop: prop}
}

// argValues are the values a call's arguments give (see ArgValue).
func (t *tableBuilder) argValues(call, method *sitter.Node) []ArgValue {
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil {
		return nil
	}
	var out []ArgValue
	for i := uint(0); i < args.NamedChildCount(); i++ {
		if a := args.NamedChild(i); syntax.Kind(a) != syntax.Comment {
			out = append(out, t.argValue(a, method, 0))
		}
	}
	return out
}

func (t *tableBuilder) argValue(n, method *sitter.Node, depth int) ArgValue {
	r := t.r
	n = syntax.Unwrap(n)
	switch syntax.Kind(n) {
	case syntax.String:
		if s, ok := syntax.StringValue(n, r.src); ok {
			return ArgValue{Lit: s, Known: true, Param: -1}
		}
	case syntax.TemplateString:
		if n.NamedChildCount() == 0 {
			s := syntax.Text(n, r.src)
			return ArgValue{Lit: s[1 : len(s)-1], Known: true, Param: -1}
		}
	case syntax.Object:
		if depth > 0 {
			return unknownArg
		}
		props := map[string]ArgValue{}
		for i := uint(0); i < n.NamedChildCount(); i++ {
			switch p := n.NamedChild(i); syntax.Kind(p) {
			case syntax.Pair:
				if key, ok := propertyKey(syntax.Field(p, syntax.FieldKey), r.src); ok {
					props[key] = t.argValue(syntax.Field(p, syntax.FieldValue), method, depth+1)
				}
			case syntax.ShorthandPropertyIdentifier:
				props[syntax.Text(p, r.src)] = t.argValue(p, method, depth+1)
			}
		}
		return ArgValue{Props: props, Param: -1}
	case syntax.Identifier, syntax.ShorthandPropertyIdentifier:
		name := syntax.Text(n, r.src)
		if _, b := r.binding(name, n.StartByte()); b != nil && b.kind == bindParam && b.fn != nil && b.fn.Id() == method.Id() {
			return ArgValue{Param: b.index}
		}
		if syntax.Kind(n) == syntax.Identifier {
			if init := syntax.Unwrap(r.Initializer(n)); syntax.Kind(init) == syntax.String {
				return t.argValue(init, method, depth)
			}
		}
	case syntax.MemberExpression:
		if inst, ok := t.instanceGetter(n); ok {
			return ArgValue{New: &inst, Param: -1}
		}
		if p := t.paramPart(n, method); p.Param >= 0 {
			return p
		}
	}
	if n == nil {
		return unknownArg
	}
	return ArgValue{Param: -1, Shown: r.pathText(n)}
}

// instanceGetter recognises `new C(…).getter` with C a class of the package.
func (t *tableBuilder) instanceGetter(n *sitter.Node) (InstanceRef, bool) {
	if syntax.Kind(n) != syntax.MemberExpression {
		return InstanceRef{}, false
	}
	obj := syntax.Unwrap(syntax.Field(n, syntax.FieldObject))
	if syntax.Kind(obj) != syntax.NewExpression {
		return InstanceRef{}, false
	}
	ctor := syntax.Unwrap(syntax.Field(obj, syntax.FieldConstructor))
	if syntax.Kind(ctor) != syntax.Identifier {
		return InstanceRef{}, false
	}
	class, ok := t.classRef(ctor)
	if !ok {
		return InstanceRef{}, false
	}
	return InstanceRef{Class: class, Getter: syntax.Text(syntax.Field(n, syntax.FieldProperty), t.r.src)}, true
}

// instanceMount recognises a use whose last argument is `new C(…).getter`.
func (t *tableBuilder) instanceMount(call *sitter.Node, k int) (InstanceMount, bool) {
	args := syntax.Field(call, syntax.FieldArguments)
	if t.out.Routes[k].Method != "USE" || args == nil || args.NamedChildCount() == 0 {
		return InstanceMount{}, false
	}
	inst, ok := t.instanceGetter(syntax.Unwrap(args.NamedChild(args.NamedChildCount() - 1)))
	if !ok {
		return InstanceMount{}, false
	}
	return InstanceMount{Route: k, Instance: inst}, true
}
