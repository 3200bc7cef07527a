package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// JWTSignNoExpiry flags JWTs signed without an expiry (see docs/rules.md#jwt-sign-no-expiry).
var JWTSignNoExpiry = &analysis.Rule{
	Name:  "jwt-sign-no-expiry",
	Entry: "jwt-authentication",
	Doc: `Flags jwt.sign() and jose's SignJWT with no expiry: no expiresIn option and no exp claim.

A JWT is valid until it expires, and a stateless one cannot be revoked: a token
without exp that leaks through a log, a browser extension or a stolen laptop works
forever. Only object-literal payloads and options are checked; a payload or options
value the rule cannot see is not flagged, and neither is a payload that sets exp.
It runs only in files that import jsonwebtoken or jose.
Use instead: jwt.sign(payload, secret, { expiresIn: '15m' }) with a refresh-token flow,
or new SignJWT(payload).setExpirationTime('15m').`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression, syntax.NewExpression},
	Needles:  mentions(importNeedles("jsonwebtoken", "jose")...),
	Calls:    []string{"jsonwebtoken.sign", "jsonwebtoken.default.sign", "jose.SignJWT"},
	Run:      runJWTSignNoExpiry,
}

// jwtDefaultExpiry is the lifetime the fixes write.
const jwtDefaultExpiry = "'15m'"

func runJWTSignNoExpiry(pass *analysis.Pass, n *sitter.Node) {
	switch syntax.Kind(n) {
	case syntax.CallExpression:
		if secJWT(pass, n) == "sign" {
			jsonwebtokenSign(pass, n)
		}
	case syntax.NewExpression:
		if pass.Resolver.Callee(n).Is("jose.SignJWT") {
			joseSignJWT(pass, n)
		}
	}
}

func jsonwebtokenSign(pass *analysis.Pass, call *sitter.Node) {
	args := secArgs(call)
	if len(args) < 2 || !payloadWithoutExp(pass, args[0]) {
		return
	}
	opts, cb, lacks := optionsLack(pass, args, 2, "expiresIn")
	if !lacks {
		return
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), 0, "this JWT never expires: no expiresIn option and no exp claim", &analysis.Fix{
		Title: "Expire the token after 15 minutes",
		Edits: []analysis.Edit{secAddOption(pass, call, args, opts, cb, "expiresIn: "+jwtDefaultExpiry)},
	})
}

// payloadWithoutExp reports whether a payload is an object literal (or a const bound
// to one) that certainly has no exp claim.
func payloadWithoutExp(pass *analysis.Pass, payload *sitter.Node) bool {
	obj := secObject(pass, payload)
	if obj == nil {
		return false
	}
	props, unknown := secProps(pass, obj)
	_, has := props["exp"]
	return !has && !unknown
}

// joseSignJWT checks a `new SignJWT(p).setProtectedHeader(...)....sign(key)` chain.
func joseSignJWT(pass *analysis.Pass, ctor *sitter.Node) {
	if args := secArgs(ctor); len(args) > 0 && !payloadWithoutExp(pass, args[0]) {
		return
	}
	var signMember *sitter.Node
	for n := ctor; ; {
		call, p := syntax.ChainedCall(n)
		if call == nil {
			break
		}
		switch pass.Text(syntax.Field(p, syntax.FieldProperty)) {
		case "setExpirationTime":
			return
		case "sign":
			signMember = p
		}
		n = call
	}
	if signMember == nil {
		return // the builder is kept in a variable: its other calls are out of sight
	}
	at := syntax.Field(signMember, syntax.FieldObject).EndByte()
	pass.ReportNode(syntax.Field(ctor, syntax.FieldConstructor), 0, "this JWT never expires: the SignJWT chain has no setExpirationTime()", &analysis.Fix{
		Title: "Expire the token after 15 minutes",
		Edits: []analysis.Edit{{Start: at, End: at, NewText: ".setExpirationTime(" + jwtDefaultExpiry + ")"}},
	})
}
