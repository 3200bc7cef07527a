package resolve

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Routes declared as the keys of an object: `{ 'get /api/ping': { controller: ping } }`,
// the route configuration of Sails.js and of Express apps that register it in a loop:
//
//	Object.keys(routes).forEach((key) => {
//	  const [method, path] = key.split(' ')
//	  router[method](path, routes[key].controller)
//	})
//
// A registration whose method and path are the two halves of a key split at a space
// (`split(' ')`, read by index or destructured), where the keys are those of an object
// literal the file can see (a binding, or what a function of this file or of another
// module of the package returns, walked by Object.keys, Object.entries or for…in), is
// one route per key whose halves are an HTTP method and a path. Its handler is the
// value's property the registration passes last (`routes[key].controller` is the
// value's controller; `routes[key]` is the value itself), else the handler as written.
// The keys of an object a function builds by `Object.assign(routes, more)` before it
// returns routes, and of `...spread` literals, are its keys too; when some keys cannot
// be read (a call's result assigned in), the registration's one computed row stays
// beside the rows of the keys that can, so the table says that it has more routes.

// KeyedRoute is one "verb path" key of an object literal: its method (upper case),
// path, and the functions its value names, by property ("" for the value itself).
type KeyedRoute struct {
	Method, Path string
	Props        map[string]Target
}

// KeyedObject are the keyed routes of an object; Partial when it has keys nodecoach
// cannot read (a spread or an Object.assign of a call's result, a computed key).
type KeyedObject struct {
	Routes  []KeyedRoute
	Partial bool
}

func (o *KeyedObject) add(more KeyedObject) {
	o.Routes = append(o.Routes, more.Routes...)
	o.Partial = o.Partial || more.Partial
}

// KeyedRef is a registration over the keys of an object another module of the
// package holds: the export (Key, Name; Call when the object is what it returns) and
// the property of each value the registration runs last (Prop).
type KeyedRef struct {
	Key, Name, Prop string
	Call            bool
}

// maxKeyedDepth bounds how far the keys of an object are followed (spreads, names).
const maxKeyedDepth = 4

// keyedRows turns the route just added for a computed registration into one route per
// key when its method and path are the halves of an object's keys (see above).
func (t *tableBuilder) keyedRows(call, fn, args *sitter.Node) {
	r := t.r
	if len(t.out.Routes) == 0 || args.NamedChildCount() == 0 {
		return
	}
	methodKey, half, ok := r.splitHalf(syntax.Unwrap(syntax.Field(fn, syntax.FieldIndex)))
	if !ok || half != 0 {
		return
	}
	pathKey, half, ok := r.splitHalf(syntax.Unwrap(args.NamedChild(0)))
	if !ok || half != 1 || pathKey != methodKey {
		return
	}
	obj, valueName := keysWalked(call, methodKey, r.src)
	if obj == nil {
		return
	}
	last, middleware := t.keyedHandler(call, args)
	prop, ok := r.valueProperty(last, obj, methodKey, valueName)
	if !ok {
		prop = "\x00" // no property of the value: the handler as written
	}
	placeholder := t.out.Routes[len(t.out.Routes)-1]
	placeholder.Middleware = middleware
	if last != nil {
		placeholder.Handler = t.target(last)
	}
	entries, ref := t.objectKeys(obj)
	switch {
	case entries != nil && len(entries.Routes) > 0:
		t.out.Routes = t.out.Routes[:len(t.out.Routes)-1]
		t.out.Routes = append(t.out.Routes, expandKeyed(placeholder, *entries, prop)...)
	case ref != nil:
		ref.Prop = prop
		placeholder.Keyed = ref
		t.out.Routes[len(t.out.Routes)-1] = placeholder
	}
}

// expandKeyed is one route per key of entries, in the shape of placeholder, and the
// placeholder itself (its method and path in braces) for the keys it cannot read.
func expandKeyed(placeholder Route, entries KeyedObject, prop string) []Route {
	out := make([]Route, 0, len(entries.Routes)+1)
	for _, e := range entries.Routes {
		row := placeholder
		row.Keyed = nil
		row.Method, row.Path, row.Paths = e.Method, e.Path, []string{e.Path}
		if h, ok := e.Props[prop]; ok {
			row.Handler = h
		}
		out = append(out, row)
	}
	if entries.Partial {
		placeholder.Keyed = nil
		out = append(out, placeholder)
	}
	return out
}

// splitHalf reads a name or expression that is one half of a key split at a space:
// `key.split(' ')[0]`, `parts[1]` with `const parts = key.split(' ')`, or a name
// destructured from it (`const [method, path] = key.split(' ')`). It returns the key's
// name and the half.
func (r *Resolver) splitHalf(n *sitter.Node) (key string, half int, ok bool) {
	if syntax.Kind(n) == syntax.Identifier {
		decl := declaratorOf(n, r.src)
		pattern, init := syntax.Field(decl, syntax.FieldName), syntax.Unwrap(syntax.Field(decl, syntax.FieldValue))
		if init == nil {
			return "", 0, false
		}
		if syntax.Kind(pattern) == syntax.ArrayPattern {
			// const [method, path] = key.split(' '): the name's place in the pattern
			for i := uint(0); i < pattern.NamedChildCount() && i < 2; i++ {
				if syntax.Text(pattern.NamedChild(i), r.src) == syntax.Text(n, r.src) {
					key, ok := r.splitKey(init)
					return key, int(i), ok
				}
			}
			return "", 0, false
		}
		n = init
	}
	if syntax.Kind(n) != syntax.SubscriptExpression {
		return "", 0, false
	}
	index := syntax.Text(syntax.Field(n, syntax.FieldIndex), r.src)
	if index != "0" && index != "1" {
		return "", 0, false
	}
	split := syntax.Unwrap(syntax.Field(n, syntax.FieldObject))
	if syntax.Kind(split) == syntax.Identifier {
		split = syntax.Unwrap(r.Initializer(split))
	}
	key, ok = r.splitKey(split)
	return key, int(index[0] - '0'), ok
}

// splitKey is the name split by `name.split(' ')`.
func (r *Resolver) splitKey(call *sitter.Node) (string, bool) {
	if syntax.Kind(call) != syntax.CallExpression || syntax.MethodName(call, r.src) != "split" {
		return "", false
	}
	args := syntax.Field(call, syntax.FieldArguments)
	if sep, ok := syntax.StringValue(args.NamedChild(0), r.src); !ok || sep != " " || args.NamedChildCount() != 1 {
		return "", false
	}
	recv := syntax.Unwrap(syntax.Field(syntax.Field(call, syntax.FieldFunction), syntax.FieldObject))
	if syntax.Kind(recv) != syntax.Identifier {
		return "", false
	}
	return syntax.Text(recv, r.src), true
}

// keysWalked finds, around use, the loop or callback whose variable key walks the
// keys of an object: `for (const key in obj)`, `for (const key of Object.keys(obj))`,
// `for (const [key, value] of Object.entries(obj))`, and the same as a forEach
// callback's first parameter. It returns the object expression, and the name of the
// value beside the key ("" without one).
func keysWalked(use *sitter.Node, key string, src []byte) (*sitter.Node, string) {
	for p := syntax.Parent(use); p != nil; p = syntax.Parent(p) {
		var pattern, walked *sitter.Node
		in := false
		switch {
		case syntax.Kind(p) == syntax.ForInStatement:
			pattern, walked = syntax.Field(p, syntax.FieldLeft), syntax.Field(p, syntax.FieldRight)
			in = syntax.Text(syntax.Field(p, syntax.FieldOperator), src) == "in"
		case syntax.IsFunction(p):
			call := callOf(p)
			if call == nil || syntax.MethodName(call, src) != "forEach" {
				continue
			}
			params := syntax.Params(p)
			if len(params) == 0 {
				continue
			}
			pattern, walked = params[0], syntax.Field(syntax.Field(call, syntax.FieldFunction), syntax.FieldObject)
		default:
			continue
		}
		name, value := patternNames(pattern, src)
		if name != key {
			continue
		}
		if in {
			return syntax.Unwrap(walked), ""
		}
		return objectOfKeys(walked, value != "", src), value
	}
	return nil, ""
}

// patternNames are the key and value names of a loop variable: `key`, or `[key, value]`.
func patternNames(p *sitter.Node, src []byte) (string, string) {
	p = syntax.Unwrap(p)
	if f := syntax.Field(p, syntax.FieldPattern); f != nil {
		p = f // a TypeScript parameter
	}
	switch syntax.Kind(p) {
	case syntax.Identifier:
		return syntax.Text(p, src), ""
	case syntax.ArrayPattern:
		var names [2]string
		for i := uint(0); i < p.NamedChildCount() && i < 2; i++ {
			if c := p.NamedChild(i); syntax.Kind(c) == syntax.Identifier {
				names[i] = syntax.Text(c, src)
			}
		}
		return names[0], names[1]
	}
	return "", ""
}

// objectOfKeys is obj of `Object.keys(obj)` (entries: `Object.entries(obj)`), written
// where it is walked or bound to the name walked.
func objectOfKeys(n *sitter.Node, entries bool, src []byte) *sitter.Node {
	n = syntax.Unwrap(n)
	if syntax.Kind(n) == syntax.Identifier {
		n = syntax.Unwrap(syntax.Field(declaratorOf(n, src), syntax.FieldValue))
	}
	if entries {
		return objectCallArg(n, "entries", src)
	}
	return objectCallArg(n, "keys", src)
}

// objectCallArg is x of `Object.<method>(x)` (Object.keys, Object.entries), nil when n
// is no such call of one argument. Whether Object is the global one is the caller's
// to ask (Resolver.Bound at n's start), as it has a resolver.
func objectCallArg(n *sitter.Node, method string, src []byte) *sitter.Node {
	if syntax.Kind(n) != syntax.CallExpression {
		return nil
	}
	fn, args := syntax.Field(n, syntax.FieldFunction), syntax.Field(n, syntax.FieldArguments)
	if syntax.Kind(fn) != syntax.MemberExpression || syntax.Text(syntax.Field(fn, syntax.FieldProperty), src) != method || args == nil || args.NamedChildCount() != 1 {
		return nil
	}
	if obj := syntax.Field(fn, syntax.FieldObject); syntax.Kind(obj) != syntax.Identifier || syntax.Text(obj, src) != "Object" {
		return nil
	}
	return syntax.Unwrap(args.NamedChild(0))
}

// declaratorOf is the declarator of a const, let or var before id, in id's block or
// an enclosing one, that declares its name, alone or in an array pattern: the
// resolver keeps no initializer for a destructured name, nor sees a loop's walked
// name from outside the loop's scope. nil when there is none.
func declaratorOf(id *sitter.Node, src []byte) *sitter.Node {
	name := syntax.Text(id, src)
	declares := func(pattern *sitter.Node) bool {
		if syntax.Kind(pattern) == syntax.ArrayPattern {
			for i := uint(0); i < pattern.NamedChildCount(); i++ {
				if syntax.Text(pattern.NamedChild(i), src) == name {
					return true
				}
			}
			return false
		}
		return syntax.Text(pattern, src) == name
	}
	for p := syntax.Parent(id); p != nil; p = syntax.Parent(p) {
		for i := uint(0); i < p.NamedChildCount(); i++ {
			decl := p.NamedChild(i)
			if k := syntax.Kind(decl); (k != syntax.LexicalDeclaration && k != syntax.VariableDeclaration) || decl.StartByte() > id.StartByte() {
				continue
			}
			for j := uint(0); j < decl.NamedChildCount(); j++ {
				d := decl.NamedChild(j)
				if syntax.Kind(d) == syntax.VariableDeclarator && declares(syntax.Field(d, syntax.FieldName)) {
					return d
				}
			}
		}
	}
	return nil
}

// keyedHandler is what a registration runs last, and the middleware before it: the
// last argument, or, for `...params` last, what the enclosing function last pushes
// onto params before the call.
func (t *tableBuilder) keyedHandler(call, args *sitter.Node) (*sitter.Node, []Target) {
	flat := flatArgs(args, 1)
	var middleware []Target
	for k, arg := range flat {
		if k < len(flat)-1 && syntax.Kind(arg) != syntax.SpreadElement {
			middleware = append(middleware, t.target(arg))
		}
	}
	if len(flat) == 0 {
		return nil, middleware
	}
	last := flat[len(flat)-1]
	if syntax.Kind(last) != syntax.SpreadElement {
		return last, middleware
	}
	list := syntax.Unwrap(last.NamedChild(0))
	if syntax.Kind(list) != syntax.Identifier {
		return nil, middleware
	}
	within := syntax.EnclosingFunction(call)
	var pushed *sitter.Node
	for _, c := range t.r.collected[syntax.CallExpression] {
		if c.StartByte() >= call.StartByte() || syntax.MethodName(c, t.r.src) != "push" || syntax.EnclosingFunction(c) != nil && within != nil && syntax.EnclosingFunction(c).Id() != within.Id() {
			continue
		}
		recv := syntax.Field(syntax.Field(c, syntax.FieldFunction), syntax.FieldObject)
		pa := syntax.Field(c, syntax.FieldArguments)
		if syntax.Text(recv, t.r.src) != syntax.Text(list, t.r.src) || pa == nil || pa.NamedChildCount() == 0 {
			continue
		}
		if pushed == nil || c.StartByte() > pushed.StartByte() {
			pushed = syntax.Unwrap(pa.NamedChild(pa.NamedChildCount() - 1))
		}
	}
	return pushed, middleware
}

// valueProperty is the property of a key's value that n reads: `obj[key].prop` or
// `value.prop` gives prop, `obj[key]` or `value` the value itself ("").
func (r *Resolver) valueProperty(n, obj *sitter.Node, key, value string) (string, bool) {
	n = syntax.Unwrap(n)
	isValue := func(v *sitter.Node) bool {
		v = syntax.Unwrap(v)
		switch syntax.Kind(v) {
		case syntax.Identifier:
			return value != "" && syntax.Text(v, r.src) == value
		case syntax.SubscriptExpression:
			return syntax.Text(syntax.Field(v, syntax.FieldIndex), r.src) == key &&
				syntax.Text(syntax.Field(v, syntax.FieldObject), r.src) == syntax.Text(obj, r.src)
		}
		return false
	}
	if n == nil {
		return "", false
	}
	if isValue(n) {
		return "", true
	}
	if syntax.Kind(n) == syntax.MemberExpression && isValue(syntax.Field(n, syntax.FieldObject)) {
		return syntax.Text(syntax.Field(n, syntax.FieldProperty), r.src), true
	}
	return "", false
}
