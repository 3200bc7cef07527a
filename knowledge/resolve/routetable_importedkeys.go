package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Paths named by the keys of another module's object. `for (const version of
// Object.keys(apiHandler.version)) app.get(`/api/${version}`, h)`, where the package's
// module `apiHandler` exports `version`, an object whose keys the module sets one by
// one (`const version = {}; version['1'] = {…}; version['1.1'] = {…}`), answers at one
// path per key: `/api/1`, `/api/1.1`. The module records each exported object whose
// keys are all known (ObjectKeys): the literal's own keys and those its top-level
// statements assign with a literal key; an assignment with a computed key, one inside
// a function or a `delete` leaves its keys unknown. The importing file records the
// path parts that are such a loop's variable (KeysParts), and the join puts each key
// where the part is (routetable_optionpaths.go's expansion).

// recordObjectKeys records export name when value is an object of the file whose keys
// are all known.
func (t *tableBuilder) recordObjectKeys(name string, value *sitter.Node) {
	root := t.root
	if syntax.Kind(value) != syntax.Identifier {
		return
	}
	obj := syntax.Unwrap(t.r.Initializer(value))
	if syntax.Kind(obj) != syntax.Object {
		return
	}
	src := t.r.src
	var keys []string
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		p := obj.NamedChild(i)
		if syntax.Kind(p) == syntax.Comment {
			continue
		}
		key, ok := propertyKey(syntax.Field(p, syntax.FieldKey), src)
		if syntax.Kind(p) != syntax.Pair || !ok {
			return // a spread or a computed key
		}
		keys = append(keys, key)
	}
	id := syntax.Text(value, src)
	top := map[uint]bool{} // the start of each top-level assignment's left side
	for _, e := range syntax.ExpressionStatements(root, syntax.AssignmentExpression) {
		top[syntax.StartOf(syntax.Field(e, syntax.FieldLeft))] = true
	}
	known := true
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		for i := uint(0); i < n.NamedChildCount() && known; i++ {
			c := n.NamedChild(i)
			k := syntax.Kind(c)
			if k == syntax.SubscriptExpression || k == syntax.MemberExpression {
				if obj := syntax.Unwrap(syntax.Field(c, syntax.FieldObject)); syntax.Kind(obj) == syntax.Identifier && syntax.Text(obj, src) == id {
					if key, written := t.writtenKey(c); written {
						if key == "" || !top[c.StartByte()] {
							known = false // a key nodecoach cannot read, or set elsewhere
						} else {
							keys = append(keys, key)
						}
						continue
					}
				}
			}
			walk(c)
		}
	}
	walk(root)
	if known && len(keys) > 0 {
		if t.out.ObjectKeys == nil {
			t.out.ObjectKeys = map[string][]string{}
		}
		t.out.ObjectKeys[name] = uniquePaths(keys)
	}
}

// writtenKey reports whether the member or subscript expression n is written (the
// left of an assignment, or deleted) and the key it writes ("" when not a literal).
func (t *tableBuilder) writtenKey(n *sitter.Node) (string, bool) {
	p := syntax.Parent(n)
	isLeft := func() bool { l := syntax.Field(p, syntax.FieldLeft); return l != nil && l.StartByte() == n.StartByte() }
	switch {
	case (syntax.Kind(p) == syntax.AssignmentExpression || syntax.Kind(p) == syntax.AugmentedAssignmentExpression) && isLeft():
	case syntax.Kind(p) == syntax.UnaryExpression && strings.HasPrefix(syntax.Text(p, t.r.src), "delete"):
		return "", true
	default:
		return "", false
	}
	if syntax.Kind(n) == syntax.MemberExpression {
		return syntax.Text(syntax.Field(n, syntax.FieldProperty), t.r.src), true
	}
	s, _ := syntax.StringValue(syntax.Field(n, syntax.FieldIndex), t.r.src)
	return s, true
}

// KeysPart is a path part of this file ("{version}") that is the variable of a loop
// over the keys of the object another module (Key) exports as Name.
type KeysPart struct {
	Part, Key, Name string
}

// keysParts records the path parts of the file's routes and mounts that walk the keys
// of an object another module of the package exports.
func (t *tableBuilder) keysParts(root *sitter.Node) {
	seen := map[string]bool{}
	note := func(path string, at uint) {
		for _, name := range bracedNames(path) {
			if seen[name] || strings.ContainsAny(name, ".(") {
				continue
			}
			use := root.NamedDescendantForByteRange(at, at)
			loop := loopOver(use, name, t.r.src)
			if loop == nil {
				continue
			}
			key, export, ok := t.importedKeysOf(syntax.Unwrap(syntax.Field(loop, syntax.FieldRight)))
			if ok {
				seen[name] = true
				t.out.KeysParts = append(t.out.KeysParts, KeysPart{Part: "{" + name + "}", Key: key, Name: export})
			}
		}
	}
	t.out.eachPathAt(note)
}

// importedKeysOf: n is `Object.keys(mod.name)` or `Object.keys(name)` where mod or
// name is imported from a module of the package.
func (t *tableBuilder) importedKeysOf(n *sitter.Node) (key, name string, ok bool) {
	arg := objectCallArg(n, "keys", t.r.src) // routetable_keys.go
	if arg == nil || t.r.Bound("Object", n.StartByte()) {
		return "", "", false
	}
	v := t.r.Value(arg)
	if !v.fromImport() || v.Kind != Member || strings.Contains(v.Path, ".") {
		return "", "", false
	}
	key, ok = t.moduleKey(v.Module)
	return key, v.Path, ok
}
