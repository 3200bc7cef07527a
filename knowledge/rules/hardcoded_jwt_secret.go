package rules

import (
	"bytes"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// HardcodedJWTSecret flags JWT signing and verification keys written into the source
// (see docs/rules.md#hardcoded-jwt-secret).
var HardcodedJWTSecret = &analysis.Rule{
	Name:  "hardcoded-jwt-secret",
	Entry: "jwt-authentication",
	Doc: `Flags a JWT secret that is a string literal, or a literal fallback such as process.env.JWT_SECRET || 'secret'.

Anyone who can read the repository, a build artefact or a leaked bundle can mint valid
tokens for any user with a hard-coded key, and rotating it means a redeploy. A
fallback is as bad: when the variable is missing in one environment, that
deployment silently signs with a public default. Covered: jsonwebtoken sign/verify,
express-jwt's secret, passport-jwt's secretOrKey, and jose keys made with
new TextEncoder().encode('...'). A bare process.env value, config getters and keys
read from files are not flagged, nor are public keys.
It runs only in files that import one of those four packages.
Use instead: process.env.JWT_SECRET with a startup check that fails when it is unset.`,
	Severity: analysis.Error,
	Kinds:    []string{syntax.CallExpression, syntax.NewExpression},
	Needles:  mentions(importNeedles("jsonwebtoken", "express-jwt", "passport-jwt", "jose")...),
	Calls: []string{"jsonwebtoken.sign", "jsonwebtoken.verify", "jsonwebtoken.default.sign", "jsonwebtoken.default.verify",
		"express-jwt", "express-jwt.expressjwt", "express-jwt.default", "passport-jwt.Strategy", "jose.jwtVerify"},
	Methods: []string{"sign"},
	Run:     runHardcodedJWTSecret,
}

func runHardcodedJWTSecret(pass *analysis.Pass, n *sitter.Node) {
	for _, key := range jwtKeyArgs(pass, n) {
		if syntax.Kind(key) == syntax.ShorthandPropertyIdentifier {
			continue // `{ secret }`: the name is checked where it is declared
		}
		checkJWTKey(pass, key)
	}
}

// jwtKeyArgs returns the key expressions a call or `new` passes to a JWT library.
func jwtKeyArgs(pass *analysis.Pass, n *sitter.Node) []*sitter.Node {
	args := secArgs(n)
	callee := pass.Resolver.Callee(n)
	optionKey := func(name string) []*sitter.Node {
		if len(args) == 0 {
			return nil
		}
		if obj := syntax.Unwrap(args[0]); syntax.Kind(obj) == syntax.Object {
			props, _ := secProps(pass, obj)
			if p, ok := props[name]; ok && syntax.Kind(p.node) == syntax.Pair {
				return []*sitter.Node{p.value}
			}
		}
		return nil
	}
	if syntax.Kind(n) == syntax.NewExpression {
		if callee.Is("passport-jwt.Strategy") {
			return optionKey("secretOrKey")
		}
		return nil
	}
	switch {
	case secJWT(pass, n) == "sign" || secJWT(pass, n) == "verify":
		if len(args) > 1 {
			return []*sitter.Node{args[1]}
		}
	case callee.Is("express-jwt") || callee.Is("express-jwt.expressjwt") || callee.Is("express-jwt.default"):
		return optionKey("secret")
	case callee.Is("jose.jwtVerify"):
		if len(args) > 1 {
			return textEncoderKey(pass, args[1])
		}
	default:
		// new SignJWT(...)....sign(key)
		if m, _ := secMethod(pass, n); m == "sign" && len(args) > 0 {
			root := syntax.Field(n, syntax.FieldFunction)
			for root != nil && (syntax.Kind(root) == syntax.MemberExpression || syntax.Kind(root) == syntax.CallExpression) {
				if syntax.Kind(root) == syntax.MemberExpression {
					root = syntax.Field(root, syntax.FieldObject)
				} else {
					root = syntax.Field(root, syntax.FieldFunction)
				}
			}
			if root != nil && syntax.Kind(root) == syntax.NewExpression && pass.Resolver.Callee(root).Is("jose.SignJWT") {
				return textEncoderKey(pass, args[0])
			}
		}
	}
	return nil
}

// textEncoderKey returns the string a jose key is made from: the argument of
// `new TextEncoder().encode(x)`, inline or through a const.
func textEncoderKey(pass *analysis.Pass, key *sitter.Node) []*sitter.Node {
	key = syntax.Unwrap(key)
	if syntax.Kind(key) == syntax.Identifier {
		key = secConstInit(pass, key)
	}
	if key == nil || syntax.Kind(key) != syntax.CallExpression {
		return nil
	}
	m, recv := secMethod(pass, key)
	recv = syntax.Unwrap(recv)
	if m != "encode" || recv == nil || syntax.Kind(recv) != syntax.NewExpression || pass.Text(syntax.Field(recv, syntax.FieldConstructor)) != "TextEncoder" ||
		pass.Resolver.Bound("TextEncoder", recv.StartByte()) {
		return nil
	}
	if args := secArgs(key); len(args) == 1 {
		return args
	}
	return nil
}

// checkJWTKey reports a key that is, or is bound to, a literal or a literal fallback.
func checkJWTKey(pass *analysis.Pass, key *sitter.Node) {
	key = syntax.Unwrap(key)
	at, replace, env := key, key, ""
	msg := "hard-coded JWT secret: anyone with the source can mint tokens; read it from the environment"
	if syntax.Kind(key) == syntax.Identifier {
		init := pass.Resolver.Initializer(key)
		if init == nil {
			return
		}
		replace = syntax.Unwrap(init)
		msg = pass.Text(key) + " is a hard-coded JWT secret: anyone with the source can mint tokens; read it from the environment"
	}
	switch lit, fallbackEnv, ok := secretLiteral(pass, replace); {
	case !ok:
		return
	case fallbackEnv != "":
		env = fallbackEnv
		if syntax.Kind(key) != syntax.Identifier {
			at = lit
		}
		msg = "the JWT secret falls back to a hard-coded string when " + env + " is unset; fail at startup instead"
	default:
		env = "JWT_SECRET"
	}
	pass.ReportNode(at, 0, msg, jwtSecretFix(pass, replace, env))
}

// secretLiteral classifies a key expression: a non-empty string literal (lit is it),
// or `process.env.X || '<literal>'` (lit is the literal, env is X). ok is false for
// anything else, and for public keys and certificates, which are not secrets.
func secretLiteral(pass *analysis.Pass, n *sitter.Node) (lit *sitter.Node, env string, ok bool) {
	n = syntax.Unwrap(n)
	if n == nil {
		return nil, "", false
	}
	if s, isStr := syntax.StringValue(n, pass.File.Src); isStr {
		if strings.TrimSpace(s) == "" || strings.Contains(s, "PUBLIC KEY") || strings.Contains(s, "CERTIFICATE") {
			return nil, "", false
		}
		return n, "", true
	}
	if syntax.Kind(n) != syntax.BinaryExpression {
		return nil, "", false
	}
	if op := pass.Text(syntax.Field(n, syntax.FieldOperator)); op != "||" && op != "??" {
		return nil, "", false
	}
	left := syntax.Unwrap(syntax.Field(n, syntax.FieldLeft))
	if syntax.Kind(left) != syntax.MemberExpression || !pass.Resolver.Value(syntax.Field(left, syntax.FieldObject)).Is("process.env") {
		return nil, "", false
	}
	if lit, _, isLit := secretLiteral(pass, syntax.Field(n, syntax.FieldRight)); isLit {
		return lit, pass.Text(syntax.Field(left, syntax.FieldProperty)), true
	}
	return nil, "", false
}

// jwtSecretFix replaces the literal (or the whole fallback) with process.env.<env>
// and adds a fail-fast check before the top-level statement that uses it.
func jwtSecretFix(pass *analysis.Pass, replace *sitter.Node, env string) *analysis.Fix {
	value := "process.env." + env
	if secIsTS(pass) {
		value += "!" // the check below guarantees it; TypeScript cannot see that
	}
	edits := []analysis.Edit{{Start: replace.StartByte(), End: replace.EndByte(), NewText: value}}
	guard := "if (!process.env." + env + ") throw new Error('" + env + " is not set');"
	guarded := askFile(pass, "guards the environment variable", env, func() bool {
		return bytes.Contains(pass.File.Src, []byte("if (!process.env."+env+")"))
	})
	if top := syntax.TopStatement(replace); top != nil && !guarded {
		edits = append(edits, analysis.Edit{Start: top.StartByte(), End: top.StartByte(), NewText: guard + "\n"})
	}
	return &analysis.Fix{Title: "Read the secret from " + env + " and fail fast when it is unset", Edits: edits}
}
