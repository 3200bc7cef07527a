package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// CORSReflectOriginWithCredentials flags CORS setups that let any site make
// credentialed requests and read the answers (see docs/rules.md#cors-reflect-origin-with-credentials).
var CORSReflectOriginWithCredentials = &analysis.Rule{
	Name:  "cors-reflect-origin-with-credentials",
	Entry: "cors",
	Doc: `Flags CORS that reflects any origin while allowing credentials.

cors({ origin: true, credentials: true }), an origin function that always says yes,
or a handler that copies the request's Origin into Access-Control-Allow-Origin next to
Access-Control-Allow-Credentials: true, all let any website send requests carrying
your users' cookies and read the responses: their data, CSRF tokens, anything the API
returns. cors({ origin: '*', credentials: true }) is reported as a warning: browsers
refuse credentialed responses carrying '*', so that configuration is broken rather
than open. Allowlists, origin functions that consult one, and code guarded by a
development-only NODE_ENV check are not flagged. (cors-allow-all covers the variants
without credentials.)
It runs only in files that import cors and spell credentials (the option it needs
set), or spell both Access-Control-Allow-Origin and Access-Control-Allow-Credentials.
Use instead: an allowlist, cors({ origin: ['https://app.example.com'], credentials: true }).`,
	Severity:   analysis.Error,
	InertBlind: true,
	KnownOnly:  true,
	Kinds:      []string{syntax.CallExpression},
	Needles: mentions(importNeedles("cors")...).And("credentials").
		Or(mentions("access-control-allow-origin").And("access-control-allow-credentials")),
	Calls:   []string{"cors"},
	Methods: []string{"setHeader", "set", "header", "append"},
	Run:     runCORSReflectOrigin,
}

func runCORSReflectOrigin(pass *analysis.Pass, call *sitter.Node) {
	if pass.Resolver.Callee(call).Is("cors") {
		corsCredentialedOptions(pass, call)
		return
	}
	manualOriginReflection(pass, call)
}

// corsReport reports unless the call only runs outside production (checked last:
// it walks up the tree).
func corsReport(pass *analysis.Pass, call, at *sitter.Node, sev analysis.Severity, msg string, fix *analysis.Fix) {
	if !devOnly(pass, call) {
		pass.ReportNode(at, sev, msg, fix)
	}
}

// corsCredentialedOptions checks cors({ origin, credentials: true }) options.
func corsCredentialedOptions(pass *analysis.Pass, call *sitter.Node) {
	args := secArgs(call)
	if len(args) == 0 {
		return
	}
	opts := secObject(pass, args[0])
	if opts == nil {
		return
	}
	props, unknown := secProps(pass, opts)
	cred, ok := props["credentials"]
	// Like cors-allow-all, only a literal `credentials: true` counts.
	if unknown || !ok || syntax.Kind(cred.node) != syntax.Pair || pass.Text(cred.value) != "true" {
		return
	}
	origin, ok := props["origin"]
	if !ok {
		// No origin is cors's default '*': the same broken pairing as origin: '*'.
		corsReport(pass, call, cred.node, analysis.Warning, "cors without an origin sends '*', which browsers reject with credentials: true; list the allowed origins", nil)
		return
	}
	if syntax.Kind(origin.node) == syntax.ShorthandPropertyIdentifier {
		return // an origin variable the rule cannot see
	}
	v := syntax.Unwrap(origin.value)
	if syntax.Kind(origin.node) == syntax.MethodDefinition {
		v = origin.node
	}
	switch {
	case syntax.Kind(v) == syntax.True:
		corsReport(pass, call, origin.node, 0, "cors origin: true with credentials: true lets any website make credentialed requests and read the responses", nil)
	case isStarString(pass, v):
		corsReport(pass, call, origin.node, analysis.Warning, "cors origin '*' with credentials: true is rejected by browsers; list the allowed origins instead", nil)
	default:
		if fn := secFunctionValue(pass, v); fn != nil {
			if allow := unconditionalOriginCallback(pass, fn); allow != nil {
				corsReport(pass, call, allow, 0, "this cors origin function allows every origin, with credentials: any website can read credentialed responses", nil)
			}
		}
	}
}

func isStarString(pass *analysis.Pass, n *sitter.Node) bool {
	s, ok := syntax.StringValue(n, pass.File.Src)
	return ok && strings.TrimSpace(s) == "*"
}

// secFunctionValue is the function n is or names (a same-file function or const arrow).
func secFunctionValue(pass *analysis.Pass, n *sitter.Node) *sitter.Node {
	n = syntax.Unwrap(n)
	if n == nil {
		return nil
	}
	if syntax.IsFunction(n) {
		return n
	}
	if syntax.Kind(n) == syntax.Identifier {
		if v := pass.Resolver.Value(n); v.Node != nil && syntax.IsFunction(v.Node) {
			return v.Node
		}
	}
	return nil
}

// unconditionalOriginCallback returns the callback call of an origin function
// `(origin, cb) => cb(null, true)` that allows every origin: its body is that one
// call (or `return` of it), passing true or the origin itself. nil otherwise.
func unconditionalOriginCallback(pass *analysis.Pass, fn *sitter.Node) *sitter.Node {
	ps := syntax.Params(fn)
	if len(ps) != 2 {
		return nil
	}
	origin, cb := syntax.ParamName(ps[0], pass.File.Src), syntax.ParamName(ps[1], pass.File.Src)
	if cb == "" {
		return nil
	}
	body := syntax.Unwrap(pass.BodyOf(fn)) // its statements count: an edit there is checked whole
	if body == nil {
		return nil
	}
	if syntax.Kind(body) == syntax.StatementBlock {
		var stmts []*sitter.Node
		for i := uint(0); i < body.NamedChildCount(); i++ {
			if c := body.NamedChild(i); syntax.Kind(c) != syntax.Comment {
				stmts = append(stmts, c)
			}
		}
		if len(stmts) != 1 || (syntax.Kind(stmts[0]) != syntax.ExpressionStatement && syntax.Kind(stmts[0]) != syntax.ReturnStatement) {
			return nil
		}
		body = syntax.Unwrap(stmts[0].NamedChild(0))
	}
	if body == nil || syntax.Kind(body) != syntax.CallExpression || pass.Text(syntax.Field(body, syntax.FieldFunction)) != cb {
		return nil
	}
	args := secArgs(body)
	if len(args) != 2 || !secIsFalsy(pass, args[0]) {
		return nil
	}
	allow := syntax.Unwrap(args[1])
	if syntax.Kind(allow) == syntax.True || (origin != "" && syntax.Kind(allow) == syntax.Identifier && pass.Text(allow) == origin) {
		return body
	}
	return nil
}

// manualOriginReflection checks `res.setHeader('Access-Control-Allow-Origin', req.headers.origin)`
// in a function that also sends Access-Control-Allow-Credentials: true and never
// compares the origin.
func manualOriginReflection(pass *analysis.Pass, call *sitter.Node) {
	m, _ := secMethod(pass, call)
	args := secArgs(call)
	if !headerSetters[m] || len(args) != 2 {
		return
	}
	name, ok := syntax.StringValue(args[0], pass.File.Src)
	if !ok || !strings.EqualFold(name, "Access-Control-Allow-Origin") {
		return
	}
	value := syntax.Unwrap(args[1])
	names := []string{}
	if syntax.Kind(value) == syntax.Identifier {
		// const origin = req.headers.origin; res.setHeader(..., origin)
		init := secInit(pass, value)
		if init == nil || !isRequestOrigin(pass, init) {
			return
		}
		names = append(names, pass.Text(value))
	} else if !isRequestOrigin(pass, value) {
		return
	}
	fn := syntax.EnclosingFunction(call)
	if fn == nil || !sendsCredentials(pass, fn) || comparesOrigin(pass, fn, names) {
		return
	}
	corsReport(pass, call, call, 0, "the request's Origin is reflected with Access-Control-Allow-Credentials: true: any website can read credentialed responses", nil)
}

// isRequestOrigin matches req.headers.origin, req.headers['origin'], req.get('origin')
// and req.header('Origin').
func isRequestOrigin(pass *analysis.Pass, n *sitter.Node) bool {
	n = syntax.Unwrap(n)
	switch syntax.Kind(n) {
	case syntax.MemberExpression, syntax.SubscriptExpression:
		var key string
		if syntax.Kind(n) == syntax.MemberExpression {
			key = pass.Text(syntax.Field(n, syntax.FieldProperty))
		} else {
			key, _ = syntax.StringValue(syntax.Field(n, syntax.FieldIndex), pass.File.Src)
		}
		obj := syntax.Unwrap(syntax.Field(n, syntax.FieldObject))
		return strings.EqualFold(key, "origin") && syntax.Kind(obj) == syntax.MemberExpression &&
			pass.Text(syntax.Field(obj, syntax.FieldProperty)) == "headers" && secIsRequest(pass, syntax.Field(obj, syntax.FieldObject))
	case syntax.CallExpression:
		m, recv := secMethod(pass, n)
		args := secArgs(n)
		if (m != "get" && m != "header") || len(args) != 1 || !secIsRequest(pass, recv) {
			return false
		}
		s, ok := syntax.StringValue(args[0], pass.File.Src)
		return ok && strings.EqualFold(s, "origin")
	}
	return false
}

// sendsCredentials reports whether fn sets Access-Control-Allow-Credentials to true.
func sendsCredentials(pass *analysis.Pass, fn *sitter.Node) bool {
	return containsNode(fn, false, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.CallExpression {
			return false
		}
		m, _ := secMethod(pass, n)
		args := secArgs(n)
		if !headerSetters[m] || len(args) != 2 {
			return false
		}
		name, ok := syntax.StringValue(args[0], pass.File.Src)
		if !ok || !strings.EqualFold(name, "Access-Control-Allow-Credentials") {
			return false
		}
		s, isStr := syntax.StringValue(args[1], pass.File.Src)
		return (isStr && s == "true") || syntax.Kind(syntax.Unwrap(args[1])) == syntax.True
	})
}

// comparesOrigin reports whether fn looks at the origin before reflecting it: a
// comparison, or an allowlist lookup (.includes, .has, .test, .indexOf, ...)
// mentioning the origin.
func comparesOrigin(pass *analysis.Pass, fn *sitter.Node, names []string) bool {
	mentions := func(n *sitter.Node) bool {
		text := strings.ToLower(pass.Text(n))
		if strings.Contains(text, "origin") {
			return true
		}
		for _, name := range names {
			if strings.Contains(pass.Text(n), name) {
				return true
			}
		}
		return false
	}
	return containsNode(fn, false, func(n *sitter.Node) bool {
		switch syntax.Kind(n) {
		case syntax.BinaryExpression:
			switch pass.Text(syntax.Field(n, syntax.FieldOperator)) {
			case "===", "==", "!==", "!=":
				return mentions(n)
			}
		case syntax.CallExpression:
			switch m, _ := secMethod(pass, n); m {
			case "includes", "has", "test", "indexOf", "some", "find", "match", "startsWith", "endsWith", "exec":
				return mentions(n)
			}
		case syntax.SwitchStatement:
			return mentions(syntax.Field(n, syntax.FieldValue))
		}
		return false
	})
}
