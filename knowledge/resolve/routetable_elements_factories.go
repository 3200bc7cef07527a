package resolve

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Route objects a factory makes (routetable_elements.go): `make({ method: 'get', path:
// '/a' })`, or curried, `make(spec)(handler)`, where make returns an object literal
// (or a name bound to one), or a function that returns one, whose properties copy
// the arguments: a parameter (`handler`), a property of one (`spec.method`, a name
// destructured from it in the parameter list or the body), or all of one (`...spec`).
// The factory is read once into a RouteFactory, one level deep (what it calls is not
// followed), and each call gives it its arguments; a factory another module of the
// package exports is read there and applied when the tables are joined.

// FactoryRef is a property of a factory's object (Name; "" for a spread) copied from
// argument Arg of call Call (0 the factory's, 1 the curried one's): its property Prop,
// or the argument itself ("").
type FactoryRef struct {
	Name, Prop string
	Call, Arg  int
}

// RouteFactory is what a factory's object holds: its own properties (Fixed) and those
// it copies from the arguments (Refs), after Calls calls (1, or 2 curried).
type RouteFactory struct {
	Calls int
	Fixed RouteElement
	Refs  []FactoryRef
}

// FactoryCall is an item of a route list that calls a factory another module exports
// (Ref), with each call's arguments read as route objects (an object literal by its
// properties, any other argument under "").
type FactoryCall struct {
	Ref  ListRef
	Args [][]RouteElement
}

// factoryItem is the route object a call of a factory makes: read now when the
// factory is the file's, referred to when another module of the package exports it.
func (t *tableBuilder) factoryItem(call *sitter.Node) RouteList {
	calls := []*sitter.Node{call}
	if inner := syntax.Unwrap(syntax.Field(call, syntax.FieldFunction)); syntax.Kind(inner) == syntax.CallExpression {
		calls = []*sitter.Node{inner, call}
	}
	// The callee first: the arguments are read only of a call that may make a route.
	callee := syntax.Field(calls[0], syntax.FieldFunction)
	if v := t.r.Value(callee); v.Kind == Function && v.Node != nil {
		if f, ok := t.routeFactory(v.Node); ok && f.Calls == len(calls) {
			e, _ := f.apply(t.callArgs(calls))
			return RouteList{Items: []ListItem{{Element: &e}}}
		}
		return RouteList{Partial: true}
	}
	ref := t.listRef(callee)
	if len(ref.Items) == 0 {
		return ref
	}
	return RouteList{Items: []ListItem{{Factory: &FactoryCall{Ref: *ref.Items[0].Ref, Args: t.callArgs(calls)}}}}
}

// callArgs are the arguments of each call, read as route objects.
func (t *tableBuilder) callArgs(calls []*sitter.Node) [][]RouteElement {
	args := make([][]RouteElement, len(calls))
	for k, c := range calls {
		list := syntax.Field(c, syntax.FieldArguments)
		for i := uint(0); list != nil && i < list.NamedChildCount(); i++ {
			if a := list.NamedChild(i); syntax.Kind(a) != syntax.Comment {
				args[k] = append(args[k], t.argElement(syntax.Unwrap(a)))
			}
		}
	}
	return args
}

// mayMakeRoute: an argument of the call is a route object (routeLike), which an
// export that calls another module's factory needs to be recorded: most such calls
// make no route.
func (c FactoryCall) mayMakeRoute() bool {
	for _, args := range c.Args {
		for _, a := range args {
			if routeLike(a) || a.Ref != nil {
				return true
			}
		}
	}
	return false
}

// argElement is an argument of a factory's call as a route object: an object literal
// (or a name bound to one) by its properties; any other value under "".
func (t *tableBuilder) argElement(n *sitter.Node) RouteElement {
	if obj := t.objectLiteral(n); obj != nil {
		return t.elementOf(obj)
	}
	e := t.elementOfProps([]namedNode{{"", n}})
	if syntax.Kind(n) == syntax.Identifier {
		// A spec another module exports: read there when the tables are joined.
		if ref := t.listRef(n); len(ref.Items) == 1 {
			e.Ref = ref.Items[0].Ref
		}
	}
	return e
}

// routeFactory reads a function as a factory of route objects (see above).
func (t *tableBuilder) routeFactory(fn *sitter.Node) (RouteFactory, bool) {
	params := map[string]FactoryRef{}
	var obj *sitter.Node
	calls := 0
	for level := 0; level < 2 && obj == nil; level++ {
		for k, p := range syntax.Params(fn) {
			t.bindFactoryParam(params, p, level, k)
		}
		values, _ := ownReturns(fn)
		if len(values) != 1 {
			return RouteFactory{}, false
		}
		ret := syntax.Unwrap(values[0])
		if obj = t.objectLiteral(ret); obj == nil {
			if !syntax.IsFunction(ret) {
				return RouteFactory{}, false
			}
			fn = ret
		}
		calls = level + 1
	}
	if obj == nil {
		return RouteFactory{}, false
	}
	f := RouteFactory{Calls: calls}
	var fixed []namedNode
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		p := obj.NamedChild(i)
		if syntax.Kind(p) == syntax.SpreadElement {
			if ref, ok := t.factoryRef(params, p.NamedChild(0)); ok && ref.Prop == "" {
				f.Refs = append(f.Refs, ref)
			}
			continue
		}
		for _, np := range t.objectPropsOf(p) {
			if ref, ok := t.factoryRef(params, np.value); ok {
				ref.Name = np.name
				f.Refs = append(f.Refs, ref)
			} else {
				fixed = append(fixed, np)
			}
		}
	}
	f.Fixed = t.elementOfProps(fixed)
	return f, true
}

// bindFactoryParam records the names parameter k of call level binds: the parameter
// itself, or each name its object pattern destructures.
func (t *tableBuilder) bindFactoryParam(params map[string]FactoryRef, p *sitter.Node, level, k int) {
	src := t.r.src
	switch p = paramPattern(p); syntax.Kind(p) {
	case syntax.Identifier:
		params[syntax.Text(p, src)] = FactoryRef{Call: level, Arg: k}
	case syntax.ObjectPattern:
		patternProps(p, src, func(prop, name string, def *sitter.Node) {
			if def == nil { // a name with a default is not the argument's alone
				params[name] = FactoryRef{Call: level, Arg: k, Prop: prop}
			}
		})
	}
}

// factoryRef is the argument a value of the factory's object copies: a parameter, a
// name destructured from one (in the parameters or by `const { method } = spec`), or
// a property of a parameter (`spec.method`).
func (t *tableBuilder) factoryRef(params map[string]FactoryRef, v *sitter.Node) (FactoryRef, bool) {
	r := t.r
	v = syntax.Unwrap(v)
	switch syntax.Kind(v) {
	case syntax.Identifier, syntax.ShorthandPropertyIdentifier:
		name := syntax.Text(v, r.src)
		owner, b := r.binding(name, v.StartByte())
		if b == nil {
			return FactoryRef{}, false
		}
		if b.kind == bindInit && len(b.path) == 1 && syntax.Kind(b.init) == syntax.Identifier && owner == r {
			// const { method, path } = spec
			if whole, ok := params[syntax.Text(b.init, r.src)]; ok && whole.Prop == "" {
				whole.Prop = b.path[0]
				return whole, true
			}
			return FactoryRef{}, false
		}
		ref, ok := params[name]
		return ref, ok && b.kind != bindInit
	case syntax.MemberExpression:
		obj := syntax.Unwrap(syntax.Field(v, syntax.FieldObject))
		if whole, ok := params[syntax.Text(obj, r.src)]; ok && syntax.Kind(obj) == syntax.Identifier && whole.Prop == "" {
			whole.Prop = syntax.Text(syntax.Field(v, syntax.FieldProperty), r.src)
			return whole, true
		}
	}
	return FactoryRef{}, false
}

// apply is the route object the factory makes of args, and the properties it holds
// of its own (which name functions of the factory's file).
func (f RouteFactory) apply(args [][]RouteElement) (RouteElement, map[string]bool) {
	e := newRouteElement()
	own := map[string]bool{}
	copyProp(&e, f.Fixed, func(name string) (string, bool) { own[name] = true; return name, true })
	for _, ref := range f.Refs {
		if ref.Call >= len(args) || ref.Arg >= len(args[ref.Call]) {
			continue
		}
		a := args[ref.Call][ref.Arg]
		copyProp(&e, a, func(name string) (string, bool) {
			switch {
			case ref.Name == "": // ...spec: each property of the argument's object
				delete(own, name)
				return name, name != ""
			case name == ref.Prop:
				delete(own, ref.Name)
				return ref.Name, true
			}
			return "", false
		})
	}
	return e, own
}

// copyProp copies each property of from that as names into e, under the name it
// gives, replacing what e held there. A property is in one of from's maps
// (elementOfProps keeps the last value of a name).
func copyProp(e *RouteElement, from RouteElement, as func(name string) (string, bool)) {
	for name, s := range from.Strings {
		if to, ok := as(name); ok {
			e.drop(to)
			e.Strings[to] = s
		}
	}
	for name, p := range from.Props {
		if to, ok := as(name); ok {
			e.drop(to)
			e.Props[to] = p
		}
	}
	for name, l := range from.Lists {
		if to, ok := as(name); ok {
			e.drop(to)
			e.Lists[to] = l
		}
	}
}

// routeFactoryExport records export name when it is a factory of route objects that
// copies from its arguments.
func (t *tableBuilder) routeFactoryExport(name string, fn *sitter.Node) {
	if f, ok := t.routeFactory(fn); ok && len(f.Refs) > 0 {
		t.out.RouteFactories[name] = f
	}
}

// joinFactory is the route object an item that calls another module's factory makes,
// placed in file (the call's); nil when no module of the package exports it.
func joinFactory(files []FileRoutes, byKey map[string][]int, file int, call *FactoryCall) *placedElement {
	var out *placedElement
	exportedBy(files, byKey, call.Ref.Key, call.Ref.Name, func(j int, held string) bool {
		f, ok := files[j].RouteFactories[held]
		if ok && out == nil && f.Calls == len(call.Args) {
			e, own := f.apply(importedArgs(files, byKey, call.Args))
			out = &placedElement{element: &e, file: file, factoryFile: j, own: own}
		}
		return ok
	})
	return out
}

// importedArgs are a factory call's arguments with each that names another module's
// route object (RouteElement.Ref) replaced by that object, when a module of the
// package (or of the workspace, RouteTableIn) exports one; its own references are not
// followed further, so no cycle of modules is walked.
func importedArgs(files []FileRoutes, byKey map[string][]int, args [][]RouteElement) [][]RouteElement {
	out := args
	for c, call := range args {
		for a, arg := range call {
			if arg.Ref == nil {
				continue
			}
			exportedBy(files, byKey, arg.Ref.Key, arg.Ref.Name, func(j int, held string) bool {
				l, ok := files[j].RouteLists[held]
				if ok && len(l.Items) == 1 && l.Items[0].Element != nil {
					if &out[0] == &args[0] {
						out = make([][]RouteElement, len(args))
						for k := range args {
							out[k] = append([]RouteElement(nil), args[k]...)
						}
					}
					out[c][a] = *l.Items[0].Element
				}
				return ok
			})
		}
	}
	return out
}
