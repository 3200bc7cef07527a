package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The objects whose "verb path" keys are routes (routetable_keys.go), read where they
// are written: an object literal, what a function returns, or another module's export,
// which the join reads from that module's table (KeyedObjects).

// objectKeys are the keyed routes of the object obj names in this file, or, when it
// is another module's export or what that export returns, a reference to it.
func (t *tableBuilder) objectKeys(obj *sitter.Node) (*KeyedObject, *KeyedRef) {
	r := t.r
	obj = syntax.Unwrap(obj)
	if syntax.Kind(obj) == syntax.Identifier {
		if init := syntax.Unwrap(r.Initializer(obj)); init != nil {
			obj = init
		} else if v := r.Value(obj); v.fromImport() {
			return t.importedKeys(v, false)
		}
	}
	if syntax.Kind(obj) == syntax.AwaitExpression {
		obj = syntax.Unwrap(obj.NamedChild(0))
	}
	switch syntax.Kind(obj) {
	case syntax.Object:
		keys := t.keyedEntries(obj, 0)
		return &keys, nil
	case syntax.CallExpression:
		v := r.Value(syntax.Field(obj, syntax.FieldFunction))
		switch {
		case v.Kind == Function && v.Node != nil:
			keys := t.returnedKeys(v.Node)
			return &keys, nil
		case v.fromImport():
			return t.importedKeys(v, true)
		}
	case syntax.Identifier, syntax.MemberExpression:
		if v := r.Value(obj); v.fromImport() {
			return t.importedKeys(v, false)
		}
	}
	return nil, nil
}

// importedKeys refers to the export v names (Call: to what it returns).
func (t *tableBuilder) importedKeys(v Value, call bool) (*KeyedObject, *KeyedRef) {
	key, ok := t.moduleKey(v.Module)
	if !ok {
		return nil, nil
	}
	return nil, &KeyedRef{Key: key, Name: exportName(v), Call: call}
}

// keyedExport records an export that holds keyed routes: an object literal (under
// name) or a function returning one (under name + "()").
func (t *tableBuilder) keyedExport(name string, value *sitter.Node) {
	if fn := t.r.FunctionOf(value); fn != nil {
		if keys := t.returnedKeys(fn); len(keys.Routes) > 0 {
			t.out.KeyedObjects[name+"()"] = keys
		}
		return
	}
	if syntax.Kind(value) == syntax.Identifier {
		value = syntax.Unwrap(t.r.Initializer(value))
	}
	if syntax.Kind(value) == syntax.Object {
		if keys := t.keyedEntries(value, 0); len(keys.Routes) > 0 {
			t.out.KeyedObjects[name] = keys
		}
	}
}

// returnedKeys are the keyed routes of the objects a function returns: an object
// literal, or a name bound to one, with what `Object.assign(name, …)` adds to it.
func (t *tableBuilder) returnedKeys(fn *sitter.Node) KeyedObject {
	body := syntax.Field(fn, syntax.FieldBody)
	if body == nil {
		return KeyedObject{}
	}
	if e := syntax.Unwrap(body); syntax.Kind(e) == syntax.Object {
		return t.keyedEntries(e, 0)
	}
	var out KeyedObject
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		for i := uint(0); i < n.NamedChildCount(); i++ {
			c := n.NamedChild(i)
			switch {
			case syntax.IsFunction(c) || syntax.Kind(c) == syntax.ClassDeclaration || syntax.Kind(c) == syntax.Class:
				continue // its returns are its own
			case syntax.Kind(c) == syntax.ReturnStatement:
				out.add(t.returnedObjectKeys(fn, syntax.Unwrap(c.NamedChild(0))))
			default:
				walk(c)
			}
		}
	}
	walk(body)
	return out
}

// returnedObjectKeys are the keyed routes of one returned expression of fn.
func (t *tableBuilder) returnedObjectKeys(fn, e *sitter.Node) KeyedObject {
	switch syntax.Kind(e) {
	case syntax.Object:
		return t.keyedEntries(e, 0)
	case syntax.Identifier:
		init := syntax.Unwrap(t.r.Initializer(e))
		if syntax.Kind(init) != syntax.Object {
			return KeyedObject{}
		}
		out := t.keyedEntries(init, 0)
		out.add(t.assignedKeys(fn, syntax.Text(e, t.r.src)))
		return out
	}
	return KeyedObject{}
}

// assignedKeys are the keyed routes `Object.assign(name, a, b)` copies into name
// within fn, from the sources that are object literals or names bound to one.
func (t *tableBuilder) assignedKeys(fn *sitter.Node, name string) KeyedObject {
	r := t.r
	var out KeyedObject
	for _, call := range r.collected[syntax.CallExpression] {
		if call.StartByte() < fn.StartByte() || call.EndByte() > fn.EndByte() {
			continue
		}
		if syntax.Text(syntax.Field(call, syntax.FieldFunction), r.src) != "Object.assign" || r.Bound("Object", call.StartByte()) {
			continue
		}
		args := syntax.Field(call, syntax.FieldArguments)
		if args == nil || args.NamedChildCount() < 2 || syntax.Text(syntax.Unwrap(args.NamedChild(0)), r.src) != name {
			continue
		}
		for i := uint(1); i < args.NamedChildCount(); i++ {
			out.add(t.keyedSource(syntax.Unwrap(args.NamedChild(i)), 0))
		}
	}
	return out
}

// keyedSource are the keyed routes of an object literal or a name bound to one.
func (t *tableBuilder) keyedSource(n *sitter.Node, depth int) KeyedObject {
	if syntax.Kind(n) == syntax.Identifier {
		n = syntax.Unwrap(t.r.Initializer(n))
	}
	if syntax.Kind(n) != syntax.Object {
		return KeyedObject{Partial: true}
	}
	return t.keyedEntries(n, depth+1)
}

// keyedEntries are the keys of an object literal that are a method and a path, each
// with the functions its value names; spreads of literals are followed.
func (t *tableBuilder) keyedEntries(obj *sitter.Node, depth int) KeyedObject {
	if depth > maxKeyedDepth {
		return KeyedObject{Partial: true}
	}
	src := t.r.src
	var out KeyedObject
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		p := obj.NamedChild(i)
		switch syntax.Kind(p) {
		case syntax.SpreadElement:
			out.add(t.keyedSource(syntax.Unwrap(p.NamedChild(0)), depth))
		case syntax.Pair:
			key, ok := propertyKey(syntax.Field(p, syntax.FieldKey), src)
			if !ok {
				out.Partial = true // a computed key
				continue
			}
			method, path, ok := splitRouteKey(key)
			if !ok {
				continue
			}
			out.Routes = append(out.Routes, KeyedRoute{Method: method, Path: path, Props: t.valueTargets(syntax.Unwrap(syntax.Field(p, syntax.FieldValue)))})
		}
	}
	return out
}

// splitRouteKey reads "get /api/ping" as GET and /api/ping: a route method of a router
// (any case), one space, and a path.
func splitRouteKey(key string) (method, path string, ok bool) {
	m, p, found := strings.Cut(key, " ")
	m = strings.ToLower(m)
	if !found || m == "use" || !routeMethods["express.router"][m] || !strings.HasPrefix(p, "/") || strings.ContainsAny(p, " \t\n") {
		return "", "", false
	}
	return httpMethod(m), p, true
}

// valueTargets are the functions a key's value names: each property of an object
// literal that is no plain literal, or the value itself ("").
func (t *tableBuilder) valueTargets(v *sitter.Node) map[string]Target {
	if v == nil {
		return nil
	}
	if syntax.Kind(v) != syntax.Object {
		return map[string]Target{"": t.target(v)}
	}
	out := map[string]Target{}
	for i := uint(0); i < v.NamedChildCount(); i++ {
		p := v.NamedChild(i)
		var name string
		var value *sitter.Node
		switch syntax.Kind(p) {
		case syntax.Pair:
			key, ok := propertyKey(syntax.Field(p, syntax.FieldKey), t.r.src)
			if !ok {
				continue
			}
			name, value = key, syntax.Unwrap(syntax.Field(p, syntax.FieldValue))
		case syntax.ShorthandPropertyIdentifier:
			name, value = syntax.Text(p, t.r.src), p
		case syntax.MethodDefinition:
			name, value = syntax.Text(syntax.Field(p, syntax.FieldName), t.r.src), p
		default:
			continue
		}
		switch syntax.Kind(value) {
		case syntax.String, syntax.Number, syntax.True, syntax.False, syntax.Null, syntax.Array, syntax.Object, syntax.TemplateString:
			continue
		}
		out[name] = t.target(value)
	}
	return out
}

// joinKeyed is route r of file i, or, when it walks the keys of another module's
// object (Route.Keyed), one route per key that module's table holds; handlerFile is
// the index of the file whose functions the handler is looked up in.
func joinKeyed(files []FileRoutes, byKey map[string][]int, i int, r Route) (rows []Route, handlerFile []int) {
	if r.Keyed == nil {
		return []Route{r}, []int{i}
	}
	ref := r.Keyed
	suffix := ""
	if ref.Call {
		suffix = "()"
	}
	exportedBy(files, byKey, ref.Key, ref.Name, func(j int, held string) bool {
		keys, ok := files[j].KeyedObjects[held+suffix]
		if ok && rows == nil {
			rows = expandKeyed(r, keys, ref.Prop)
			for k := range rows {
				handlerFile = append(handlerFile, i)
				if k >= len(keys.Routes) {
					continue // the row of the keys it cannot read
				}
				if _, own := keys.Routes[k].Props[ref.Prop]; own {
					handlerFile[k] = j
				}
			}
		}
		return ok
	})
	if rows == nil {
		r.Keyed = nil
		return []Route{r}, []int{i}
	}
	return rows, handlerFile
}
