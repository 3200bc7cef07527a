package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// A service built as a constructor whose methods are functions of other modules of
// the package (System.prototype.detectHardwareClasses = detectHardwareClasses, that
// name imported from ./system.detectHardwareClasses) is called through an injected
// object whose type no file states: `gladys.system.detectHardwareClasses()` in a
// controller factory that gets gladys as a parameter. Such a call reaches that
// module's function when:
//   - the call's receiver is a property of a parameter (or of this) that nothing
//     resolves, so it names no other known value;
//   - exactly one prototype assignment of the package names the method, whatever it
//     assigns, so no other class of this shape could be the receiver;
//   - the method's name is not one of a built-in object's (get, map, then...), which
//     any value of the language may answer.

// factRequestPathMethod, followed by a method name, says that this file's request
// path calls that method on a receiver nothing resolves.
const factRequestPathMethod = "request-path-method:"

// factPrototypeMethod, followed by a module key, "#name", ">" and a method name, says
// that this file assigns that function of that module to a prototype's method.
const factPrototypeMethod = "prototype-method:"

// factPrototypeMethodName, followed by a method name, marks each assignment to a
// prototype's method of that name, whatever it assigns.
const factPrototypeMethodName = "prototype-method-name:"

// builtinMethodNames are the methods of JavaScript's and Node's everyday objects
// (arrays, maps, sets, promises, strings, objects, emitters, streams): a call of one
// of them on an unknown receiver is no evidence of a service's method.
var builtinMethodNames = nameSet(
	"get", "set", "has", "delete", "clear", "add", "keys", "values", "entries", "forEach",
	"map", "filter", "reduce", "find", "findIndex", "some", "every", "includes", "indexOf",
	"push", "pop", "shift", "unshift", "slice", "splice", "concat", "join", "sort", "reverse", "flat", "flatMap", "at", "fill",
	"then", "catch", "finally", "toString", "toJSON", "valueOf", "hasOwnProperty",
	"split", "replace", "trim", "match", "startsWith", "endsWith", "toLowerCase", "toUpperCase", "padStart", "padEnd",
	"on", "once", "off", "emit", "addListener", "removeListener", "pipe", "write", "end", "read", "destroy",
	"call", "apply", "bind", "next", "send", "json", "status", "render", "redirect", "close", "start", "stop", "run", "init")

// exportPrototypeMethods records a factPrototypeMethodName for every top-level
// `C.prototype.m = …` of the file, and a factPrototypeMethod when what it assigns is a
// function of another module of the package.
func exportPrototypeMethods(pass *analysis.Pass) {
	for _, a := range syntax.ExpressionStatements(pass.File.Tree.RootNode(), syntax.AssignmentExpression) {
		method := prototypeMethod(pass, syntax.Field(a, syntax.FieldLeft))
		if method == "" {
			continue
		}
		pass.AddFact(factPrototypeMethodName+method, a)
		module, name, ok := pass.Resolver.FunctionElsewhere(syntax.Field(a, syntax.FieldRight))
		if !ok || name == "" {
			continue
		}
		if key, ok := resolve.ModuleKey(pass.File.Path, module, pass.DependsOn); ok {
			pass.AddFact(factPrototypeMethod+key+"#"+name+">"+method, a)
		}
	}
}

// prototypeMethod is m for a left-hand side C.prototype.m, "" otherwise.
func prototypeMethod(pass *analysis.Pass, left *sitter.Node) string {
	left = syntax.Unwrap(left)
	if left == nil || syntax.Kind(left) != syntax.MemberExpression {
		return ""
	}
	proto := syntax.Unwrap(syntax.Field(left, syntax.FieldObject))
	if proto == nil || syntax.Kind(proto) != syntax.MemberExpression || pass.Text(syntax.Field(proto, syntax.FieldProperty)) != "prototype" ||
		syntax.Kind(syntax.Field(proto, syntax.FieldObject)) != syntax.Identifier {
		return ""
	}
	if prop := syntax.Field(left, syntax.FieldProperty); prop != nil && syntax.Kind(prop) == syntax.PropertyIdentifier {
		return pass.Text(prop)
	}
	return ""
}

// unresolvedServiceCall is m for a call x.y.m() whose receiver is a property of a
// parameter or of this that nothing resolves, and m no built-in method; "" otherwise.
func unresolvedServiceCall(pass *analysis.Pass, call *sitter.Node) string {
	fn := syntax.Unwrap(syntax.Field(call, syntax.FieldFunction))
	if fn == nil || syntax.Kind(fn) != syntax.MemberExpression {
		return ""
	}
	prop := syntax.Field(fn, syntax.FieldProperty)
	if prop == nil || syntax.Kind(prop) != syntax.PropertyIdentifier || builtinMethodNames[pass.Text(prop)] {
		return ""
	}
	recv := syntax.Unwrap(syntax.Field(fn, syntax.FieldObject))
	if recv == nil || syntax.Kind(recv) != syntax.MemberExpression || pass.Resolver.Value(recv).Kind != resolve.None {
		return ""
	}
	root := recv
	for root != nil && syntax.Kind(root) == syntax.MemberExpression {
		root = syntax.Unwrap(syntax.Field(root, syntax.FieldObject))
	}
	switch {
	case root == nil:
		return ""
	case syntax.Kind(root) == syntax.This:
	case syntax.Kind(root) != syntax.Identifier || !isParameterName(pass, root):
		return ""
	}
	return pass.Text(prop)
}

// isParameterName reports whether id names a parameter of a function around it.
func isParameterName(pass *analysis.Pass, id *sitter.Node) bool {
	if pass.Resolver.Initializer(id) != nil {
		return false // a variable, not a parameter
	}
	name := pass.Text(id)
	for fn := syntax.EnclosingFunction(id); fn != nil; fn = syntax.EnclosingFunction(fn) {
		for _, p := range syntax.Params(fn) {
			if syntax.ParamName(p, pass.File.Src) == name {
				return true
			}
		}
	}
	return false
}

// calledThroughPrototype reports whether another file's request path calls a method
// that the package's one prototype assignment of that name makes of callee (a module
// key and "#name").
func calledThroughPrototype(pass *analysis.Pass, callee string) bool {
	for _, f := range factsWithPrefix(pass, factPrototypeMethod+callee+">") {
		method := strings.TrimPrefix(f.Name, factPrototypeMethod+callee+">")
		if len(pass.Elsewhere(factPrototypeMethodName+method)) == 1 && len(pass.Elsewhere(factRequestPathMethod+method)) > 0 {
			return true
		}
	}
	return false
}
