package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The lists of route objects a loop registers (routetable_elements.go), read where
// they are written: an array literal of this file and its items, or another module's
// export, which the join reads from that module's table (RouteLists).

// routeList is the list n names: an array literal, a name bound to one (onto which
// nothing is pushed), or another module's export.
func (t *tableBuilder) routeList(n *sitter.Node, depth int) RouteList {
	r := t.r
	n = syntax.Unwrap(n)
	if n == nil || depth > maxElementDepth {
		return RouteList{Partial: true}
	}
	switch syntax.Kind(n) {
	case syntax.Array:
		var out RouteList
		for i := uint(0); i < n.NamedChildCount(); i++ {
			if c := n.NamedChild(i); syntax.Kind(c) != syntax.Comment {
				out.add(t.listItem(syntax.Unwrap(c), depth))
			}
		}
		return out
	case syntax.Identifier:
		var out RouteList
		if init := syntax.Unwrap(r.Initializer(n)); syntax.Kind(init) == syntax.Array || syntax.Kind(init) == syntax.Identifier {
			out = t.routeList(init, depth+1)
		} else {
			out = t.listRef(n) // an import, or a name bound to a call
		}
		out.Partial = out.Partial || t.changedInPlace(n)
		return out
	case syntax.MemberExpression:
		return t.listRef(n)
	}
	return RouteList{Partial: true}
}

// listItem is one item of an array literal: a route object, or the items a spread
// adds.
func (t *tableBuilder) listItem(n *sitter.Node, depth int) RouteList {
	r := t.r
	switch syntax.Kind(n) {
	case syntax.SpreadElement:
		return t.routeList(n.NamedChild(0), depth+1)
	case syntax.Object:
		e := t.elementOf(n)
		return RouteList{Items: []ListItem{{Element: &e}}}
	case syntax.CallExpression:
		return t.factoryItem(n)
	case syntax.Identifier:
		init := syntax.Unwrap(r.Initializer(n))
		if init == nil {
			return t.listRef(n)
		}
		if k := syntax.Kind(init); k == syntax.Object || k == syntax.CallExpression {
			return t.listItem(init, depth)
		}
	case syntax.MemberExpression:
		return t.listRef(n)
	}
	return RouteList{Partial: true}
}

// listRef refers to the export of another module of the package n names.
func (t *tableBuilder) listRef(n *sitter.Node) RouteList {
	v := t.r.Value(n)
	if !v.fromImport() {
		return RouteList{Partial: true}
	}
	key, ok := t.moduleKey(v.Module)
	if !ok {
		return RouteList{Partial: true}
	}
	return RouteList{Items: []ListItem{{Ref: &ListRef{Key: key, Name: exportName(v)}}}}
}

// changedInPlace: the file calls a method that adds to or removes from the list the
// name holds (`routes.push(more)`), which a literal does not show.
func (t *tableBuilder) changedInPlace(id *sitter.Node) bool {
	name := syntax.Text(id, t.r.src)
	for _, call := range t.r.collected[syntax.CallExpression] {
		switch syntax.MethodName(call, t.r.src) {
		case "push", "unshift", "splice":
			recv := syntax.Unwrap(syntax.Field(syntax.Field(call, syntax.FieldFunction), syntax.FieldObject))
			if syntax.Kind(recv) == syntax.Identifier && syntax.Text(recv, t.r.src) == name {
				return true
			}
		}
	}
	return false
}

// namedNode is a property of a route object and the expression of its value.
type namedNode struct {
	name  string
	value *sitter.Node
}

// elementOf is the route object an object literal is, with the properties of the
// objects it spreads (`...base`, a name bound to an object literal).
func (t *tableBuilder) elementOf(obj *sitter.Node) RouteElement {
	return t.elementOfProps(t.objectProps(obj, 0))
}

// objectProps are the properties of an object literal, those of its spreads first.
func (t *tableBuilder) objectProps(obj *sitter.Node, depth int) []namedNode {
	var out []namedNode
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		p := obj.NamedChild(i)
		if syntax.Kind(p) != syntax.SpreadElement {
			out = append(out, t.objectPropsOf(p)...)
		} else if spread := t.objectLiteral(p.NamedChild(0)); spread != nil && depth < maxElementDepth {
			out = append(out, t.objectProps(spread, depth+1)...)
		}
	}
	return out
}

// objectLiteral is the object literal n is or a name is bound to; nil otherwise.
func (t *tableBuilder) objectLiteral(n *sitter.Node) *sitter.Node {
	n = syntax.Unwrap(n)
	if syntax.Kind(n) == syntax.Identifier {
		n = syntax.Unwrap(t.r.Initializer(n))
	}
	if syntax.Kind(n) != syntax.Object {
		return nil
	}
	return n
}

// elementOfProps reads each property's value: a string (or a constant bound to one),
// an array literal as the functions it lists, and any other expression that is no
// plain literal as the function it names; a later property replaces an earlier one.
func (t *tableBuilder) elementOfProps(props []namedNode) RouteElement {
	src := t.r.src
	e := newRouteElement()
	for _, p := range props {
		v := syntax.Unwrap(p.value)
		e.drop(p.name)
		if s, ok := syntax.StringValue(v, src); ok {
			e.Strings[p.name] = s
			continue
		}
		if syntax.Kind(v) == syntax.Identifier {
			if s, ok := syntax.StringValue(t.r.Initializer(v), src); ok {
				e.Strings[p.name] = s
				continue
			}
		}
		switch syntax.Kind(v) {
		case syntax.Array:
			list := []Target{}
			for _, item := range flatArgs(v, 0) {
				list = append(list, t.target(item))
			}
			e.Lists[p.name] = list
		case syntax.String, syntax.TemplateString, syntax.Number, syntax.True, syntax.False, syntax.Null, syntax.Object, syntax.Undefined:
		default:
			e.Props[p.name] = t.target(v)
		}
	}
	return e
}

// routeLike: an element with a string property that is a method a router registers,
// in any case (an export is recorded as a route object only then).
func routeLike(e RouteElement) bool {
	for _, s := range e.Strings {
		if routeMethods["express.router"][strings.ToLower(s)] {
			return true
		}
	}
	return false
}

// objectPropsOf is the one property p of an object literal (none for a spread).
func (t *tableBuilder) objectPropsOf(p *sitter.Node) []namedNode {
	src := t.r.src
	switch syntax.Kind(p) {
	case syntax.Pair:
		if key, ok := propertyKey(syntax.Field(p, syntax.FieldKey), src); ok {
			return []namedNode{{key, syntax.Unwrap(syntax.Field(p, syntax.FieldValue))}}
		}
	case syntax.ShorthandPropertyIdentifier:
		return []namedNode{{syntax.Text(p, src), p}}
	case syntax.MethodDefinition:
		return []namedNode{{syntax.Text(syntax.Field(p, syntax.FieldName), src), p}}
	}
	return nil
}

// routeListExport records export name when it is a list of route objects, or one
// route object (an object literal, or what a factory of the file makes of one).
func (t *tableBuilder) routeListExport(name string, value *sitter.Node) {
	value = syntax.Unwrap(value)
	if syntax.Kind(value) == syntax.ShorthandPropertyIdentifier { // module.exports = { getPing }
		owner, b := t.r.binding(syntax.Text(value, t.r.src), value.StartByte())
		if b == nil {
			return
		}
		value = owner.initializerOf(b)
	}
	if syntax.Kind(value) == syntax.Identifier {
		if value = syntax.Unwrap(t.r.Initializer(value)); value == nil {
			return
		}
	}
	var list RouteList
	switch syntax.Kind(value) {
	case syntax.Array:
		if !t.mayListRoutes(value) {
			return
		}
		list = t.routeList(value, 0)
	case syntax.Object:
		if !t.mayBeRoute(value) {
			return
		}
		list = t.listItem(value, 0)
	case syntax.CallExpression:
		list = t.listItem(value, 0)
	default:
		return
	}
	for _, item := range list.Items {
		if item.Ref != nil || item.Factory != nil && item.Factory.mayMakeRoute() || item.Element != nil && routeLike(*item.Element) {
			t.out.RouteLists[name] = list
			return
		}
	}
}

// mayBeRoute: an object literal with a property that is a method a router registers,
// or a spread that may bring one. Exported objects are read as route objects (their
// functions described) only then, as most are no routes.
func (t *tableBuilder) mayBeRoute(obj *sitter.Node) bool {
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		p := obj.NamedChild(i)
		switch syntax.Kind(p) {
		case syntax.SpreadElement:
			return true
		case syntax.Pair:
			if s, ok := syntax.StringValue(syntax.Field(p, syntax.FieldValue), t.r.src); ok && routeMethods["express.router"][strings.ToLower(s)] {
				return true
			}
		}
	}
	return false
}

// mayListRoutes: an array literal with an item that may be a route object or bring
// some (a name, a call, a spread, an object that mayBeRoute).
func (t *tableBuilder) mayListRoutes(list *sitter.Node) bool {
	for i := uint(0); i < list.NamedChildCount(); i++ {
		switch item := syntax.Unwrap(list.NamedChild(i)); syntax.Kind(item) {
		case syntax.Identifier, syntax.MemberExpression, syntax.CallExpression, syntax.SpreadElement:
			return true
		case syntax.Object:
			if t.mayBeRoute(item) {
				return true
			}
		}
	}
	return false
}

// joinElements is route r of file i, one route per element of the list it walks,
// reading the lists and objects of other modules from their tables; handlerFile is
// the index of the file whose functions each row's handler is looked up in. A list
// that spreads itself, through other modules' lists, is read as one that cannot be
// read: such a spread runs before the list exists.
func joinElements(files []FileRoutes, byKey map[string][]int, i int, r Route) (rows []Route, handlerFile []int) {
	var elements []placedElement
	partial := false
	type export struct {
		file int
		name string
	}
	walking := map[export]bool{}
	var walk func(file int, list RouteList, depth int)
	walk = func(file int, list RouteList, depth int) {
		partial = partial || list.Partial
		for _, item := range list.Items {
			switch {
			case item.Element != nil:
				elements = append(elements, placedElement{element: item.Element, file: file})
			case item.Factory != nil:
				if made := joinFactory(files, byKey, file, item.Factory); made != nil {
					elements = append(elements, *made)
				} else {
					partial = true
				}
			case item.Ref == nil || depth >= maxElementDepth:
				// an item that holds nothing (a table decoded from other bytes) reads as none
				partial = true
			default:
				found := false
				exportedBy(files, byKey, item.Ref.Key, item.Ref.Name, func(j int, held string) bool {
					l, ok := files[j].RouteLists[held]
					if ok && !found {
						found = true
						if e := (export{j, held}); walking[e] {
							partial = true
						} else {
							walking[e] = true
							walk(j, l, depth+1)
							walking[e] = false
						}
					}
					return ok
				})
				partial = partial || !found
			}
		}
	}
	walk(i, r.Elements.List, 0)
	rows, handlerFile = expandElements(r, r.Elements.Use, elements, partial)
	for k := range handlerFile {
		if handlerFile[k] < 0 {
			handlerFile[k] = i
		}
	}
	return rows, handlerFile
}
