package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Routes declared as an array of route objects and registered in a loop:
//
//	const routes = [{ method: 'get', path: '/a', handler: listA }, ...moreRoutes, getOne]
//	routes.forEach((route) => {
//	  router[route.method](`/v1${route.path}`, route.middleware ?? [], route.handler)
//	})
//
// A registration inside `list.forEach((r) => …)` (or a named function the file passes
// to one forEach), `list.map(…)` or `for (const r of list)` whose method is a property
// of the element (`r.method`, `r['method']`, or a name destructured from it) is one
// route per element of the list whose method (a
// string, any case) and path parts can be read. Each part of the path as written that
// reads a property of the element (`r.path` in a template or a concatenation, or a
// name bound to it) takes the element's string; a part with a default
// (`const version = r.version ?? 'v1'`) takes the default when the element has no such
// property. The handler is the element's property the registration runs last
// (`r.handler`), and middleware the element's property passed before it, one
// middleware per function of an array literal; any other argument is as written.
// The list is an array literal of the file, or a name bound to one; its items are
// object literals, names bound to one, spreads of such lists, a call of a factory
// whose returned object copies the properties of its arguments (one level:
// `make({ method: 'get', path: '/a' })`, or curried, `make(spec)(handler)`;
// routetable_elements_factories.go), and lists, objects and factories other modules of
// the package export, which the join reads from their tables (RouteLists,
// RouteFactories). An item nodecoach cannot read (a call it cannot follow, a spec of
// another package, a `push` onto the list, an element without a method or path) keeps
// the registration's one computed row beside the rows of the elements it can read, as
// for keyed routes (routetable_keys.go). A registration whose method is not the
// element's stays one computed row.

// RouteElement is one route object of a list: its properties that are strings, the
// functions its other properties name, and those of its properties that are array
// literals, each as the functions it lists.
type RouteElement struct {
	Strings map[string]string
	Props   map[string]Target
	Lists   map[string][]Target
	// Ref: the element is another module's exported route object, a factory's
	// argument named by an import (`make(getFeatureValidator)`), read at the join.
	Ref *ListRef
}

func newRouteElement() RouteElement {
	return RouteElement{Strings: map[string]string{}, Props: map[string]Target{}, Lists: map[string][]Target{}}
}

// drop removes what e holds under property name, which a later value replaces.
func (e *RouteElement) drop(name string) {
	delete(e.Strings, name)
	delete(e.Props, name)
	delete(e.Lists, name)
}

// ListRef is an export of another module (Key, Name) that is a route list or a route
// object.
type ListRef struct {
	Key, Name string
}

// ListItem is one item of a route list: an element of this file, a reference, or a
// call of another module's factory.
type ListItem struct {
	Element *RouteElement
	Ref     *ListRef
	Factory *FactoryCall
}

// RouteList is a list of route objects; Partial when it has items nodecoach cannot
// read.
type RouteList struct {
	Items   []ListItem
	Partial bool
}

func (l *RouteList) add(more RouteList) {
	l.Items = append(l.Items, more.Items...)
	l.Partial = l.Partial || more.Partial
}

// ElementPart is a part of a path as the table shows it (Shown: "{route.path}",
// "{version:v1}") that reads the element's property Prop, with its default.
type ElementPart struct {
	Shown, Prop, Default string
	HasDefault           bool
}

// ElementArg is a middleware argument of the registration: the element's property
// Prop, or, when Prop is "", the argument as written (Fixed).
type ElementArg struct {
	Prop  string
	Fixed Target
}

// ElementUse is how a registration reads each element of the list it walks: the
// property that is its method, the path's parts, the property it runs last ("" for
// the handler as written) and its middleware.
type ElementUse struct {
	Method     string
	Parts      []ElementPart
	Handler    string
	Middleware []ElementArg
}

// ElementRoutes is a registration over a list that holds other modules' lists or
// objects: the join expands it.
type ElementRoutes struct {
	Use  ElementUse
	List RouteList
}

// maxElementDepth bounds how far lists are followed (spreads, names, modules).
const maxElementDepth = 4

// elementRows turns the route just added for a computed registration into one route
// per element of the list it walks, when its method is the element's (see above).
func (t *tableBuilder) elementRows(call, fn, args *sitter.Node) {
	r := t.r
	pattern, walked := r.elementLoop(call)
	if pattern == nil {
		return
	}
	er := elementReader{r: r, names: map[string]ElementPart{}}
	if !er.bind(pattern) {
		return
	}
	methodProp, ok := er.read(syntax.Field(fn, syntax.FieldIndex), 0)
	if !ok || methodProp.HasDefault {
		return
	}
	placeholder := t.out.Routes[len(t.out.Routes)-1]
	if len(placeholder.Paths) != 1 {
		return
	}
	use := ElementUse{Method: methodProp.Prop}
	skip := r.pathArgCount("get", args) // as addRow reads the registration
	if skip == 1 {
		use.Parts = er.parts(syntax.Unwrap(args.NamedChild(0)), 0, nil)
	}
	flat := flatArgs(args, skip)
	for k, arg := range flat {
		if k == len(flat)-1 {
			if p, ok := er.read(arg, 0); ok && !p.HasDefault {
				use.Handler = p.Prop
			}
			continue
		}
		if p, ok := er.middleware(arg); ok {
			use.Middleware = append(use.Middleware, ElementArg{Prop: p})
		} else {
			use.Middleware = append(use.Middleware, ElementArg{Fixed: t.target(arg)})
		}
	}
	list := t.routeList(walked, 0)
	if len(list.Items) == 0 {
		return
	}
	for _, item := range list.Items {
		if item.Element == nil {
			placeholder.Elements = &ElementRoutes{Use: use, List: list}
			t.out.Routes[len(t.out.Routes)-1] = placeholder
			return
		}
	}
	elements := make([]placedElement, len(list.Items))
	for k, item := range list.Items {
		elements[k] = placedElement{element: item.Element}
	}
	rows, _ := expandElements(placeholder, use, elements, list.Partial)
	t.out.Routes = append(t.out.Routes[:len(t.out.Routes)-1], rows...)
}

// elementLoop finds, around call, the callback of a forEach or map, or the for…of
// loop, that walks a list: its element's pattern and the list. A named function of the
// file is such a callback when the file passes it to one forEach or map alone
// (`routes.forEach(register)`).
func (r *Resolver) elementLoop(call *sitter.Node) (pattern, walked *sitter.Node) {
	src := r.src
	for p := syntax.Parent(call); p != nil; p = syntax.Parent(p) {
		switch {
		case syntax.Kind(p) == syntax.ForInStatement:
			if syntax.Text(syntax.Field(p, syntax.FieldOperator), src) == "of" {
				return syntax.Field(p, syntax.FieldLeft), syntax.Field(p, syntax.FieldRight)
			}
		case syntax.IsFunction(p):
			loop := callOf(p)
			if loop == nil {
				loop = r.onlyLoopOver(p)
			}
			if loop == nil {
				return nil, nil
			}
			if m := syntax.MethodName(loop, src); m != "forEach" && m != "map" {
				return nil, nil
			}
			params := syntax.Params(p)
			if len(params) == 0 {
				return nil, nil
			}
			return params[0], syntax.Field(syntax.Field(loop, syntax.FieldFunction), syntax.FieldObject)
		}
	}
	return nil, nil
}

// onlyLoopOver is the one forEach or map call of the file that is passed fn by name,
// nil when there is none or more than one.
func (r *Resolver) onlyLoopOver(fn *sitter.Node) *sitter.Node {
	var found *sitter.Node
	for _, c := range r.collected[syntax.CallExpression] {
		if m := syntax.MethodName(c, r.src); m != "forEach" && m != "map" {
			continue
		}
		args := syntax.Field(c, syntax.FieldArguments)
		if args == nil || args.NamedChildCount() == 0 {
			continue
		}
		arg := syntax.Unwrap(args.NamedChild(0))
		if syntax.Kind(arg) != syntax.Identifier {
			continue
		}
		if v := r.Value(arg); v.Kind == Function && v.Node != nil && v.Node.Id() == fn.Id() {
			if found != nil {
				return nil
			}
			found = c
		}
	}
	return found
}

// elementReader tells which expressions of a loop's body read a property of the
// element: through its name (v), or a name destructured from it (names).
type elementReader struct {
	r     *Resolver
	v     string
	names map[string]ElementPart
}

// bind reads the loop's pattern: a name, or an object pattern whose names (with
// their defaults) are properties of the element.
func (e *elementReader) bind(p *sitter.Node) bool {
	src := e.r.src
	p = syntax.Unwrap(p)
	if f := syntax.Field(p, syntax.FieldPattern); f != nil {
		p = f // a TypeScript parameter
	}
	switch syntax.Kind(p) {
	case syntax.Identifier:
		e.v = syntax.Text(p, src)
		return true
	case syntax.ObjectPattern:
		patternProps(p, src, func(prop, name string, def *sitter.Node) {
			part := ElementPart{Prop: prop}
			if def != nil { // { version = 'v1' }
				part.Default, part.HasDefault = syntax.StringValue(def, src)
			}
			e.names[name] = part
		})
		return len(e.names) > 0
	}
	return false
}

// patternProps calls each for every name an object pattern destructures from a
// property: the property (`{ path }`, `{ path: p }`), the name, and the default an
// `=` gives it (`{ version = 'v1' }`; nil for none). Nested patterns and computed keys
// are left out.
func patternProps(p *sitter.Node, src []byte, each func(prop, name string, def *sitter.Node)) {
	for i := uint(0); i < p.NamedChildCount(); i++ {
		c := p.NamedChild(i)
		switch syntax.Kind(c) {
		case syntax.ShorthandPropertyIdentifierPattern:
			each(syntax.Text(c, src), syntax.Text(c, src), nil)
		case syntax.ObjectAssignmentPattern:
			name := syntax.Text(syntax.Field(c, syntax.FieldLeft), src)
			each(name, name, syntax.Field(c, syntax.FieldRight))
		case syntax.PairPattern:
			key, ok := propertyKey(syntax.Field(c, syntax.FieldKey), src)
			if value := syntax.Field(c, syntax.FieldValue); ok && syntax.Kind(value) == syntax.Identifier {
				each(key, syntax.Text(value, src), nil)
			}
		}
	}
}

// read is the property of the element n reads, with the string default a `??` or
// `||` gives it: `r.path`, `r['path']`, a destructured name, or a name bound to one
// of these (`const version = r.version ?? 'v1'`, `const { method } = r`).
func (e *elementReader) read(n *sitter.Node, depth int) (ElementPart, bool) {
	r := e.r
	n = syntax.Unwrap(n)
	if n == nil || depth > 3 {
		return ElementPart{}, false
	}
	switch syntax.Kind(n) {
	case syntax.MemberExpression, syntax.SubscriptExpression:
		obj := syntax.Unwrap(syntax.Field(n, syntax.FieldObject))
		if e.v == "" || syntax.Kind(obj) != syntax.Identifier || syntax.Text(obj, r.src) != e.v {
			return ElementPart{}, false
		}
		if syntax.Kind(n) == syntax.MemberExpression {
			return ElementPart{Prop: syntax.Text(syntax.Field(n, syntax.FieldProperty), r.src)}, true
		}
		prop, ok := syntax.StringValue(syntax.Field(n, syntax.FieldIndex), r.src)
		return ElementPart{Prop: prop}, ok
	case syntax.BinaryExpression:
		if op := syntax.Text(syntax.Field(n, syntax.FieldOperator), r.src); op != "??" && op != "||" {
			return ElementPart{}, false
		}
		def, ok := syntax.StringValue(syntax.Field(n, syntax.FieldRight), r.src)
		if !ok {
			return ElementPart{}, false
		}
		p, ok := e.read(syntax.Field(n, syntax.FieldLeft), depth+1)
		if !ok || p.HasDefault {
			return ElementPart{}, false
		}
		p.Default, p.HasDefault = def, true
		return p, true
	case syntax.Identifier:
		name := syntax.Text(n, r.src)
		if p, ok := e.names[name]; ok {
			return p, true
		}
		if init := r.Initializer(n); init != nil {
			return e.read(init, depth+1)
		}
		// const { method, path } = r
		if _, b := r.binding(name, n.StartByte()); b != nil && b.kind == bindInit && len(b.path) == 1 &&
			syntax.Kind(b.init) == syntax.Identifier && e.v != "" && syntax.Text(b.init, r.src) == e.v {
			return ElementPart{Prop: b.path[0]}, true
		}
	}
	return ElementPart{}, false
}

// parts are the parts of a path expression that read the element, each with the
// text the table shows for it, following what pathText follows: templates,
// concatenations and names bound to them.
func (e *elementReader) parts(n *sitter.Node, depth int, out []ElementPart) []ElementPart {
	n = syntax.Unwrap(n)
	if n == nil || depth > maxPathTextDepth {
		return out
	}
	if p, ok := e.read(n, 0); ok {
		p.Shown = e.r.pathText(n)
		return append(out, p)
	}
	switch syntax.Kind(n) {
	case syntax.TemplateString:
		for i := uint(0); i < n.NamedChildCount(); i++ {
			if c := n.NamedChild(i); syntax.Kind(c) == syntax.TemplateSubstitution {
				out = e.parts(c.NamedChild(0), depth+1, out)
			}
		}
	case syntax.BinaryExpression:
		if concatenation(n, e.r.src) {
			out = e.parts(syntax.Field(n, syntax.FieldLeft), depth+1, out)
			out = e.parts(syntax.Field(n, syntax.FieldRight), depth+1, out)
		}
	case syntax.Identifier:
		init := syntax.Unwrap(e.r.Initializer(n))
		if k := syntax.Kind(init); k == syntax.TemplateString || concatenation(init, e.r.src) {
			out = e.parts(init, depth+1, out)
		}
	}
	return out
}

// middleware is the element's property a middleware argument passes: `r.middleware`,
// `r.middleware ?? []`, or either spread.
func (e *elementReader) middleware(arg *sitter.Node) (string, bool) {
	arg = syntax.Unwrap(arg)
	if syntax.Kind(arg) == syntax.SpreadElement {
		arg = syntax.Unwrap(arg.NamedChild(0))
	}
	if syntax.Kind(arg) == syntax.BinaryExpression {
		op := syntax.Text(syntax.Field(arg, syntax.FieldOperator), e.r.src)
		if right := syntax.Unwrap(syntax.Field(arg, syntax.FieldRight)); (op == "??" || op == "||") && syntax.Kind(right) == syntax.Array && right.NamedChildCount() == 0 {
			arg = syntax.Field(arg, syntax.FieldLeft)
		}
	}
	p, ok := e.read(arg, 0)
	return p.Prop, ok && !p.HasDefault
}

// placedElement is an element and the index of the file whose table holds it; a
// factory's object holds its own properties (own) in the factory's file.
type placedElement struct {
	element     *RouteElement
	file        int
	factoryFile int
	own         map[string]bool
}

// expandElements is one route per element in the shape of placeholder, read as use
// says, and the placeholder itself when some items cannot be read; handlerFile is
// the file each row's handler is looked up in (the placeholder's, -1, when the
// handler is as written).
func expandElements(placeholder Route, use ElementUse, elements []placedElement, partial bool) (rows []Route, handlerFile []int) {
	placeholder.Elements = nil
	for _, pe := range elements {
		e := pe.element
		if e == nil {
			partial = true
			continue
		}
		method := strings.ToLower(e.Strings[use.Method])
		path, ok := elementPath(placeholder.Path, use.Parts, e)
		if !ok || !routeMethods["express.router"][method] {
			partial = true
			continue
		}
		row := placeholder
		row.Method, row.Path, row.Paths = httpMethod(method), path, []string{path}
		from := -1
		if h, ok := e.Props[use.Handler]; ok && use.Handler != "" {
			row.Handler, from = h, pe.file
			if pe.own[use.Handler] {
				from = pe.factoryFile
			}
		}
		row.Middleware = nil
		for _, m := range use.Middleware {
			switch {
			case m.Prop == "":
				row.Middleware = append(row.Middleware, m.Fixed)
			case e.Lists[m.Prop] != nil:
				row.Middleware = append(row.Middleware, e.Lists[m.Prop]...)
			default:
				if t, ok := e.Props[m.Prop]; ok {
					row.Middleware = append(row.Middleware, t)
				}
			}
		}
		rows = append(rows, row)
		handlerFile = append(handlerFile, from)
	}
	if partial || len(rows) == 0 {
		rows = append(rows, placeholder)
		handlerFile = append(handlerFile, -1)
	}
	return rows, handlerFile
}

// elementPath is the path as written with each part that reads the element replaced
// by the element's string, or the part's default; false when neither is there.
func elementPath(written string, parts []ElementPart, e *RouteElement) (string, bool) {
	for _, p := range parts {
		v, ok := e.Strings[p.Prop]
		if !ok {
			if !p.HasDefault {
				return "", false
			}
			v = p.Default
		}
		written = strings.ReplaceAll(written, p.Shown, v)
	}
	return written, true
}
