package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// HMACCompareNotTimingSafe flags HMAC digests compared with === or Buffer#equals
// (see docs/rules.md#hmac-compare-not-timing-safe).
var HMACCompareNotTimingSafe = &analysis.Rule{
	Name:  "hmac-compare-not-timing-safe",
	Entry: "hmac-signing",
	Doc: `Flags an HMAC digest (crypto.createHmac(...).digest()) compared with ===, !==, ==, != or Buffer#equals.

These comparisons stop at the first differing byte, so the time they take leaks how
much of a forged signature is right; an attacker who can measure it can recover a
valid signature byte by byte. The digest may be inline, in a variable, or inside a
'sha256=' prefix. Length comparisons, crypto.timingSafeEqual, and plain createHash
digests (cache keys, ETags) are not flagged.
It runs only in files that import crypto and call createHmac and a digest method: an Hmac is
known only from that call, and every operand it reports is a digest of one. It
records no fact for other files.
Use instead: const a = Buffer.from(sig), b = Buffer.from(expected);
a.length === b.length && crypto.timingSafeEqual(a, b).`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.BinaryExpression, syntax.CallExpression},
	Needles:  mentions("createhmac").And(importNeedles("crypto")...).And(analysis.MethodNeedles("digest")...),
	Methods:  []string{"equals"},
	Run:      runHMACCompare,
	Local:    true,
}

func runHMACCompare(pass *analysis.Pass, n *sitter.Node) {
	switch syntax.Kind(n) {
	case syntax.BinaryExpression:
		op := pass.Text(syntax.Field(n, syntax.FieldOperator))
		if op != "===" && op != "!==" && op != "==" && op != "!=" {
			return
		}
		left, right := syntax.Field(n, syntax.FieldLeft), syntax.Field(n, syntax.FieldRight)
		if !isHMACDigest(pass, left, 2) && !isHMACDigest(pass, right, 2) {
			return
		}
		pass.ReportNode(n, 0, "comparing an HMAC with "+op+" leaks timing; use crypto.timingSafeEqual", timingSafeFix(pass, n, left, right, op == "!==" || op == "!="))
	case syntax.CallExpression:
		m, recv := secMethod(pass, n)
		args := secArgs(n)
		if m != "equals" || len(args) != 1 {
			return
		}
		if !isHMACDigest(pass, recv, 2) && !isHMACDigest(pass, args[0], 2) {
			return
		}
		pass.ReportNode(n, 0, "Buffer#equals on an HMAC leaks timing; use crypto.timingSafeEqual", timingSafeFix(pass, n, recv, args[0], false))
	}
}

// isHMACDigest reports whether n is an HMAC digest: `createHmac(...).update(...).digest(...)`,
// `hmac.digest()`, a variable initialised with one, `Buffer.from(<digest>)`, or a
// string built around one (`'sha256=' + digest`).
func isHMACDigest(pass *analysis.Pass, n *sitter.Node, depth int) bool {
	n = syntax.Unwrap(n)
	if n == nil {
		return false
	}
	switch syntax.Kind(n) {
	case syntax.CallExpression:
		m, recv := secMethod(pass, n)
		switch m {
		case "digest":
			return hmacChain(pass, recv)
		case "from":
			if pass.Resolver.Callee(n).Is("buffer.Buffer.from") {
				if args := secArgs(n); len(args) > 0 {
					return isHMACDigest(pass, args[0], depth)
				}
			}
		}
	case syntax.Identifier:
		if depth > 0 {
			return isHMACDigest(pass, secInit(pass, n), depth-1)
		}
	case syntax.TemplateString:
		for i := uint(0); i < n.NamedChildCount(); i++ {
			if c := n.NamedChild(i); syntax.Kind(c) == syntax.TemplateSubstitution && isHMACDigest(pass, c.NamedChild(0), depth) {
				return true
			}
		}
	case syntax.BinaryExpression:
		if pass.Text(syntax.Field(n, syntax.FieldOperator)) == "+" {
			return isHMACDigest(pass, syntax.Field(n, syntax.FieldLeft), depth) || isHMACDigest(pass, syntax.Field(n, syntax.FieldRight), depth)
		}
	}
	return false
}

// hmacChain reports whether recv is an Hmac object, possibly after .update() calls.
func hmacChain(pass *analysis.Pass, recv *sitter.Node) bool {
	recv = syntax.Unwrap(recv)
	for recv != nil && syntax.Kind(recv) == syntax.CallExpression {
		m, obj := secMethod(pass, recv)
		if m != "update" {
			break
		}
		recv = syntax.Unwrap(obj)
	}
	v := pass.Resolver.Value(recv)
	return v.Kind == resolve.Instance && v.Module == "crypto" && v.Type == "hmac" && v.Path == ""
}

// timingSafeFix rewrites `x === y` as
// `(Buffer.byteLength(x) === Buffer.byteLength(y) && crypto.timingSafeEqual(Buffer.from(x), Buffer.from(y)))`,
// negated for !==. The length check is needed because timingSafeEqual throws on
// unequal lengths. Operands are evaluated twice, so there is no fix when one calls
// digest() on a shared Hmac (a second digest() throws).
func timingSafeFix(pass *analysis.Pass, n, x, y *sitter.Node, negate bool) *analysis.Fix {
	if pass.Resolver.Bound("Buffer", n.StartByte()) || digestsShared(pass, x) || digestsShared(pass, y) {
		return nil
	}
	ref, edits, ok := secCryptoRef(pass, "timingSafeEqual", n.StartByte())
	if !ok {
		return nil
	}
	a, b := pass.Text(x), pass.Text(y)
	text := "(Buffer.byteLength(" + a + ") === Buffer.byteLength(" + b + ") && " + ref + "(Buffer.from(" + a + "), Buffer.from(" + b + ")))"
	if negate {
		text = "!" + text
	}
	edits = append(edits, analysis.Edit{Start: n.StartByte(), End: n.EndByte(), NewText: text})
	return &analysis.Fix{Title: "Compare with crypto.timingSafeEqual", Edits: edits}
}

// digestsShared reports whether n calls digest() on an Hmac it did not create itself.
func digestsShared(pass *analysis.Pass, n *sitter.Node) bool {
	return containsNode(n, true, func(c *sitter.Node) bool {
		if syntax.Kind(c) != syntax.CallExpression {
			return false
		}
		m, recv := secMethod(pass, c)
		if m != "digest" {
			return false
		}
		for recv = syntax.Unwrap(recv); recv != nil && syntax.Kind(recv) == syntax.CallExpression; {
			if inner, obj := secMethod(pass, recv); inner == "update" {
				recv = syntax.Unwrap(obj)
				continue
			}
			break
		}
		return recv == nil || syntax.Kind(recv) != syntax.CallExpression
	})
}
