package resolve

import (
	"strings"
	"unicode"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Paths the source does not spell out. A path, or a part of one, that nodecoach
// cannot know statically (a configuration value, a call, a variable) is shown as the
// expression that computes it in braces, with its spaces removed so that a path stays
// one word: `app.get(config.health.path, h)` is `{config.health.path}`, and
// `/${config.cookiePath + x}` is `/{config.cookiePath+x}`; a configuration value with
// a literal default is shown with it (`{config.site.baseUrl:/}`, see
// routetable_pathdefaults.go). What
// can be followed is followed instead: a constant bound to a string, each element of
// a literal array a for-of loop walks, and each literal argument that the calls of
// this file pass to a helper whose parameter is the path.

// UnknownPathPart reports whether a full path holds a part nodecoach could not know.
func UnknownPathPart(path string) bool { return strings.Contains(path, "{") }

// maxPathChoices bounds how many paths one argument expands to.
const maxPathChoices = 256

// pathChoices are the paths a path argument matches: each element of an array, each
// value a loop variable or a helper's parameter takes, else one path (see above).
func (r *Resolver) pathChoices(n *sitter.Node) []string {
	return r.pathChoicesDepth(syntax.Unwrap(n), 0)
}

func (r *Resolver) pathChoicesDepth(n *sitter.Node, depth int) []string {
	if n == nil {
		return []string{""}
	}
	if depth > 4 {
		return []string{r.pathText(n)} // no more choices: the text, constants followed
	}
	switch syntax.Kind(n) {
	case syntax.Array:
		var out []string
		for i := uint(0); i < n.NamedChildCount() && len(out) < maxPathChoices; i++ {
			if e := syntax.Unwrap(n.NamedChild(i)); syntax.Kind(e) != syntax.Comment {
				out = append(out, r.pathChoicesDepth(e, depth+1)...)
			}
		}
		return out
	case syntax.Identifier:
		if vals := r.identifierPaths(n, depth); len(vals) > 0 {
			return vals
		}
	case syntax.TemplateString:
		return r.templateChoices(n, depth, nil) // routetable_templatepaths.go
	case syntax.CallExpression:
		if vals := r.calledPaths(n, depth); len(vals) > 0 {
			return vals
		}
	}
	return []string{r.pathText(n)}
}

// identifierPaths follows a path held by a name: a constant's string, the elements
// of the literal array a for-of loop walks, or the arguments the file's calls of the
// enclosing helper give its parameter. nil when none of these is known.
func (r *Resolver) identifierPaths(id *sitter.Node, depth int) []string {
	if init := syntax.Unwrap(r.Initializer(id)); init != nil {
		switch syntax.Kind(init) {
		case syntax.String, syntax.TemplateString, syntax.Array:
			return r.pathChoicesDepth(init, depth+1)
		case syntax.CallExpression:
			return r.calledPaths(init, depth+1) // const apiRoot = rootFor(version, style)
		}
		return nil
	}
	name := syntax.Text(id, r.src)
	_, b := r.binding(name, id.StartByte())
	if b == nil {
		return nil
	}
	if b.kind == bindParam {
		if b.index == 0 {
			// items.forEach(item => app.get(item, …)): each item of a literal
			if call := callOf(b.fn); call != nil && syntax.MethodName(call, r.src) == "forEach" {
				if recv := syntax.Field(syntax.Field(call, syntax.FieldFunction), syntax.FieldObject); recv != nil {
					return r.iteratedPaths(recv, depth)
				}
			}
		}
		return r.argumentPaths(b.fn, b.index, depth)
	}
	if loop := loopOver(id, name, r.src); loop != nil {
		return r.iteratedPaths(syntax.Field(loop, syntax.FieldRight), depth)
	}
	return nil
}

// iteratedPaths are the paths a loop over n walks when n is known: a literal array of
// strings, or Object.keys of an object literal (`Object.keys(pages)`); nil otherwise.
func (r *Resolver) iteratedPaths(n *sitter.Node, depth int) []string {
	n = syntax.Unwrap(n)
	var id *sitter.Node
	if syntax.Kind(n) == syntax.Identifier {
		id, n = n, syntax.Unwrap(r.Initializer(n))
	}
	if syntax.Kind(n) == syntax.Array || syntax.Kind(n) == syntax.NewExpression || iterableArgument(r, n) != nil {
		return r.arrayPaths(id, n, depth, 0) // routetable_arraypaths.go
	}
	switch syntax.Kind(n) {
	case syntax.CallExpression:
		obj := objectCallArg(n, "keys", r.src) // routetable_keys.go
		if obj == nil || r.Bound("Object", n.StartByte()) {
			return nil
		}
		if syntax.Kind(obj) == syntax.Identifier {
			obj = syntax.Unwrap(r.Initializer(obj))
		}
		if syntax.Kind(obj) != syntax.Object {
			return nil
		}
		var out []string
		for i := uint(0); i < obj.NamedChildCount(); i++ {
			p := obj.NamedChild(i)
			if syntax.Kind(p) != syntax.Pair {
				return nil // a spread or a method: the keys are not all known
			}
			key, ok := propertyKey(syntax.Field(p, syntax.FieldKey), r.src)
			if !ok {
				return nil
			}
			out = append(out, key)
		}
		return out
	}
	return nil
}

// loopOver is the for-of statement around use whose loop variable is name.
func loopOver(use *sitter.Node, name string, src []byte) *sitter.Node {
	for p := use.Parent(); p != nil && !syntax.IsFunction(p); p = p.Parent() {
		if syntax.Kind(p) != syntax.ForInStatement || syntax.Text(syntax.Field(p, syntax.FieldOperator), src) != "of" {
			continue
		}
		if left := syntax.Field(p, syntax.FieldLeft); left != nil && syntax.Text(left, src) == name {
			return p
		}
	}
	return nil
}

// argumentPaths are the paths the calls of this file pass a helper fn as its
// parameter index: `createRouteHandler('/incoming', h)` for
// `function createRouteHandler(path, h) { router.route(path).get(…) }`.
func (r *Resolver) argumentPaths(fn *sitter.Node, index, depth int) []string {
	var out []string
	for _, call := range r.collected[syntax.CallExpression] {
		callee := syntax.Field(call, syntax.FieldFunction)
		if callee == nil || syntax.Kind(callee) != syntax.Identifier {
			continue
		}
		if v := r.Value(callee); v.Kind != Function || v.Node == nil || v.Node.Id() != fn.Id() {
			continue
		}
		args := syntax.Field(call, syntax.FieldArguments)
		if args == nil || uint(index) >= args.NamedChildCount() {
			continue
		}
		out = append(out, r.pathChoicesDepth(syntax.Unwrap(args.NamedChild(uint(index))), depth+1)...)
		if len(out) >= maxPathChoices {
			break
		}
	}
	return out
}

// pathText is one path argument as the table shows it: a string's value, a regex as
// written, a template with its known parts and the others in braces, and any other
// expression in braces (or the string a constant holds).
func (r *Resolver) pathText(n *sitter.Node) string { return r.pathTextDepth(n, 0) }

// maxPathTextDepth bounds the names and parts followed for one path's text: deep
// enough for long chains of constants (each name and its template are two steps),
// and an end to a name whose initializer reads itself.
const maxPathTextDepth = 48

func (r *Resolver) pathTextDepth(n *sitter.Node, depth int) string {
	n = syntax.Unwrap(n)
	if n == nil || depth > maxPathTextDepth {
		return unknownPart(n, r.src)
	}
	if part, ok := r.configPathText(n); ok {
		return part // a configuration value with its default (routetable_pathdefaults.go)
	}
	switch syntax.Kind(n) {
	case syntax.String:
		if s, ok := syntax.StringValue(n, r.src); ok {
			return s
		}
	case syntax.Regex, syntax.Number:
		return syntax.Text(n, r.src)
	case syntax.MemberExpression:
		if s, ok := r.constantProperty(n); ok {
			return s
		}
	case syntax.TemplateString:
		var b strings.Builder
		for i := uint(0); i < n.ChildCount(); i++ {
			c := n.Child(i)
			switch syntax.Kind(c) {
			case syntax.TokenBacktick:
			case syntax.TemplateSubstitution:
				b.WriteString(r.pathTextDepth(c.NamedChild(0), depth+1))
			default:
				b.WriteString(syntax.Text(c, r.src))
			}
		}
		return b.String()
	case syntax.BinaryExpression:
		if concatenation(n, r.src) {
			// '/' + colName: each side as a path part is shown (`/{colName}`)
			return r.pathTextDepth(syntax.Field(n, syntax.FieldLeft), depth+1) + r.pathTextDepth(syntax.Field(n, syntax.FieldRight), depth+1)
		}
	case syntax.Identifier:
		init := syntax.Unwrap(r.Initializer(n))
		if k := syntax.Kind(init); k == syntax.String || k == syntax.TemplateString || concatenation(init, r.src) {
			return r.pathTextDepth(init, depth+1)
		}
	}
	return unknownPart(n, r.src)
}

// concatenation: n is a `+` one side of which is a string, a template or another
// such `+` (`'/' + name`, `prefix + '/history'` once prefix is one), which makes
// it a string whatever the other side is.
func concatenation(n *sitter.Node, src []byte) bool {
	if syntax.Kind(n) != syntax.BinaryExpression || syntax.Text(syntax.Field(n, syntax.FieldOperator), src) != "+" {
		return false
	}
	for _, side := range []*sitter.Node{syntax.Field(n, syntax.FieldLeft), syntax.Field(n, syntax.FieldRight)} {
		switch side = syntax.Unwrap(side); syntax.Kind(side) {
		case syntax.String, syntax.TemplateString:
			return true
		case syntax.BinaryExpression:
			if concatenation(side, src) {
				return true
			}
		}
	}
	return false
}

// unknownPart is an expression shown in braces, one word.
func unknownPart(n *sitter.Node, src []byte) string {
	s := strings.Map(func(c rune) rune {
		if unicode.IsSpace(c) {
			return -1
		}
		return c
	}, syntax.Text(n, src))
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return "{" + s + "}"
}

// pathArgCount is how many arguments of a registration are its path: 1 when the
// first is one (pathArgs: a string, template, regex or array of them), and also, for
// a route method (get, post… but not use), when there are other arguments and the
// first is no function: Express reads the first argument of a route method as its
// path whatever expression computes it. A use's first argument is its path when it
// is a name that holds a path: a string constant, the variable of a loop over paths,
// a helper's parameter the file's calls give a path, or a name or property that says
// it is one (path, url, prefix, route, root, base, dir, mount).
func (r *Resolver) pathArgCount(method string, args *sitter.Node) uint {
	if n := pathArgs(args, r.src); n > 0 || args.NamedChildCount() < 2 {
		return n
	}
	first := syntax.Unwrap(args.NamedChild(0))
	if first == nil || syntax.IsFunction(first) || r.FunctionOf(first) != nil {
		return 0
	}
	if method != "use" {
		if v := r.Value(first); v.Kind == Instance && v.Module == "express" {
			return 0 // a router or app
		}
		return 1
	}
	switch syntax.Kind(first) {
	case syntax.Identifier:
		if r.identifierPaths(first, 0) != nil {
			return 1
		}
		if _, def, ok := configDefault(r.Initializer(first), r.src); ok && strings.HasPrefix(def, "/") {
			return 1 // const PREFIX = process.env.PREFIX || '/v1'
		}
		name := syntax.Text(first, r.src)
		if _, b := r.binding(name, first.StartByte()); b != nil && b.kind == bindValue && loopOver(first, name, r.src) != nil {
			return 1 // for (const dir of dirs) app.use(dir, express.static(dir))
		}
		if namesPath(name) && r.Value(first).Kind != Instance {
			return 1
		}
	case syntax.MemberExpression:
		if namesPath(syntax.Text(syntax.Field(first, syntax.FieldProperty), r.src)) && r.Value(first).Kind == None {
			return 1
		}
	case syntax.BinaryExpression:
		return 1 // '/api' + version
	}
	return 0
}

// namesPath: a name that says it holds a path.
func namesPath(name string) bool {
	l := strings.ToLower(name)
	for _, w := range []string{"path", "url", "prefix", "route", "root", "base", "dir", "mount"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// computedRegistration is a registration whose method is computed:
// `router[route.method](versionedPath, route.handler)` in a loop over route objects,
// or a base controller's `this.app[options.method](options.path, …)`. Which routes
// it makes is known only when the program runs, so it is one row whose method is the
// expression in braces ({route.method}) and whose path is shown as any path is (see
// above), rather than nothing. Its receiver is an Express app or router, or `this.X`
// (kept only where a constructor makes this.X an app, as tentative rows are). A
// string index (`app['get']`) is an ordinary registration.
func (t *tableBuilder) computedRegistration(call, fn, args *sitter.Node) {
	r := t.r
	index := syntax.Field(fn, syntax.FieldIndex)
	if m, ok := syntax.StringValue(index, r.src); ok {
		if v := r.Value(fn); v.Kind == Instance && v.Module == "express" && v.Path == m && routeMethods["express."+v.Type][m] {
			t.addRow(call, syntax.Unwrap(syntax.Field(fn, syntax.FieldObject)), httpMethod(m), m, args, false)
		}
		return
	}
	if !r.express || !r.computedAppReceiver(fn) || args.NamedChildCount() == 0 {
		return
	}
	base := syntax.Unwrap(syntax.Field(fn, syntax.FieldObject))
	v := r.Value(base)
	known := v.Kind == Instance && v.Module == "express"
	if t.addRow(call, base, unknownPart(index, r.src), "get", args, !known) {
		t.keyedRows(call, fn, args)   // router[method](path, …) over "verb path" keys
		t.elementRows(call, fn, args) // router[route.method](route.path, …) over route objects
	}
}

// addRow adds the route of a registration on base whose arguments are args, read as
// the arguments of method; false when it has no function to run.
func (t *tableBuilder) addRow(call, base *sitter.Node, shown, method string, args *sitter.Node, tentative bool) bool {
	r := t.r
	receiver := t.ownerName(base)
	if _, seen := t.receivers[receiver]; !seen {
		t.receivers[receiver] = base
	}
	route := Route{Method: shown, Receiver: receiver, At: t.place(call), Tentative: tentative, Paths: []string{""}}
	skip := r.pathArgCount(method, args)
	if skip == 1 {
		p := syntax.Unwrap(args.NamedChild(0))
		route.Path, route.Paths = r.pathText(p), r.pathChoices(p)
	}
	var targets []Target
	for _, arg := range flatArgs(args, skip) {
		targets = append(targets, t.target(arg))
	}
	if len(targets) == 0 {
		return false
	}
	route.Middleware, route.Handler = targets[:len(targets)-1], targets[len(targets)-1]
	t.out.Routes = append(t.out.Routes, route)
	return true
}
