package rules

import (
	"bytes"
	"strings"
	"unicode"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/fix"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Shared helpers of the security, data-store and queue rules.

// secArgs returns the arguments of a call or `new`, comments skipped; nil for a
// tagged template (sql`...`), whose "arguments" are a template string.
func secArgs(call *sitter.Node) []*sitter.Node {
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil || syntax.Kind(args) != syntax.Arguments {
		return nil
	}
	out := make([]*sitter.Node, 0, args.NamedChildCount())
	for i := uint(0); i < args.NamedChildCount(); i++ {
		if c := args.NamedChild(i); syntax.Kind(c) != syntax.Comment {
			out = append(out, c)
		}
	}
	return out
}

// secMethod returns the method name and receiver of a call `x.m(...)`; "" and nil for
// other calls.
// The name comes from the resolver's memoised call facts, so asking costs nothing
// for calls that are not methods.
func secMethod(pass *analysis.Pass, call *sitter.Node) (string, *sitter.Node) {
	if syntax.Kind(call) != syntax.CallExpression {
		return "", nil
	}
	m := pass.Resolver.CallFacts(call).Method
	if m == "" {
		return "", nil
	}
	fn := syntax.Unwrap(syntax.Field(call, syntax.FieldFunction))
	if fn == nil || (syntax.Kind(fn) != syntax.MemberExpression && syntax.Kind(fn) != syntax.SubscriptExpression) {
		return "", nil
	}
	return m, syntax.Field(fn, syntax.FieldObject)
}

// secProp is one property of an object literal: the pair (or shorthand, or method)
// and its value node.
type secProp struct{ node, value *sitter.Node }

// secProps reads an object literal's properties by key. unknown is set when a spread
// or a computed key may add keys nobody can see.
func secProps(pass *analysis.Pass, obj *sitter.Node) (props map[string]secProp, unknown bool) {
	props = map[string]secProp{}
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		c := obj.NamedChild(i)
		switch syntax.Kind(c) {
		case syntax.Pair:
			if k := syntax.Field(c, syntax.FieldKey); k != nil && syntax.Kind(k) == syntax.ComputedPropertyName {
				unknown = true
				continue
			}
			if key := objectKey(pass, c); key != "" {
				props[key] = secProp{c, syntax.Field(c, syntax.FieldValue)}
			}
		case syntax.ShorthandPropertyIdentifier:
			props[pass.Text(c)] = secProp{c, c}
		case syntax.MethodDefinition:
			props[pass.Text(syntax.Field(c, syntax.FieldName))] = secProp{c, c}
		case syntax.SpreadElement:
			unknown = true
		}
	}
	return props, unknown
}

// secObject returns the object literal n stands for: n itself, or the initializer of a
// `const` it names when nothing in the file assigns to the object's properties
// afterwards. nil when the object cannot be seen.
func secObject(pass *analysis.Pass, n *sitter.Node) *sitter.Node {
	n = syntax.Unwrap(n)
	if n == nil {
		return nil
	}
	if syntax.Kind(n) == syntax.Object {
		return n
	}
	if syntax.Kind(n) != syntax.Identifier {
		return nil
	}
	init := secConstInit(pass, n)
	if init == nil || syntax.Kind(init) != syntax.Object || secMutated(pass, pass.Text(n)) {
		return nil
	}
	return init
}

// secConstInit is the initializer of the `const` an identifier names (await and
// parentheses stripped), nil for let, var, parameters and destructuring.
func secConstInit(pass *analysis.Pass, id *sitter.Node) *sitter.Node {
	id = syntax.Unwrap(id)
	var init *sitter.Node
	if id != nil && syntax.Kind(id) == syntax.ShorthandPropertyIdentifier {
		// `{ storage }`: the resolver's Initializer takes identifiers only.
		if d := secFindDeclarator(pass, id); d != nil && syntax.Kind(syntax.Field(d, syntax.FieldName)) == syntax.Identifier {
			init = syntax.Field(d, syntax.FieldValue)
		}
	} else {
		init = pass.Resolver.Initializer(id)
	}
	if init == nil {
		return nil
	}
	decl := syntax.Parent(init)
	if decl == nil || syntax.Kind(decl) != syntax.VariableDeclarator {
		return nil
	}
	if list := syntax.Parent(decl); list == nil || syntax.Kind(list) != syntax.LexicalDeclaration || list.Child(0) == nil || syntax.Kind(list.Child(0)) != syntax.KeywordConst {
		return nil
	}
	return secUnwrapAwait(init)
}

// secInit is the initializer of the variable an identifier names, whatever its
// declaration keyword (await and parentheses stripped); nil when there is none.
func secInit(pass *analysis.Pass, id *sitter.Node) *sitter.Node {
	return secUnwrapAwait(pass.Resolver.Initializer(syntax.Unwrap(id)))
}

// secUnwrapAwait strips parentheses, TypeScript assertions and `await`.
func secUnwrapAwait(n *sitter.Node) *sitter.Node {
	for {
		n = syntax.Unwrap(n)
		if n == nil || syntax.Kind(n) != syntax.AwaitExpression {
			return n
		}
		n = n.NamedChild(0)
	}
}

// secMutated reports whether the file assigns to a property of name (`name.x = …`,
// `name['x'] += …`) or passes it to Object.assign as the target. It searches the
// source for the name and looks only at those places.
func secMutated(pass *analysis.Pass, name string) bool {
	return askFile(pass, "mutated", name, func() bool { return secFindMutation(pass, name) })
}

func secFindMutation(pass *analysis.Pass, name string) bool {
	src, nameBytes := pass.File.Src, []byte(name)
	root := pass.File.Tree.RootNode()
	for from := 0; ; {
		k := bytes.Index(src[from:], nameBytes)
		if k < 0 {
			return false
		}
		at, end := from+k, from+k+len(name)
		from = end
		if (at > 0 && (syntax.IsNameByte(src[at-1]) || src[at-1] == '.')) || (end < len(src) && syntax.IsNameByte(src[end])) {
			continue
		}
		n := root.NamedDescendantForByteRange(uint(at), uint(end))
		if n == nil || syntax.Kind(n) != syntax.Identifier || n.StartByte() != uint(at) || n.EndByte() != uint(end) {
			continue
		}
		p := syntax.Parent(n)
		if p == nil {
			continue
		}
		switch syntax.Kind(p) {
		case syntax.MemberExpression, syntax.SubscriptExpression:
			if syntax.Field(p, syntax.FieldObject).Id() != n.Id() {
				continue
			}
			if a := syntax.Parent(p); a != nil && (syntax.Kind(a) == syntax.AssignmentExpression || syntax.Kind(a) == syntax.AugmentedAssignmentExpression) &&
				syntax.Field(a, syntax.FieldLeft).Id() == p.Id() {
				return true
			}
		case syntax.Arguments:
			if c := syntax.Parent(p); c != nil && syntax.Kind(c) == syntax.CallExpression && pass.Text(syntax.Field(c, syntax.FieldFunction)) == "Object.assign" &&
				p.NamedChild(0) != nil && p.NamedChild(0).Id() == n.Id() {
				return true
			}
		}
	}
}

// secBool reads a `true`/`false` literal.
func secBool(n *sitter.Node) (value, ok bool) {
	n = syntax.Unwrap(n)
	if n == nil {
		return false, false
	}
	switch syntax.Kind(n) {
	case syntax.True:
		return true, true
	case syntax.False:
		return false, true
	}
	return false, false
}

// secIsFalsy reports whether n is a literal JavaScript treats as false.
func secIsFalsy(pass *analysis.Pass, n *sitter.Node) bool {
	n = syntax.Unwrap(n)
	if n == nil {
		return false
	}
	switch syntax.Kind(n) {
	case syntax.False, syntax.Null, syntax.Undefined:
		return true
	case syntax.Number:
		return pass.Text(n) == "0"
	case syntax.String:
		s, ok := syntax.StringValue(n, pass.File.Src)
		return ok && s == ""
	case syntax.Identifier:
		return pass.Text(n) == "undefined" && !pass.Resolver.Bound("undefined", n.StartByte())
	}
	return false
}

// secInsertProp returns the edit that adds the property text (`expiresIn: '15m'`) to
// an object literal, following its layout: one line or one property per line, with
// or without a trailing comma.
func secInsertProp(pass *analysis.Pass, obj *sitter.Node, prop string) analysis.Edit {
	src := pass.File.Src
	var first, last *sitter.Node
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		if c := obj.NamedChild(i); syntax.Kind(c) != syntax.Comment {
			if first == nil {
				first = c
			}
			last = c
		}
	}
	if last == nil {
		return analysis.Edit{Start: obj.StartByte(), End: obj.EndByte(), NewText: "{ " + prop + " }"}
	}
	multiline := strings.Contains(string(src[obj.StartByte():first.StartByte()]), "\n")
	indent := indentOf(src, first.StartByte())
	// A trailing comma after the last property: add after it, keeping one.
	for i := last.EndByte(); i < obj.EndByte()-1; i++ {
		switch src[i] {
		case ',':
			if multiline {
				return analysis.Edit{Start: i + 1, End: i + 1, NewText: "\n" + indent + prop + ","}
			}
			return analysis.Edit{Start: i + 1, End: i + 1, NewText: " " + prop + ","}
		case ' ', '\t', '\r', '\n':
			continue
		}
		break
	}
	if multiline {
		return analysis.Edit{Start: last.EndByte(), End: last.EndByte(), NewText: ",\n" + indent + prop}
	}
	return analysis.Edit{Start: last.EndByte(), End: last.EndByte(), NewText: ", " + prop}
}

// secAppendArg returns the edit that adds text as a new last argument of call.
func secAppendArg(call *sitter.Node, args []*sitter.Node, text string) analysis.Edit {
	if len(args) == 0 {
		list := syntax.Field(call, syntax.FieldArguments)
		return analysis.Edit{Start: list.StartByte() + 1, End: list.StartByte() + 1, NewText: text}
	}
	end := args[len(args)-1].EndByte()
	return analysis.Edit{Start: end, End: end, NewText: ", " + text}
}

// secInsertAfter returns the edit that puts text on a new line after stmt, at its indentation.
func secInsertAfter(pass *analysis.Pass, stmt *sitter.Node, text string) analysis.Edit {
	return analysis.Edit{Start: stmt.EndByte(), End: stmt.EndByte(), NewText: "\n" + indentOf(pass.File.Src, stmt.StartByte()) + text}
}

// secInsertBefore returns the edit that puts text on a line of its own before stmt.
func secInsertBefore(pass *analysis.Pass, stmt *sitter.Node, text string) analysis.Edit {
	return analysis.Edit{Start: stmt.StartByte(), End: stmt.StartByte(), NewText: text + "\n" + indentOf(pass.File.Src, stmt.StartByte())}
}

// secAssignedTo is what the value of expr (seen through await and parentheses) is
// stored in: the name of `const x = expr`, or the left side of `x = expr` and
// `this.x = expr`; nil otherwise. decl is the declarator in the first case.
func secAssignedTo(expr *sitter.Node) (target, decl *sitter.Node) {
	n := expr
	p := syntax.Parent(n)
	for p != nil && (syntax.Kind(p) == syntax.AwaitExpression || syntax.Kind(p) == syntax.ParenthesizedExpression || syntax.Kind(p) == syntax.AsExpression || syntax.Kind(p) == syntax.NonNullExpression) {
		n, p = p, syntax.Parent(p)
	}
	if p == nil {
		return nil, nil
	}
	switch syntax.Kind(p) {
	case syntax.VariableDeclarator:
		if v := syntax.Field(p, syntax.FieldValue); v != nil && v.Id() == n.Id() {
			return syntax.Field(p, syntax.FieldName), p
		}
	case syntax.AssignmentExpression:
		if r := syntax.Field(p, syntax.FieldRight); r != nil && r.Id() == n.Id() {
			return syntax.Field(p, syntax.FieldLeft), nil
		}
	}
	return nil, nil
}

// secRefersTo reports whether expr names the same variable as target, the name of a
// declaration or the left side of an assignment: the same binding for identifiers
// (the declarator's initializer is init), the same text for `this.x` members.
func secRefersTo(pass *analysis.Pass, expr, target, init *sitter.Node) bool {
	expr = syntax.Unwrap(expr)
	if expr == nil || target == nil {
		return false
	}
	switch syntax.Kind(target) {
	case syntax.Identifier:
		if syntax.Kind(expr) != syntax.Identifier || pass.Text(expr) != pass.Text(target) {
			return false
		}
		if init == nil {
			return true // `let app; app = express()`: the name is all we have
		}
		got := pass.Resolver.Initializer(expr)
		return got != nil && got.Id() == init.Id()
	case syntax.MemberExpression:
		return syntax.Kind(expr) == syntax.MemberExpression && pass.Text(expr) == pass.Text(target)
	}
	return false
}

func secOneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// secExported reports whether the module exports name: `module.exports = name`,
// `module.exports = { name }`, `exports.x = name`, `export default name`,
// `export { name }` or `export const name = …`.
func secExported(pass *analysis.Pass, name string) bool {
	root := pass.File.Tree.RootNode()
	for i := uint(0); i < root.NamedChildCount(); i++ {
		st := root.NamedChild(i)
		switch syntax.Kind(st) {
		case syntax.ExportStatement:
			if containsNode(st, true, func(n *sitter.Node) bool {
				return (syntax.Kind(n) == syntax.Identifier || syntax.Kind(n) == syntax.ShorthandPropertyIdentifier) && pass.Text(n) == name
			}) {
				return true
			}
		case syntax.ExpressionStatement:
			a := st.NamedChild(0)
			if a == nil || syntax.Kind(a) != syntax.AssignmentExpression {
				continue
			}
			left := pass.Text(syntax.Field(a, syntax.FieldLeft))
			if left != "module.exports" && !strings.HasPrefix(left, "module.exports.") && !strings.HasPrefix(left, "exports.") {
				continue
			}
			if containsNode(syntax.Field(a, syntax.FieldRight), true, func(n *sitter.Node) bool {
				return (syntax.Kind(n) == syntax.Identifier || syntax.Kind(n) == syntax.ShorthandPropertyIdentifier) && pass.Text(n) == name
			}) {
				return true
			}
		}
	}
	return false
}

// secIsRequest reports whether n is the request object of a handler: typed or
// detected as such by the resolver, or a parameter named req.
func secIsRequest(pass *analysis.Pass, n *sitter.Node) bool {
	n = syntax.Unwrap(n)
	if n == nil || (syntax.Kind(n) != syntax.Identifier && syntax.Kind(n) != syntax.ShorthandPropertyIdentifier) {
		return false
	}
	v := pass.Resolver.Value(n)
	if v.Kind == resolve.Instance && v.Type == "request" && v.Path == "" {
		return true
	}
	return pass.Text(n) == "req" && v.Kind == resolve.Local
}

// secFromRequest reports whether expr uses the request (`req.body.x`, `req.query`),
// directly or through local variables initialised from it, up to depth steps away.
func secFromRequest(pass *analysis.Pass, expr *sitter.Node, depth int) bool {
	return containsNode(expr, false, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.Identifier && syntax.Kind(n) != syntax.ShorthandPropertyIdentifier {
			return false
		}
		if secIsRequest(pass, n) {
			return true
		}
		if depth == 0 {
			return false
		}
		if init := secDeclaredValue(pass, n); init != nil {
			return secFromRequest(pass, init, depth-1)
		}
		return false
	})
}

// secDeclaredValue is the initializer of the declaration that binds identifier id,
// destructuring included (`const { email } = req.body` gives `req.body`); nil for
// parameters, imports and unknown names.
func secDeclaredValue(pass *analysis.Pass, id *sitter.Node) *sitter.Node {
	if syntax.Kind(id) == syntax.Identifier {
		if init := pass.Resolver.Initializer(id); init != nil {
			return init
		}
	}
	if d := secFindDeclarator(pass, id); d != nil {
		return syntax.Field(d, syntax.FieldValue)
	}
	return nil
}

// secNameWords splits an identifier into lower-case words: camelCase, snake_case,
// kebab-case and digits all separate (`resetPasswordToken` → reset, password, token).
func secNameWords(name string) []string {
	var words []string
	var cur []rune
	runes := []rune(name)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i, r := range runes {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r):
			// A new word starts at an upper-case letter after a lower-case one, or before
			// a lower-case one that follows an acronym (`APIKey` → api, key).
			if i > 0 && (unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1]) ||
				(i+1 < len(runes) && unicode.IsLower(runes[i+1]) && unicode.IsUpper(runes[i-1]))) {
				flush()
			}
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

// secModuleRef returns how code at offset can name the member of a Node built-in
// module (`crypto.randomBytes`): through a namespace binding of the module in scope,
// or a named binding of the member. ok is false when neither exists.
func secModuleRef(pass *analysis.Pass, module, member string, at uint) (string, bool) {
	if pass.Resolver.Lookup(member, at).Is(module + "." + member) {
		return member, true
	}
	if pass.Resolver.Lookup(module, at).Is(module) {
		return module + "." + member, true
	}
	return "", false
}

// secCryptoRef is secModuleRef for crypto, adding `const crypto = require('node:crypto')`
// (or the ESM import) when the name crypto is free. In a browser bundle (.jsx/.tsx) no
// import is added.
func secCryptoRef(pass *analysis.Pass, member string, at uint) (ref string, edits []analysis.Edit, ok bool) {
	if ref, ok := secModuleRef(pass, "crypto", member, at); ok {
		return ref, nil, true
	}
	if pass.Resolver.Bound("crypto", at) || strings.HasSuffix(pass.File.Path, ".jsx") || strings.HasSuffix(pass.File.Path, ".tsx") {
		return "", nil, false
	}
	return "crypto." + member, []analysis.Edit{importEdit(pass, fix.Import{Name: "crypto", Spec: "node:crypto"})}, true
}

// secIsTS reports whether the file is TypeScript, where fixes must type-check.
func secIsTS(pass *analysis.Pass) bool { return pass.File.Lang.IsTypeScript() }

// secApp is an Express application the file creates with express().
type secApp struct {
	call *sitter.Node // the express() call
	// ref says how the file refers to it: the variable, or `this.app` for a class
	// member; nil when it is not stored.
	ref  *secRef
	stmt *sitter.Node // the statement that creates it, where fixes insert lines after
}

// secRef is a stored value: a variable (the binding whose declarator initializer is
// init, or any binding of the name when init is nil) or a `this.x` member (text).
type secRef struct {
	id, init *sitter.Node
	member   string
	occ      []*sitter.Node // memoised occurrences
	occDone  bool
}

// secRefOf is what the value of expr is stored in, nil when it is not stored.
func secRefOf(pass *analysis.Pass, expr *sitter.Node) *secRef {
	if p := syntax.Parent(expr); p != nil && (syntax.Kind(p) == syntax.PublicFieldDefinition || syntax.Kind(p) == syntax.FieldDefinition) {
		if v := syntax.Field(p, syntax.FieldValue); v != nil && v.Id() == expr.Id() {
			name := syntax.Field(p, syntax.FieldName)
			if name == nil {
				name = syntax.Field(p, syntax.FieldProperty)
			}
			if name != nil && syntax.Kind(name) == syntax.PropertyIdentifier {
				return &secRef{member: "this." + pass.Text(name)}
			}
		}
		return nil
	}
	target, decl := secAssignedTo(expr)
	switch {
	case target == nil:
		return nil
	case syntax.Kind(target) == syntax.Identifier:
		r := &secRef{id: target}
		if decl != nil {
			r.init = syntax.Field(decl, syntax.FieldValue)
		}
		return r
	case syntax.Kind(target) == syntax.MemberExpression && syntax.Kind(syntax.Unwrap(syntax.Field(target, syntax.FieldObject))) == syntax.This:
		return &secRef{member: pass.Text(target)}
	}
	return nil
}

// is reports whether expr refers to the stored value.
func (r *secRef) is(pass *analysis.Pass, expr *sitter.Node) bool {
	if r.member != "" {
		expr = syntax.Unwrap(expr)
		return expr != nil && syntax.Kind(expr) == syntax.MemberExpression && pass.Text(expr) == r.member
	}
	return secRefersTo(pass, expr, r.id, r.init)
}

// text is how code names the stored value.
func (r *secRef) text(pass *analysis.Pass) string {
	if r.member != "" {
		return r.member
	}
	return pass.Text(r.id)
}

// occurrences returns the identifiers (or `this.x` members) in the file that refer
// to the stored value, found by a byte search for the name: much cheaper than
// walking every call of a large file.
func (r *secRef) occurrences(pass *analysis.Pass) []*sitter.Node {
	if !r.occDone {
		r.occ, r.occDone = r.findOccurrences(pass), true
	}
	return r.occ
}

func (r *secRef) findOccurrences(pass *analysis.Pass) []*sitter.Node {
	name := r.member
	if name == "" {
		name = pass.Text(r.id)
	}
	src, nameBytes := pass.File.Src, []byte(name)
	root := pass.File.Tree.RootNode()
	var out []*sitter.Node
	for from := 0; ; {
		k := bytes.Index(src[from:], nameBytes)
		if k < 0 {
			return out
		}
		at := from + k
		end := at + len(name)
		from = end
		if (at > 0 && (syntax.IsNameByte(src[at-1]) || src[at-1] == '.')) || (end < len(src) && syntax.IsNameByte(src[end])) {
			continue
		}
		n := root.NamedDescendantForByteRange(uint(at), uint(end))
		if n == nil || n.StartByte() != uint(at) || n.EndByte() != uint(end) {
			continue
		}
		switch syntax.Kind(n) {
		case syntax.Identifier, syntax.ShorthandPropertyIdentifier:
			if r.member != "" || (r.id != nil && n.Id() == r.id.Id()) {
				continue
			}
			if syntax.Kind(n) == syntax.Identifier && !r.is(pass, n) {
				continue // another variable of the same name
			}
		case syntax.MemberExpression:
			if r.member == "" {
				continue
			}
		default:
			continue
		}
		out = append(out, n)
	}
}

// calls returns the calls `ref.m(...)` of the file for the given methods (any when none).
func (r *secRef) calls(pass *analysis.Pass, methods ...string) []*sitter.Node {
	var out []*sitter.Node
	for _, n := range r.occurrences(pass) {
		mem := syntax.Parent(n)
		if mem == nil || syntax.Kind(mem) != syntax.MemberExpression || syntax.Field(mem, syntax.FieldObject).Id() != n.Id() {
			continue
		}
		call := syntax.Parent(mem)
		if call == nil || syntax.Kind(call) != syntax.CallExpression || syntax.Field(call, syntax.FieldFunction).Id() != mem.Id() {
			continue
		}
		if len(methods) == 0 || secOneOf(pass.Text(syntax.Field(mem, syntax.FieldProperty)), methods) {
			out = append(out, call)
		}
	}
	return out
}

// passedTo returns the calls and `new`s that take the stored value as an argument.
func (r *secRef) passedTo(pass *analysis.Pass) []*sitter.Node {
	var out []*sitter.Node
	for _, n := range r.occurrences(pass) {
		if p := syntax.Parent(n); p != nil && syntax.Kind(p) == syntax.Arguments {
			if call := syntax.Parent(p); call != nil {
				out = append(out, call)
			}
		}
	}
	return out
}

// escapes reports whether the stored value is used other than through its methods
// and properties (`client.get(k)`, `client.isOpen`): aliased, passed, returned,
// exported or put in an object, where code this rule cannot follow may use it.
func (r *secRef) escapes(pass *analysis.Pass) bool {
	for _, n := range r.occurrences(pass) {
		// `this.client = createClient()`, an assignment target, is the declaration itself
		if syntax.Escapes(n) {
			return true
		}
	}
	return false
}

// secExpressApps lists the Express applications created in the file.
func secExpressApps(pass *analysis.Pass) []secApp {
	return askFile(pass, "express apps", "", func() []secApp { return secFindExpressApps(pass) })
}

func secFindExpressApps(pass *analysis.Pass) []secApp {
	var apps []secApp
	for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
		if m := syntax.MethodName(call, pass.File.Src); m != "" && m != "default" {
			continue // express() is a plain call, or express.default(): no need to resolve
		}
		v := pass.Resolver.Callee(call)
		if !v.Is("express") && !v.Is("express.default") {
			continue
		}
		apps = append(apps, secApp{call: call, stmt: syntax.Statement(call), ref: secRefOf(pass, call)})
	}
	return apps
}

// secServerFactories take an application and serve it.
var secServerFactories = map[string]bool{
	"http.createServer": true, "https.createServer": true, "http.Server": true, "https.Server": true,
	"http2.createServer": true, "http2.createSecureServer": true,
}

// served reports whether the file serves the app: `app.listen(...)`,
// `express().listen(...)` or `http.createServer(app)`.
func (a secApp) served(pass *analysis.Pass) bool {
	if src := pass.File.Src; !bytes.Contains(src, []byte("listen")) && !bytes.Contains(src, []byte("Server")) {
		return false // nothing in the file could serve it: skip the tree work
	}
	if p := syntax.Parent(a.call); p != nil && syntax.Kind(p) == syntax.MemberExpression && pass.Text(syntax.Field(p, syntax.FieldProperty)) == "listen" {
		return true
	}
	if a.ref == nil {
		return false
	}
	if len(a.ref.calls(pass, "listen")) > 0 {
		return true
	}
	for _, call := range a.ref.passedTo(pass) {
		if secServerFactories[pass.Resolver.Callee(call).Canonical()] {
			return true
		}
	}
	return false
}

// handedOff reports whether the app is mounted into another app (`parent.use('/x',
// app)`, whose settings it inherits) or passed to a function that may configure it
// in another file (`require('./security')(app)`): single-file rules cannot see what
// happens there, so they stay silent.
func (a secApp) handedOff(pass *analysis.Pass) bool {
	if a.ref == nil {
		return false
	}
	return askNode(pass, "app handed off", a.call, func() bool { return a.passedToOtherCode(pass) })
}

func (a secApp) passedToOtherCode(pass *analysis.Pass) bool {
	for _, call := range a.ref.passedTo(pass) {
		if !secServerFactories[pass.Resolver.Callee(call).Canonical()] {
			return true
		}
	}
	return false
}

// name is how code refers to the app, "" when it is not stored.
func (a secApp) name(pass *analysis.Pass) string {
	if a.ref == nil {
		return ""
	}
	return a.ref.text(pass)
}

// secJWT names the jsonwebtoken function a call invokes: "sign", "verify", "decode"
// or "" for anything else.
func secJWT(pass *analysis.Pass, call *sitter.Node) string {
	v := pass.Resolver.Callee(call)
	if !v.IsAPI() || v.Module != "jsonwebtoken" {
		return ""
	}
	switch p := strings.TrimPrefix(v.Path, "default."); p {
	case "sign", "verify", "decode":
		return p
	}
	return ""
}

// secOptionsArg finds the options argument at index i of a call whose options may be
// followed by a callback: opts is the object literal (nil when absent), cb the
// callback standing at i (nil when none). ok is false when the argument exists but
// cannot be seen (a variable, a call).
func secOptionsArg(pass *analysis.Pass, args []*sitter.Node, i int) (opts, cb *sitter.Node, ok bool) {
	if len(args) <= i {
		return nil, nil, true
	}
	if pass.Resolver.FunctionOf(args[i]) != nil {
		return nil, args[i], true
	}
	if secIsFalsy(pass, args[i]) && pass.Text(syntax.Unwrap(args[i])) != "0" {
		return nil, nil, false // `null` options: leave it alone
	}
	opts = secObject(pass, args[i])
	return opts, nil, opts != nil
}

// secAddOption returns the edit that adds prop to the options of a call: into the
// literal when there is one, before the callback, or as a new last argument.
func secAddOption(pass *analysis.Pass, call *sitter.Node, args []*sitter.Node, opts, cb *sitter.Node, prop string) analysis.Edit {
	switch {
	case opts != nil:
		return secInsertProp(pass, opts, prop)
	case cb != nil:
		return analysis.Edit{Start: cb.StartByte(), End: cb.StartByte(), NewText: "{ " + prop + " }, "}
	}
	return secAppendArg(call, args, "{ "+prop+" }")
}

// secRedisCreate follows a node-redis client back to the createClient(...) call that
// made it (through variables, await, and .on()/.connect() chains); nil when it was
// not made in this file by `redis` or `@redis/client`.
func secRedisCreate(pass *analysis.Pass, n *sitter.Node, depth int) *sitter.Node {
	n = secUnwrapAwait(n)
	if n == nil {
		return nil
	}
	switch syntax.Kind(n) {
	case syntax.Identifier:
		if depth > 0 {
			return secRedisCreate(pass, secInit(pass, n), depth-1)
		}
	case syntax.CallExpression:
		if callee := pass.Resolver.Callee(n); callee.Is("redis.createClient") || callee.Is("@redis/client.createClient") {
			return n
		}
		if m, recv := secMethod(pass, n); m == "on" || m == "once" || m == "connect" {
			return secRedisCreate(pass, recv, depth)
		}
	}
	return nil
}

// secRedisModule is the package a createClient call comes from: "redis" or "@redis/client".
func secRedisModule(pass *analysis.Pass, create *sitter.Node) string {
	return pass.Resolver.Callee(create).Module
}

// secRedisMajor is the node-redis major version a client from module runs with; 0
// when unknown. @redis/client 1.x shipped with redis 4, its 5.x with redis 5.
func secRedisMajor(pass *analysis.Pass, module string) uint64 {
	if module == "@redis/client" {
		if v := pass.Version("@redis/client"); v.Known {
			if v.Major >= 5 {
				return v.Major
			}
			return 4
		}
		if v := pass.Version("redis"); v.Known && v.Major >= 4 {
			return v.Major
		}
		return 4
	}
	if v := pass.Version("redis"); v.Known {
		return v.Major
	}
	return 0
}

// secLegacyMode reports whether createClient's options turn legacyMode on, or cannot
// be seen (a variable), in which case rules about the v4 API stay silent.
func secLegacyMode(pass *analysis.Pass, create *sitter.Node) bool {
	args := secArgs(create)
	if len(args) == 0 {
		return false
	}
	opts := syntax.Unwrap(args[0])
	if syntax.Kind(opts) != syntax.Object {
		return true
	}
	props, unknown := secProps(pass, opts)
	if unknown {
		return true
	}
	if p, ok := props["legacyMode"]; ok {
		v, isBool := secBool(p.value)
		return !isBool || v
	}
	return false
}

// secRedisReceiver reports whether a method receiver is a Redis client: resolved as a
// node-redis or ioredis client, or, in a file or package that uses redis or ioredis,
// a variable or `this.x` whose name says redis, cache or client. Chains
// (`redis.multi().incr(k)`) are followed to their first object.
func secRedisReceiver(pass *analysis.Pass, recv *sitter.Node) bool {
	recv = syntax.Unwrap(recv)
	for recv != nil && syntax.Kind(recv) == syntax.CallExpression {
		m, obj := secMethod(pass, recv)
		if m != "multi" && m != "pipeline" && !secRedisChainable[strings.ToLower(m)] {
			return false
		}
		recv = syntax.Unwrap(obj)
	}
	if recv == nil {
		return false
	}
	if v := pass.Resolver.Value(recv); v.Kind == resolve.Instance && (v.Module == "redis" || v.Module == "ioredis") && v.Type == "client" && v.Path == "" {
		return true
	}
	if secRedisCreate(pass, recv, 2) != nil {
		return true
	}
	usesRedis := pass.Resolver.Imports("redis") || pass.Resolver.Imports("ioredis") || pass.Resolver.Imports("@redis/client") ||
		pass.DependsOn("redis") || pass.DependsOn("ioredis")
	if !usesRedis {
		return false
	}
	name, ok := secReceiverName(pass, recv)
	if !ok {
		return false
	}
	lower := strings.ToLower(name)
	return strings.Contains(lower, "redis") || strings.Contains(lower, "cache") || strings.Contains(lower, "client")
}

// secReceiverName is the name a receiver goes by: an identifier's own, or the
// property of a `this.x` field. Other receivers have no name to judge by.
func secReceiverName(pass *analysis.Pass, recv *sitter.Node) (string, bool) {
	switch syntax.Kind(recv) {
	case syntax.Identifier:
		return pass.Text(recv), true
	case syntax.MemberExpression:
		if syntax.Kind(syntax.Unwrap(syntax.Field(recv, syntax.FieldObject))) == syntax.This {
			return pass.Text(syntax.Field(recv, syntax.FieldProperty)), true
		}
	}
	return "", false
}

// secRedisChainable are the commands a MULTI/pipeline chain may hold before the one
// being checked.
var secRedisChainable = map[string]bool{
	"incr": true, "incrby": true, "hincrby": true, "expire": true, "pexpire": true, "set": true,
	"get": true, "ttl": true, "pttl": true, "del": true, "zadd": true, "zremrangebyscore": true, "zcard": true,
}

// secIsModel reports whether a receiver is a Mongoose model, from what one file can
// show: a model made here (mongoose.model(), model(), mongoose.models.X), a binding
// imported from a module whose path mentions "model" (`require('../models/User')`,
// `import { Order } from '@/models'`), a name ending in Model (`userModel`,
// `this.orderModel`, NestJS style), or a receiver the file itself uses with a
// `session` option.
func secIsModel(pass *analysis.Pass, recv *sitter.Node) bool {
	recv = syntax.Unwrap(recv)
	if recv == nil {
		return false
	}
	v := pass.Resolver.Value(recv)
	switch {
	case v.Kind == resolve.Instance && v.Module == "mongoose" && v.Type == "model" && v.Path == "":
		return true
	case v.IsAPI() && v.Module == "mongoose" && strings.HasPrefix(v.Path, "models.") && strings.Count(v.Path, ".") == 1:
		return true
	}
	if syntax.Kind(recv) == syntax.Identifier && (v.Kind == resolve.Module || v.Kind == resolve.Member) && v.Module != "mongoose" && strings.Contains(strings.ToLower(v.Module), "model") {
		return true
	}
	name, ok := secReceiverName(pass, recv)
	if !ok {
		return false
	}
	if len(name) > len("Model") && strings.HasSuffix(name, "Model") {
		return true
	}
	return secUsedWithSession(pass, recv)
}

// secModelOps are the model operations that take a session, with the index of their
// options argument and whether they write.
var secModelOps = map[string]struct {
	opts  int
	write bool
}{
	"create": {1, true}, "insertMany": {1, true}, "updateOne": {2, true}, "updateMany": {2, true},
	"replaceOne": {2, true}, "findOneAndUpdate": {2, true}, "findByIdAndUpdate": {2, true},
	"findOneAndDelete": {1, true}, "findByIdAndDelete": {1, true}, "findOneAndReplace": {2, true},
	"deleteOne": {1, true}, "deleteMany": {1, true}, "bulkWrite": {1, true},
	"find": {2, false}, "findOne": {2, false}, "findById": {2, false}, "countDocuments": {1, false},
	"aggregate": {1, false},
}

// secCarriesSession reports whether a model call passes a session: an object
// argument with a session key, or `.session(s)` chained after it.
func secCarriesSession(pass *analysis.Pass, call *sitter.Node) bool {
	for _, a := range secArgs(call) {
		if obj := syntax.Unwrap(a); syntax.Kind(obj) == syntax.Object {
			if props, _ := secProps(pass, obj); props["session"].node != nil {
				return true
			}
		}
	}
	for n := call; ; {
		mem := syntax.Parent(n)
		if mem == nil || syntax.Kind(mem) != syntax.MemberExpression {
			return false
		}
		next := syntax.Parent(mem)
		if next == nil || syntax.Kind(next) != syntax.CallExpression {
			return false
		}
		if p := pass.Text(syntax.Field(mem, syntax.FieldProperty)); p == "session" || p == "$session" {
			return true
		}
		n = next
	}
}

// secUsedWithSession reports whether the file calls a model operation with a session
// on the same receiver (same text) elsewhere: evidence that it is a Mongoose model.
func secUsedWithSession(pass *analysis.Pass, recv *sitter.Node) bool {
	for _, id := range secSessionReceivers(pass)[pass.Text(recv)] {
		if id != recv.Id() {
			return true
		}
	}
	return false
}

// secSessionReceivers maps the text of each receiver of a model operation that carries
// a session to those receivers' node ids, found once per check.
func secSessionReceivers(pass *analysis.Pass) map[string][]uintptr {
	return askFile(pass, "receivers of operations with a session", "", func() map[string][]uintptr {
		out := map[string][]uintptr{}
		for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
			if _, op := secModelOps[syntax.MethodName(call, pass.File.Src)]; !op {
				continue
			}
			if _, r := secMethod(pass, call); r != nil && secCarriesSession(pass, call) {
				out[pass.Text(r)] = append(out[pass.Text(r)], r.Id())
			}
		}
		return out
	})
}

// secCreateArrayFix wraps create's single document in an array, turning
// `const o = await M.create({...}, opts)` into `const [o] = await M.create([{...}], opts)`.
// nil when the result is used in a way the change would break.
func secCreateArrayFix(pass *analysis.Pass, call, doc *sitter.Node) []analysis.Edit {
	edits := []analysis.Edit{{Start: doc.StartByte(), End: doc.StartByte(), NewText: "["}, {Start: doc.EndByte(), End: doc.EndByte(), NewText: "]"}}
	n := call
	for p := syntax.Parent(n); p != nil && (syntax.Kind(p) == syntax.AwaitExpression || syntax.Kind(p) == syntax.ParenthesizedExpression); p = syntax.Parent(p) {
		n = p
	}
	p := syntax.Parent(n)
	switch {
	case p == nil:
		return nil
	case syntax.Kind(p) == syntax.ExpressionStatement:
		return edits
	case syntax.Kind(p) == syntax.VariableDeclarator:
		name := syntax.Field(p, syntax.FieldName)
		if name == nil || syntax.Kind(name) != syntax.Identifier || syntax.Field(p, syntax.FieldType) != nil {
			return nil
		}
		return append(edits, analysis.Edit{Start: name.StartByte(), End: name.EndByte(), NewText: "[" + pass.Text(name) + "]"})
	}
	return nil
}

// optionsLack reads the options argument at index i (an object literal or a const bound
// to one, possibly followed by a callback) and reports whether it certainly lacks key:
// false when the options cannot be seen or might hold it (a spread, a computed key).
func optionsLack(pass *analysis.Pass, args []*sitter.Node, i int, key string) (opts, cb *sitter.Node, lacks bool) {
	opts, cb, ok := secOptionsArg(pass, args, i)
	if !ok {
		return nil, nil, false
	}
	if opts != nil {
		props, unknown := secProps(pass, opts)
		if _, has := props[key]; has || unknown {
			return opts, cb, false
		}
	}
	return opts, cb, true
}
