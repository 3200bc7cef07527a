package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Configuration objects. `app.use(config.site.baseUrl, router)`, where config is the
// object a defaults module of the package exports (`export default { site: { baseUrl:
// process.env.BASE_URL || '/' } }`), answers at '/' when nothing is configured, so the
// part is shown with that default: `{config.site.baseUrl:/}` (see
// routetable_pathdefaults.go). The module records the defaulted properties of the
// object it exports by their chain ("default.site.baseUrl"); the file whose path
// names the chain follows its first name to the module it comes from, through:
//
//   - an import or require of the module;
//   - a parameter that every call of its function in the file gives the same such
//     object (`bootstrap(config)`);
//   - a name bound to such a value, or to `await` of one;
//   - a call of a function of the file every return of which gives the same such
//     object (`const config = await loadConfig()`);
//   - a merge whose first argument is it (`deepmerge(defaults, custom)`, `_.merge`,
//     `Object.assign({}, defaults, custom)`): what no custom configuration sets keeps
//     the defaults' value, and the label of a path is the default configuration.
//
// Anything else (a config read from a file at run time, a property assigned in code)
// leaves the part in plain braces.

// maxConfigHops bounds the steps from a name to the module its object comes from.
const maxConfigHops = 6

// maxConfigDepth bounds how deep into an exported object its defaults are recorded.
const maxConfigDepth = 4

// configModule is the import a configuration object comes from (above): a Module
// value (the module's default export or namespace) or a Member value (a named export).
func (r *Resolver) configModule(n *sitter.Node, hops int) (Value, bool) {
	n = syntax.Unwrap(n)
	if n == nil || hops > maxConfigHops {
		return Value{}, false
	}
	switch syntax.Kind(n) {
	case syntax.AwaitExpression:
		return r.configModule(n.NamedChild(0), hops+1)
	case syntax.Identifier:
		if v := r.Value(n); v.fromImport() {
			return v, true
		}
		_, b := r.binding(syntax.Text(n, r.src), n.StartByte())
		if b == nil {
			return Value{}, false
		}
		if b.kind == bindParam {
			return r.argumentConfig(b.fn, b.index, hops+1)
		}
		if b.kind == bindInit && len(b.path) == 0 {
			return r.configModule(b.init, hops+1)
		}
	case syntax.CallExpression:
		if v := r.Value(n); v.fromImport() {
			return v, true // require('./config')
		}
		callee, args := syntax.Field(n, syntax.FieldFunction), syntax.Field(n, syntax.FieldArguments)
		if fn := r.FunctionOf(callee); fn != nil {
			return r.sameConfig(returnedValues(fn), hops+1)
		}
		if defaults := mergedDefaults(callee, args, r.src); defaults != nil {
			return r.configModule(defaults, hops+1)
		}
	}
	return Value{}, false
}

// sameConfig is the import every expression's object comes from, when they agree.
func (r *Resolver) sameConfig(exprs []*sitter.Node, hops int) (Value, bool) {
	var out Value
	for i, e := range exprs {
		v, ok := r.configModule(e, hops)
		if !ok || i > 0 && (v.Module != out.Module || v.Path != out.Path || v.Kind != out.Kind) {
			return Value{}, false
		}
		out = v
	}
	return out, len(exprs) > 0
}

// argumentConfig is the import whose object every call of fn in this file passes as
// its parameter index.
func (r *Resolver) argumentConfig(fn *sitter.Node, index, hops int) (Value, bool) {
	var args []*sitter.Node
	for _, call := range r.collected[syntax.CallExpression] {
		callee := syntax.Field(call, syntax.FieldFunction)
		if syntax.Kind(callee) != syntax.Identifier {
			continue
		}
		if v := r.Value(callee); v.Kind != Function || v.Node == nil || v.Node.Id() != fn.Id() {
			continue
		}
		list := syntax.Field(call, syntax.FieldArguments)
		if list == nil || uint(index) >= list.NamedChildCount() {
			return Value{}, false // a call that leaves it out gives it no object
		}
		args = append(args, list.NamedChild(uint(index)))
	}
	return r.sameConfig(args, hops)
}

// mergedDefaults is the defaults argument of a merge call: the first argument of a
// function named merge (deepmerge, _.merge, mergeDeep), or the second of
// `Object.assign({}, defaults, …)`; nil for any other call.
func mergedDefaults(callee, args *sitter.Node, src []byte) *sitter.Node {
	if args == nil || args.NamedChildCount() < 2 {
		return nil
	}
	name := syntax.Text(callee, src)
	if syntax.Kind(callee) == syntax.MemberExpression {
		name = syntax.Text(syntax.Field(callee, syntax.FieldProperty), src)
	}
	if strings.Contains(strings.ToLower(name), "merge") {
		return args.NamedChild(0)
	}
	if syntax.Text(callee, src) == "Object.assign" && args.NamedChildCount() >= 3 {
		if first := syntax.Unwrap(args.NamedChild(0)); syntax.Kind(first) == syntax.Object && first.NamedChildCount() == 0 {
			return args.NamedChild(1)
		}
	}
	return nil
}

// returnedValues are the expressions a function returns: its expression body, or the
// values of its return statements (not those of functions inside it); nil when a
// return gives no value.
func returnedValues(fn *sitter.Node) []*sitter.Node {
	values, bare := ownReturns(fn)
	if bare {
		return nil
	}
	return values
}

// ownReturns are what a function itself returns: its expression body, or the operands
// of its own return statements (those of the functions and classes inside it are
// theirs); bare says a return statement gives no value. returnedValues and
// returnedFunctions both read a function's returns through it.
func ownReturns(fn *sitter.Node) (values []*sitter.Node, bare bool) {
	body := syntax.Field(fn, syntax.FieldBody)
	if body == nil {
		return nil, false
	}
	if syntax.Kind(body) != syntax.StatementBlock {
		return []*sitter.Node{body}, false
	}
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		for i := uint(0); i < n.NamedChildCount(); i++ {
			c := n.NamedChild(i)
			switch {
			case syntax.IsFunction(c) || syntax.Kind(c) == syntax.ClassDeclaration || syntax.Kind(c) == syntax.Class:
				continue // its returns are its own
			case syntax.Kind(c) == syntax.ReturnStatement:
				if c.NamedChildCount() == 0 {
					bare = true
				} else {
					values = append(values, c.NamedChild(0))
				}
			default:
				walk(c)
			}
		}
	}
	walk(body)
	return values, bare
}

// configChainPart is the ImportedPart of a path part that is a property chain of a
// configuration object another module of the package exports:
// `{config.site.baseUrl}`, with config followed to that module (above).
func (t *tableBuilder) configChainPart(chain string, at uint) (ImportedPart, bool) {
	root, props, ok := strings.Cut(chain, ".")
	if !ok {
		return ImportedPart{}, false
	}
	r := t.r
	var v Value
	if lv := r.Lookup(root, at); lv.fromImport() {
		v = lv
	} else {
		_, b := r.binding(root, at)
		if b == nil {
			return ImportedPart{}, false
		}
		switch {
		case b.kind == bindParam:
			v, ok = r.argumentConfig(b.fn, b.index, 1)
		case b.kind == bindInit && len(b.path) == 0:
			v, ok = r.configModule(b.init, 1)
		default:
			ok = false
		}
		if !ok {
			return ImportedPart{}, false
		}
	}
	key, ok := t.moduleKey(v.Module)
	if !ok {
		return ImportedPart{}, false
	}
	return ImportedPart{Part: "{" + chain + "}", Key: key, Name: exportName(v), Props: props}, true
}

// objectDefaults records, under prefix, each property chain of an object literal
// (or a name of the file bound to one) whose value is a configuration value with a
// literal default: `{ site: { baseUrl: process.env.X || '/' } }` under "default"
// records "default.site.baseUrl".
func (t *tableBuilder) objectDefaults(prefix string, obj *sitter.Node, depth int) {
	obj = syntax.Unwrap(obj)
	if syntax.Kind(obj) == syntax.Identifier && depth == 0 {
		obj = syntax.Unwrap(t.r.Initializer(obj))
	}
	if syntax.Kind(obj) != syntax.Object || depth >= maxConfigDepth {
		return
	}
	src := t.r.src
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		p := obj.NamedChild(i)
		var key string
		var value *sitter.Node
		switch syntax.Kind(p) {
		case syntax.Pair:
			k, ok := propertyKey(syntax.Field(p, syntax.FieldKey), src)
			if !ok {
				continue
			}
			key, value = k, syntax.Unwrap(syntax.Field(p, syntax.FieldValue))
		case syntax.ShorthandPropertyIdentifier:
			// { site }: the object a name of the file holds
			key = syntax.Text(p, src)
			if _, b := t.r.binding(key, p.StartByte()); b != nil {
				value = syntax.Unwrap(t.r.initializerOf(b))
			}
		default:
			continue
		}
		if _, def, ok := configDefault(value, src); ok {
			t.out.PathDefaults[prefix+"."+key] = def
			continue
		}
		if syntax.Kind(value) == syntax.Identifier {
			value = syntax.Unwrap(t.r.Initializer(value)) // site: siteDefaults
		}
		t.objectDefaults(prefix+"."+key, value, depth+1)
	}
}
