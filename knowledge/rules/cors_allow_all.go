package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// CORSAllowAll flags CORS configurations that let every origin read responses
// (see docs/rules.md#cors-allow-all).
var CORSAllowAll = &analysis.Rule{
	Name:  "cors-allow-all",
	Entry: "cors",
	Doc: `Flags cors() with no options, origin '*', origin: true, and a literal Access-Control-Allow-Origin: *.

With these settings any web page, on any site, can read your API's responses from its
visitors' browsers. That is right for a public, unauthenticated API and wrong for
almost everything else. CORS does not stop curl or servers; it only relaxes the
browser's same-origin policy, so open it as narrowly as the clients you serve.
An origin that falls back to '*' when nothing is configured (allowOrigin || '*', or
?? '*', inline or through a constant) counts as '*': that is what every deployment
that leaves the setting alone serves. Code guarded by a development-only NODE_ENV
check is not flagged.
Apollo Server's Express integration (applyMiddleware or getMiddleware from
apollo-server-express) passes its cors option to the cors package, so the same
checks apply to it.
It runs only in files that import cors or apollo-server-express, or that spell
Access-Control-Allow-Origin and name a header setter (.setHeader, .set, .header,
.append): the three things it reports at.
Use instead: an allowlist, cors({ origin: ['https://app.example.com'] }).`,
	Severity: analysis.Information,
	Kinds:    []string{syntax.CallExpression},
	Needles: mentions(importNeedles("cors", "apollo-server-express")...).
		Or(mentions("access-control-allow-origin").And(methodsNamed(headerSetters)...)),
	Run:   runCORSAllowAll,
	Local: true,
}

func runCORSAllowAll(pass *analysis.Pass, call *sitter.Node) {
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil {
		return
	}
	if pass.Resolver.Callee(call).Is("cors") {
		if msg := corsOptionsProblem(pass, args); msg != "" && !devOnly(pass, call) {
			var fix *analysis.Fix
			if args.NamedChildCount() == 0 {
				fix = &analysis.Fix{Title: "Allow only the origins listed in CORS_ORIGINS", Edits: []analysis.Edit{{
					Start: args.StartByte(), End: args.EndByte(),
					NewText: "({ origin: process.env.CORS_ORIGINS?.split(',') ?? [] })",
				}}}
			}
			pass.ReportNode(call, 0, msg, fix)
		}
		return
	}
	if opts := apolloCORSOptions(pass, call, args); opts != nil {
		if msg := corsObjectProblem(pass, opts); msg != "" && !devOnly(pass, call) {
			pass.ReportNode(opts, 0, "Apollo Server's "+msg, nil)
		}
		return
	}
	if isAllowOriginStar(pass, call, args) && !devOnly(pass, call) {
		pass.ReportNode(call, 0, "Access-Control-Allow-Origin: * lets every origin read this response", nil)
	}
}

// apolloCORSOptions is the arguments node the cors package gets from Apollo Server's
// Express integration: `server.applyMiddleware({ app, cors: { origin: '*' } })` (or
// getMiddleware) hands its cors option to cors() unchanged. The result is the
// option's object; nil for other calls, and for `cors: false` or `true`.
func apolloCORSOptions(pass *analysis.Pass, call, args *sitter.Node) *sitter.Node {
	if m := syntax.MethodName(call, pass.File.Src); (m != "applyMiddleware" && m != "getMiddleware") || args.NamedChildCount() != 1 || !isApolloExpressServer(pass, methodReceiver(call)) {
		return nil
	}
	opts := syntax.Unwrap(args.NamedChild(0))
	if opts == nil || syntax.Kind(opts) != syntax.Object {
		return nil
	}
	for i := uint(0); i < opts.NamedChildCount(); i++ {
		p := opts.NamedChild(i)
		if syntax.Kind(p) == syntax.Pair && objectKey(pass, p) == "cors" {
			if v := syntax.Unwrap(syntax.Field(p, syntax.FieldValue)); v != nil && syntax.Kind(v) == syntax.Object {
				return v
			}
		}
	}
	return nil
}

// isApolloExpressServer: `new ApolloServer(...)` of apollo-server-express, inline or
// in the variable n names.
func isApolloExpressServer(pass *analysis.Pass, n *sitter.Node) bool {
	n = syntax.Unwrap(n)
	if n != nil && syntax.Kind(n) == syntax.Identifier {
		n = syntax.Unwrap(pass.Resolver.Initializer(n))
	}
	if n == nil || syntax.Kind(n) != syntax.NewExpression {
		return false
	}
	v := pass.Resolver.Value(syntax.Field(n, syntax.FieldConstructor))
	return v.Module == "apollo-server-express" && v.Path == "ApolloServer"
}

// corsOptionsProblem says what is open about a cors(...) call's options, "" when they
// restrict origins or cannot be known.
func corsOptionsProblem(pass *analysis.Pass, args *sitter.Node) string {
	if args.NamedChildCount() == 0 {
		return "cors() with no options lets every origin read every response (Access-Control-Allow-Origin: *)"
	}
	return corsObjectProblem(pass, args.NamedChild(0))
}

// corsObjectProblem says what is open about cors options given as an object, or a
// constant holding one; "" when they restrict origins or cannot be known.
func corsObjectProblem(pass *analysis.Pass, opts *sitter.Node) string {
	opts = syntax.Unwrap(opts)
	if syntax.Kind(opts) == syntax.Identifier {
		opts = syntax.Unwrap(pass.Resolver.Initializer(opts)) // const corsOptions = {...}
	}
	if opts == nil || syntax.Kind(opts) != syntax.Object {
		return "" // a function or an options variable we cannot see: no claim
	}
	var origin *sitter.Node
	credentials := false
	for i := uint(0); i < opts.NamedChildCount(); i++ {
		p := opts.NamedChild(i)
		if syntax.Kind(p) == syntax.SpreadElement {
			return ""
		}
		if syntax.Kind(p) != syntax.Pair {
			continue
		}
		switch objectKey(pass, p) {
		case "origin":
			origin = syntax.Unwrap(syntax.Field(p, syntax.FieldValue))
		case "credentials":
			credentials = pass.Text(syntax.Field(p, syntax.FieldValue)) == "true"
		}
	}
	// With credentials: true, '*' and reflected origins are cors-reflect-origin-with-credentials' business.
	if credentials {
		return ""
	}
	if origin == nil {
		return "cors options without an origin allow every origin (Access-Control-Allow-Origin: *)"
	}
	if starOrStarByDefault(pass, origin) {
		return "cors origin '*' lets every origin read every response"
	}
	if syntax.Kind(origin) == syntax.True {
		return "cors origin: true reflects any requesting origin, so every origin may read every response"
	}
	return ""
}

// headerSetters are the response methods that set a header by name.
var headerSetters = map[string]bool{"setHeader": true, "set": true, "header": true, "append": true}

func isAllowOriginStar(pass *analysis.Pass, call, args *sitter.Node) bool {
	fn := syntax.Field(call, syntax.FieldFunction)
	if fn == nil || syntax.Kind(fn) != syntax.MemberExpression || !headerSetters[pass.Text(syntax.Field(fn, syntax.FieldProperty))] || args.NamedChildCount() != 2 {
		return false
	}
	name, ok := syntax.StringValue(args.NamedChild(0), pass.File.Src)
	return ok && strings.EqualFold(name, "Access-Control-Allow-Origin") && starOrStarByDefault(pass, args.NamedChild(1))
}

// starOrStarByDefault reports whether an origin value is '*', or falls back to '*'
// when nothing is configured (`allowOrigin || '*'`, `?? '*'`), inline or in the
// constant it names: an opt-in setting whose default opens every origin.
func starOrStarByDefault(pass *analysis.Pass, v *sitter.Node) bool {
	v = syntax.Unwrap(v)
	if v != nil && syntax.Kind(v) == syntax.Identifier {
		v = syntax.Unwrap(pass.Resolver.Initializer(v))
	}
	if v == nil {
		return false
	}
	if s, ok := syntax.StringValue(v, pass.File.Src); ok {
		return strings.TrimSpace(s) == "*"
	}
	if syntax.Kind(v) != syntax.BinaryExpression {
		return false
	}
	switch pass.Text(syntax.Field(v, syntax.FieldOperator)) {
	case "||", "??":
		s, ok := syntax.StringValue(syntax.Unwrap(syntax.Field(v, syntax.FieldRight)), pass.File.Src)
		return ok && strings.TrimSpace(s) == "*"
	}
	return false
}

// devOnly reports whether n only runs outside production: inside
// `if (process.env.NODE_ENV !== 'production')`, `=== 'development'`, or the else of
// `=== 'production'`.
func devOnly(pass *analysis.Pass, n *sitter.Node) bool {
	for child, p := n, syntax.Parent(n); p != nil; child, p = p, syntax.Parent(p) {
		var cond, then, otherwise *sitter.Node
		switch syntax.Kind(p) {
		case syntax.IfStatement:
			cond, then, otherwise = syntax.Field(p, syntax.FieldCondition), syntax.Field(p, syntax.FieldConsequence), syntax.Field(p, syntax.FieldAlternative)
		case syntax.TernaryExpression:
			cond, then, otherwise = syntax.Field(p, syntax.FieldCondition), syntax.Field(p, syntax.FieldConsequence), syntax.Field(p, syntax.FieldAlternative)
		default:
			continue
		}
		inThen := then != nil && syntax.Contains(then, child)
		inElse := otherwise != nil && syntax.Contains(otherwise, child)
		if dev, ok := nodeEnvTest(pass, cond); ok && ((dev && inThen) || (!dev && inElse)) {
			return true
		}
	}
	return false
}

// nodeEnvTest reads a `process.env.NODE_ENV <op> '<env>'` condition; dev is whether the
// condition holds outside production.
func nodeEnvTest(pass *analysis.Pass, cond *sitter.Node) (dev, ok bool) {
	cond = syntax.Unwrap(cond)
	if cond == nil || syntax.Kind(cond) != syntax.BinaryExpression {
		return false, false
	}
	left, right := syntax.Field(cond, syntax.FieldLeft), syntax.Field(cond, syntax.FieldRight)
	env, isStr := syntax.StringValue(right, pass.File.Src)
	if !isStr {
		left, right = right, left
		env, isStr = syntax.StringValue(right, pass.File.Src)
	}
	if !isStr || !pass.Resolver.Value(left).Is("process.env.NODE_ENV") {
		return false, false
	}
	op := pass.Text(syntax.Field(cond, syntax.FieldOperator))
	equal := op == "===" || op == "=="
	if !equal && op != "!==" && op != "!=" {
		return false, false
	}
	if env == "production" {
		return !equal, true
	}
	return equal, true // === 'development' / 'test'
}
