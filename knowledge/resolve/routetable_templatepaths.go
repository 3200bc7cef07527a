package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Paths a template literal and a path helper give. A template's substitution that
// takes several known values (the variable of a loop over paths, a helper's
// parameter) gives one path per value, and one per combination when there are
// several, the same expression taking the same value within one path: inside
// `for (const style of ['api', 'rest'])`, `/${style}/openapi.json` is
// `/api/openapi.json` and `/rest/openapi.json`. A name bound to the call of a
// function of the file whose body returns one template or string (`const apiRoot =
// rootFor(version, style)` with `rootFor = (v, s) => `/${s}/${v}``) is that template
// with each parameter taking the paths of the call's argument. A property of a
// constant object literal holding a string (`const Style = { FLAT: 'api' }`,
// `Style.FLAT`) is that string. Anything else is shown in braces, as any path is.

// templateChoices are the paths of a template literal (above); env holds the values
// of the parameters of a function being read through a call of it.
func (r *Resolver) templateChoices(n *sitter.Node, depth int, env map[string][]string) []string {
	type piece struct{ text, key string }
	var pieces []piece
	values := map[string][]string{}
	var keys []string
	for i := uint(0); i < n.ChildCount(); i++ {
		c := n.Child(i)
		switch syntax.Kind(c) {
		case syntax.TokenBacktick:
		case syntax.TemplateSubstitution:
			e := syntax.Unwrap(c.NamedChild(0))
			key := syntax.Text(e, r.src)
			var vals []string
			if syntax.Kind(e) == syntax.Identifier {
				if v, ok := env[key]; ok {
					vals = v
				} else if _, ok := r.configPathText(e); !ok {
					vals = r.identifierPaths(e, depth+1)
				}
			}
			if len(vals) == 0 {
				pieces = append(pieces, piece{text: r.pathText(e)})
				continue
			}
			if _, seen := values[key]; !seen {
				values[key], keys = vals, append(keys, key)
			}
			pieces = append(pieces, piece{key: key})
		default:
			pieces = append(pieces, piece{text: syntax.Text(c, r.src)})
		}
	}
	if len(keys) == 0 {
		return []string{r.pathText(n)}
	}
	// Each combination of the substitutions' values, the first key varying slowest.
	var out []string
	pick := make([]int, len(keys))
	for len(out) < maxPathChoices {
		var b strings.Builder
		for _, p := range pieces {
			if p.key == "" {
				b.WriteString(p.text)
				continue
			}
			for k, key := range keys {
				if key == p.key {
					b.WriteString(values[key][pick[k]])
				}
			}
		}
		out = append(out, b.String())
		k := len(keys) - 1
		for ; k >= 0; k-- {
			if pick[k]++; pick[k] < len(values[keys[k]]) {
				break
			}
			pick[k] = 0
		}
		if k < 0 {
			break
		}
	}
	return uniquePaths(out)
}

// calledPaths are the paths of a call of a function of this file whose body returns
// one template or string, each parameter taking the paths of the call's argument;
// nil for any other call.
func (r *Resolver) calledPaths(call *sitter.Node, depth int) []string {
	fn := r.FunctionOf(syntax.Field(call, syntax.FieldFunction))
	if fn == nil {
		return nil
	}
	body := returnedPath(fn) // routetable_pathfunctions.go
	if body == nil {
		return nil
	}
	if syntax.Kind(body) == syntax.String {
		return []string{r.pathText(body)}
	}
	env := map[string][]string{}
	args := syntax.Field(call, syntax.FieldArguments)
	for i, name := range paramNames(fn, r.src) {
		if name == "" || args == nil || uint(i) >= args.NamedChildCount() {
			continue // a parameter left to its default is shown by its name
		}
		env[name] = r.pathChoicesDepth(syntax.Unwrap(args.NamedChild(uint(i))), depth+1)
	}
	return r.templateChoices(body, depth+1, env)
}

// constantProperty is the string a property of a constant object literal of the
// file holds: `Style.FLAT` of `const Style = { FLAT: 'api' }`.
func (r *Resolver) constantProperty(n *sitter.Node) (string, bool) {
	if syntax.Kind(n) != syntax.MemberExpression {
		return "", false
	}
	obj := syntax.Field(n, syntax.FieldObject)
	init := syntax.Unwrap(r.Initializer(obj))
	if syntax.Kind(init) != syntax.Object || !constDeclared(init) {
		return "", false
	}
	v := propertyValue(init, syntax.Text(syntax.Field(n, syntax.FieldProperty), r.src), r.src)
	if syntax.Kind(v) != syntax.String {
		return "", false
	}
	return syntax.StringValue(v, r.src)
}

// constDeclared: the initializer init is that of a `const` declaration.
func constDeclared(init *sitter.Node) bool {
	decl := syntax.Parent(syntax.Parent(init))
	if decl == nil || syntax.Kind(decl) != syntax.LexicalDeclaration {
		return false
	}
	first := decl.Child(0)
	return first != nil && syntax.Kind(first) == syntax.KeywordConst
}
