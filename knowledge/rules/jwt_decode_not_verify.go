package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// JWTDecodeNotVerify flags handlers that trust a decoded but unverified JWT
// (see docs/rules.md#jwt-decode-not-verify).
var JWTDecodeNotVerify = &analysis.Rule{
	Name:  "jwt-decode-not-verify",
	Entry: "jwt-authentication",
	Doc: `Flags a handler that stores jwt.decode() (or jwtDecode()) output on req or res.locals without verifying the token.

decode only base64-decodes the payload; it never checks the signature. Anyone can
write a token that says { "role": "admin" }, and a middleware that puts decoded claims
on req.user accepts it. The rule looks at request handlers and middleware only (a
front end decoding claims for display is fine), and stays silent when the same
handler calls jwt.verify, jose's jwtVerify, or any function named like verify.
It runs only in files that import jsonwebtoken or jwt-decode.
Use instead: const claims = jwt.verify(token, key, { algorithms: ['HS256'] }).`,
	Severity: analysis.Error,
	Kinds:    []string{syntax.CallExpression},
	Needles:  mentions(importNeedles("jsonwebtoken", "jwt-decode")...),
	Calls:    []string{"jsonwebtoken.decode", "jsonwebtoken.default.decode", "jwt-decode", "jwt-decode.jwtDecode", "jwt-decode.default"},
	Run:      runJWTDecodeNotVerify,
	Local:    true,
}

func runJWTDecodeNotVerify(pass *analysis.Pass, call *sitter.Node) {
	if !isJWTDecode(pass, call) {
		return
	}
	h := requestHandler(pass, call)
	if h == nil || !decodedOntoRequest(pass, call, h.Func) || callsVerify(pass, h.Func) {
		return
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), 0, "decoded JWT claims are trusted without checking the signature; use jwt.verify", nil)
}

func isJWTDecode(pass *analysis.Pass, call *sitter.Node) bool {
	if secJWT(pass, call) == "decode" {
		return true
	}
	v := pass.Resolver.Callee(call)
	return v.Is("jwt-decode") || v.Is("jwt-decode.jwtDecode") || v.Is("jwt-decode.default")
}

// decodedOntoRequest reports whether the decode result ends up on req or res.locals,
// directly (`req.user = jwt.decode(t)`) or through a local (`const p = jwt.decode(t);
// req.user = p.sub`).
func decodedOntoRequest(pass *analysis.Pass, call, fn *sitter.Node) bool {
	target, decl := secAssignedTo(call)
	if target == nil {
		return false
	}
	if syntax.Kind(target) == syntax.MemberExpression {
		return requestScoped(pass, target)
	}
	if decl == nil || syntax.Kind(target) != syntax.Identifier {
		return false
	}
	name, init := pass.Text(target), syntax.Field(decl, syntax.FieldValue)
	return containsNode(fn, false, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.AssignmentExpression || !requestScoped(pass, syntax.Field(n, syntax.FieldLeft)) {
			return false
		}
		return containsNode(syntax.Field(n, syntax.FieldRight), false, func(id *sitter.Node) bool {
			if syntax.Kind(id) != syntax.Identifier && syntax.Kind(id) != syntax.ShorthandPropertyIdentifier {
				return false
			}
			if pass.Text(id) != name {
				return false
			}
			got := pass.Resolver.Initializer(id)
			return syntax.Kind(id) == syntax.ShorthandPropertyIdentifier || (got != nil && got.Id() == init.Id())
		})
	})
}

// requestScoped reports whether an assignment target is a property of the request
// (`req.user`, `req.auth.claims`) or of res.locals.
func requestScoped(pass *analysis.Pass, left *sitter.Node) bool {
	left = syntax.Unwrap(left)
	for left != nil && (syntax.Kind(left) == syntax.MemberExpression || syntax.Kind(left) == syntax.SubscriptExpression) {
		obj := syntax.Unwrap(syntax.Field(left, syntax.FieldObject))
		if secIsRequest(pass, obj) {
			return true
		}
		if syntax.Kind(obj) == syntax.MemberExpression && pass.Text(syntax.Field(obj, syntax.FieldProperty)) == "locals" {
			res := syntax.Unwrap(syntax.Field(obj, syntax.FieldObject))
			v := pass.Resolver.Value(res)
			if (v.Kind == resolve.Instance && v.Type == "response" && v.Path == "") || pass.Text(res) == "res" {
				return true
			}
		}
		left = obj
	}
	return false
}

// callsVerify reports whether fn verifies a token anywhere: jsonwebtoken's verify,
// jose's jwtVerify, or a helper whose name says it verifies.
func callsVerify(pass *analysis.Pass, fn *sitter.Node) bool {
	return containsNode(fn, false, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.CallExpression {
			return false
		}
		if secJWT(pass, n) == "verify" || pass.Resolver.Callee(n).Is("jose.jwtVerify") {
			return true
		}
		callee := syntax.Field(n, syntax.FieldFunction)
		name := pass.Text(callee)
		if callee != nil && syntax.Kind(callee) == syntax.MemberExpression {
			name = pass.Text(syntax.Field(callee, syntax.FieldProperty))
		}
		return strings.Contains(strings.ToLower(name), "verify")
	})
}
