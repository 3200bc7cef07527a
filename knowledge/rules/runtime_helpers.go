package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Shared helpers of the runtime, stream, cluster and Express flow rules.

// errParamNames are the names that mark a function's first parameter as an error
// (see docs/rules.md#error-middleware-arity).
var errParamNames = map[string]bool{"err": true, "error": true, "e": true, "ex": true, "exception": true}

// inExpressFiles makes a rule run only in a file that imports express: apps, routers
// and Express types all come from an express import. Its needles, expressImported,
// let the prefilter skip the other files before they are parsed; the Run wrapper asks
// the resolver, which knows the imports for sure.
func inExpressFiles(run func(*analysis.Pass, *sitter.Node)) func(*analysis.Pass, *sitter.Node) {
	return func(pass *analysis.Pass, n *sitter.Node) {
		if pass.Resolver.Imports("express") {
			run(pass, n)
		}
	}
}

// runtimeParams are the parameters a function receives at run time: a leading
// TypeScript `this:` parameter is a type-only annotation and is dropped.
func runtimeParams(fn *sitter.Node) []*sitter.Node {
	ps := syntax.Params(fn)
	if len(ps) > 0 {
		if pat := syntax.Field(ps[0], syntax.FieldPattern); pat != nil && syntax.Kind(pat) == syntax.This {
			return ps[1:]
		}
	}
	return ps
}

// hidesLength reports whether a parameter stops Function.length from counting: a
// default value or a rest element.
func hidesLength(p *sitter.Node) bool {
	switch syntax.Kind(p) {
	case syntax.AssignmentPattern, syntax.RestPattern:
		return true
	case syntax.RequiredParameter, syntax.OptionalParameter:
		if syntax.Field(p, syntax.FieldValue) != nil {
			return true
		}
		if pat := syntax.Field(p, syntax.FieldPattern); pat != nil && syntax.Kind(pat) == syntax.RestPattern {
			return true
		}
	}
	return false
}

// functionLength is a function's Function.length: the parameters before the first
// default value or rest element. Express treats a middleware as an error handler
// exactly when this is 4.
func functionLength(fn *sitter.Node) int {
	n := 0
	for _, p := range runtimeParams(fn) {
		if hidesLength(p) {
			break
		}
		n++
	}
	return n
}

// expressRoles are the names a handler gives its request, response and next
// parameters, "" where it has none or binds a pattern. With four parameters the
// first is the error.
type expressRoles struct{ err, req, res, next string }

func handlerRoles(fn *sitter.Node, src []byte) expressRoles {
	ps := runtimeParams(fn)
	name := func(i int) string {
		if i < len(ps) {
			return syntax.ParamName(ps[i], src)
		}
		return ""
	}
	if len(ps) >= 4 {
		return expressRoles{err: name(0), req: name(1), res: name(2), next: name(3)}
	}
	return expressRoles{req: name(0), res: name(1), next: name(2)}
}

// methodChainRoot follows a method chain `a.b(x).c(y).d` down to its first object `a`,
// through an awaited link: `(await redis.multi()).incr(key)` is rooted at `redis`.
func methodChainRoot(n *sitter.Node) *sitter.Node {
	for n != nil {
		switch syntax.Kind(n) {
		case syntax.MemberExpression:
			n = syntax.Field(n, syntax.FieldObject)
		case syntax.CallExpression:
			n = syntax.Field(n, syntax.FieldFunction)
		case syntax.ParenthesizedExpression, syntax.NonNullExpression, syntax.AsExpression, syntax.AwaitExpression:
			n = n.NamedChild(0)
		default:
			return n
		}
	}
	return n
}

// methodReceiver is x of a call `x.m(...)`, nil for other calls.
func methodReceiver(call *sitter.Node) *sitter.Node {
	fn := syntax.Field(call, syntax.FieldFunction)
	if fn == nil || syntax.Kind(fn) != syntax.MemberExpression {
		return nil
	}
	return syntax.Field(fn, syntax.FieldObject)
}

// responseTerminators end an Express or http response.
var responseTerminators = map[string]bool{
	"send": true, "json": true, "jsonp": true, "end": true, "sendStatus": true, "render": true,
	"redirect": true, "sendFile": true, "download": true,
}

// streamingResponse are response methods that answer without ending: a server-sent
// events endpoint writes and keeps the response open on purpose.
var streamingResponse = map[string]bool{"write": true, "writeHead": true, "flushHeaders": true, "format": true}

// isResponseCall reports whether call is `res.<terminator>(...)`, possibly after other
// calls on res (`res.status(500).json(...)`); with streaming, writes count too.
func isResponseCall(pass *analysis.Pass, call *sitter.Node, res string, streaming bool) bool {
	if res == "" || syntax.Kind(call) != syntax.CallExpression {
		return false
	}
	m := syntax.MethodName(call, pass.File.Src)
	if !responseTerminators[m] && !(streaming && streamingResponse[m]) {
		return false
	}
	root := methodChainRoot(call)
	return root != nil && syntax.Kind(root) == syntax.Identifier && pass.Text(root) == res
}

// passesName reports whether call hands the identifier name to the callee as an
// argument: `handleError(err, res)`, `auth(req, res, next)`.
func passesName(pass *analysis.Pass, call *sitter.Node, name string) bool {
	if name == "" || syntax.Kind(call) != syntax.CallExpression {
		return false
	}
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil {
		return false
	}
	for i := uint(0); i < args.NamedChildCount(); i++ {
		a := syntax.Unwrap(args.NamedChild(i))
		if syntax.Kind(a) == syntax.SpreadElement {
			return true // f(...arguments) may pass anything
		}
		if syntax.Kind(a) == syntax.Identifier && pass.Text(a) == name {
			return true
		}
	}
	return false
}

// isName reports whether n is the identifier name.
func isName(pass *analysis.Pass, n *sitter.Node, name string) bool {
	return name != "" && n != nil && syntax.Kind(n) == syntax.Identifier && pass.Text(n) == name
}

// expressRegistration recognises `X.<method>(...)` on an Express app, router or route
// and returns the method name ("use", "get", ...).
func expressRegistration(pass *analysis.Pass, call *sitter.Node) string {
	callee := pass.Resolver.Callee(call)
	if callee.Kind != resolve.Instance || callee.Module != "express" || strings.Contains(callee.Path, ".") {
		return ""
	}
	switch callee.Type {
	case "app", "router", "route":
		if expressRouteMethods[callee.Path] {
			return callee.Path
		}
	}
	return ""
}

var expressRouteMethods = map[string]bool{
	"get": true, "post": true, "put": true, "patch": true, "delete": true, "del": true,
	"all": true, "options": true, "head": true, "use": true,
}

// numberLiteral reads a plain decimal number literal.
func numberLiteral(pass *analysis.Pass, n *sitter.Node) (float64, bool) {
	n = syntax.Unwrap(n)
	if n == nil || syntax.Kind(n) != syntax.Number {
		return 0, false
	}
	var v float64
	text := strings.ReplaceAll(pass.Text(n), "_", "")
	for i, r := range text {
		if r == '.' {
			frac := 0.1
			for _, d := range text[i+1:] {
				if d < '0' || d > '9' {
					return 0, false
				}
				v += float64(d-'0') * frac
				frac /= 10
			}
			return v, true
		}
		if r < '0' || r > '9' {
			return 0, false
		}
		v = v*10 + float64(r-'0')
	}
	return v, true
}

// argHasKey reports whether an object literal argument of call has the key.
func argHasKey(pass *analysis.Pass, call *sitter.Node, key string) bool {
	for _, p := range objectArgProperties(call) {
		switch syntax.Kind(p) {
		case syntax.Pair:
			if objectKey(pass, p) == key {
				return true
			}
		case syntax.ShorthandPropertyIdentifier:
			if pass.Text(p) == key {
				return true
			}
		}
	}
	return false
}

// objectArgProperties are the properties of the object literals call is given as
// arguments: `send({ res, status: 500 })`.
func objectArgProperties(call *sitter.Node) []*sitter.Node {
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil {
		return nil
	}
	var out []*sitter.Node
	for i := uint(0); i < args.NamedChildCount(); i++ {
		if obj := syntax.Unwrap(args.NamedChild(i)); syntax.Kind(obj) == syntax.Object {
			for j := uint(0); j < obj.NamedChildCount(); j++ {
				out = append(out, obj.NamedChild(j))
			}
		}
	}
	return out
}

// nameSet makes a set of names.
func nameSet(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, it := range items {
		m[it] = true
	}
	return m
}

// importsAny reports whether the file imports or requires one of the modules, a cheap
// test that lets a rule skip files that cannot contain what it looks for.
func importsAny[V any](pass *analysis.Pass, modules map[string]V) bool {
	for m := range modules {
		if pass.Resolver.Imports(m) {
			return true
		}
	}
	return false
}

// usesAny reports whether the file imports or requires one of the modules, or its
// package depends on one: the module is in use here even when this file reaches it
// through another.
func usesAny[V any](pass *analysis.Pass, modules map[string]V) bool {
	if importsAny(pass, modules) {
		return true
	}
	for m := range modules {
		if pass.DependsOn(m) {
			return true
		}
	}
	return false
}
