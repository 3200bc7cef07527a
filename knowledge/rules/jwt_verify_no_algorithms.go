package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// JWTVerifyNoAlgorithms flags jwt.verify() calls that do not pin the algorithms
// (see docs/rules.md#jwt-verify-no-algorithms).
var JWTVerifyNoAlgorithms = &analysis.Rule{
	Name:  "jwt-verify-no-algorithms",
	Entry: "jwt-authentication",
	Doc: `Flags jwt.verify() (jsonwebtoken) without an algorithms option.

Without algorithms, verify accepts whatever algorithm the token's own header names
among those the key allows. Pinning the list is the defence against algorithm
confusion attacks, such as an HS256 token "signed" with an RSA public key. Before
jsonwebtoken 9.0.0 the defaults were unsafe (CVE-2022-23540), so the finding is a
warning when an older version is installed. Options the rule cannot see are not
flagged. jose's jwtVerify never accepts "none" and is not flagged. The rule runs
only in files that import jsonwebtoken.
Use instead: jwt.verify(token, key, { algorithms: ['HS256'] }), listing the algorithm
you sign with.`,
	Severity: analysis.Information,
	Kinds:    []string{syntax.CallExpression},
	Needles:  mentions(importNeedles("jsonwebtoken")...),
	Calls:    []string{"jsonwebtoken.verify", "jsonwebtoken.default.verify"},
	Run:      runJWTVerifyNoAlgorithms,
}

func runJWTVerifyNoAlgorithms(pass *analysis.Pass, call *sitter.Node) {
	if secJWT(pass, call) != "verify" {
		return
	}
	args := secArgs(call)
	if len(args) < 2 {
		return
	}
	opts, cb, lacks := optionsLack(pass, args, 2, "algorithms")
	if !lacks {
		return
	}
	sev := analysis.Information
	msg := "jwt.verify without algorithms accepts the algorithm the token's header names; pin the ones you sign with"
	if v := pass.Version("jsonwebtoken"); v.Known && v.Major < 9 {
		sev = analysis.Warning
		msg = "jwt.verify without algorithms on jsonwebtoken " + v.String() + " allows algorithm confusion (CVE-2022-23540); pin the algorithms"
	}
	var fix *analysis.Fix
	if alg := verifyAlgorithm(pass, args[1]); alg != "" {
		fix = &analysis.Fix{
			Title: "Accept only " + alg,
			Edits: []analysis.Edit{secAddOption(pass, call, args, opts, cb, "algorithms: ['"+alg+"']")},
		}
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), sev, msg, fix)
}

// verifyAlgorithm guesses the algorithm to pin: the one a jwt.sign in this file names,
// else HS256 for a string or environment secret and RS256 for a key read from a .pem
// file; "" when the key says nothing certain.
func verifyAlgorithm(pass *analysis.Pass, key *sitter.Node) string {
	if alg := askFile(pass, "jwt.sign algorithm", "", func() string { return signAlgorithm(pass) }); alg != "" {
		return alg
	}
	return keyAlgorithm(pass, key, 2)
}

// signAlgorithm is the algorithm the first jwt.sign of the file that names one names.
func signAlgorithm(pass *analysis.Pass) string {
	for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
		if secJWT(pass, call) != "sign" {
			continue
		}
		if args := secArgs(call); len(args) > 2 {
			if opts := secObject(pass, args[2]); opts != nil {
				props, _ := secProps(pass, opts)
				if alg, ok := props["algorithm"]; ok {
					if s, isStr := syntax.StringValue(alg.value, pass.File.Src); isStr && s != "" && s != "none" {
						return s
					}
				}
			}
		}
	}
	return ""
}

func keyAlgorithm(pass *analysis.Pass, key *sitter.Node, depth int) string {
	key = syntax.Unwrap(key)
	if key == nil {
		return ""
	}
	if _, ok := syntax.StringValue(key, pass.File.Src); ok {
		return "HS256"
	}
	switch syntax.Kind(key) {
	case syntax.MemberExpression:
		if obj := syntax.Field(key, syntax.FieldObject); obj != nil && pass.Resolver.Value(obj).Is("process.env") {
			name := strings.ToUpper(pass.Text(syntax.Field(key, syntax.FieldProperty)))
			for _, asym := range []string{"PUBLIC", "PRIVATE", "PEM", "RSA", "CERT", "JWK"} {
				if strings.Contains(name, asym) {
					return ""
				}
			}
			return "HS256"
		}
	case syntax.BinaryExpression:
		// process.env.JWT_SECRET || 'dev-secret'
		if op := pass.Text(syntax.Field(key, syntax.FieldOperator)); op == "||" || op == "??" {
			if alg := keyAlgorithm(pass, syntax.Field(key, syntax.FieldLeft), depth); alg != "" {
				return alg
			}
		}
	case syntax.Identifier:
		if depth > 0 {
			if init := secConstInit(pass, key); init != nil {
				return keyAlgorithm(pass, init, depth-1)
			}
		}
	case syntax.CallExpression:
		if callee := pass.Resolver.Callee(key); callee.Is("fs.readFileSync") || callee.Is("fs/promises.readFile") {
			if containsNode(syntax.Field(key, syntax.FieldArguments), false, func(n *sitter.Node) bool {
				s, ok := syntax.StringValue(n, pass.File.Src)
				return ok && strings.HasSuffix(strings.ToLower(s), ".pem")
			}) {
				return "RS256"
			}
		}
	}
	return ""
}
