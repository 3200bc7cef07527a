package rules

import (
	"regexp"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// CipherStaticIV flags createCipheriv with a constant IV, a literal key or ECB mode
// (see docs/rules.md#cipher-static-iv).
var CipherStaticIV = &analysis.Rule{
	Name:  "cipher-static-iv",
	Entry: "aes-file-encryption",
	Doc: `Flags crypto.createCipheriv() with a constant IV; also a literal key (error) and ECB mode (warning).

An IV must be unpredictable and never reused with the same key. A fixed IV makes
equal plaintexts encrypt to equal ciphertexts (CBC), and with GCM or CTR reusing one
leaks the XOR of plaintexts and, for GCM, lets an attacker forge messages. A key in the
source is readable by anyone with the code, and ECB encrypts equal blocks equally, so
patterns in the data survive encryption. IVs from crypto.randomBytes or a parameter,
and createDecipheriv (which must reuse the stored IV), are not flagged.
It runs only in files that name crypto and createCipheriv, the call it reports at,
and records no fact for other files.
Use instead: const iv = crypto.randomBytes(12) for GCM (16 for CBC/CTR), stored next
to the ciphertext; the key from a secret store or scrypt; aes-256-gcm.`,
	Severity: analysis.Error,
	Kinds:    []string{syntax.CallExpression},
	Needles:  mentions("crypto"),
	Calls:    []string{"crypto.createCipheriv"},
	Run:      runCipherStaticIV,
	Local:    true,
}

var ecbMode = regexp.MustCompile(`(?i)-ecb$`)

func runCipherStaticIV(pass *analysis.Pass, call *sitter.Node) {
	if !pass.Resolver.Callee(call).Is("crypto.createCipheriv") {
		return
	}
	args := secArgs(call)
	if len(args) < 3 {
		return
	}
	alg, key, iv := args[0], args[1], args[2]
	algName, algKnown := syntax.StringValue(alg, pass.File.Src)
	if algKnown && ecbMode.MatchString(algName) {
		pass.ReportNode(alg, analysis.Warning, "ECB mode encrypts equal blocks to equal ciphertext, so patterns in the data show; use aes-256-gcm", nil)
	} else if staticBytes(pass, iv, 2) {
		pass.ReportNode(iv, 0, "a constant IV makes equal plaintexts encrypt alike (and breaks GCM); use crypto.randomBytes per message", randomIVFix(pass, call, alg, iv, algName, algKnown))
	}
	if staticKey(pass, key, 2) {
		pass.ReportNode(key, 0, "hard-coded encryption key: anyone with the source can decrypt; load it from a secret store", nil)
	}
}

// staticBytes reports whether n is a constant byte string: a string literal,
// Buffer.from(<literal>), Buffer.alloc(n[, <literal>]), new Uint8Array(n), or a const
// bound to one of these.
func staticBytes(pass *analysis.Pass, n *sitter.Node, depth int) bool {
	n = syntax.Unwrap(n)
	if n == nil {
		return false
	}
	if _, ok := syntax.StringValue(n, pass.File.Src); ok {
		return true
	}
	switch syntax.Kind(n) {
	case syntax.Identifier:
		return depth > 0 && staticBytes(pass, secConstInit(pass, n), depth-1)
	case syntax.CallExpression:
		args := secArgs(n)
		switch callee := pass.Resolver.Callee(n); {
		case callee.Is("buffer.Buffer.from"):
			return len(args) > 0 && literalBytes(pass, args[0])
		case callee.Is("buffer.Buffer.alloc"):
			return len(args) == 1 || (len(args) > 1 && literalBytes(pass, args[1]))
		}
	case syntax.NewExpression:
		ctor := syntax.Field(n, syntax.FieldConstructor)
		args := secArgs(n)
		return pass.Text(ctor) == "Uint8Array" && !pass.Resolver.Bound("Uint8Array", n.StartByte()) &&
			len(args) == 1 && syntax.Kind(syntax.Unwrap(args[0])) == syntax.Number
	}
	return false
}

// literalBytes: a string, number, or array of numbers written in the source.
func literalBytes(pass *analysis.Pass, n *sitter.Node) bool {
	n = syntax.Unwrap(n)
	if _, ok := syntax.StringValue(n, pass.File.Src); ok {
		return true
	}
	switch syntax.Kind(n) {
	case syntax.Number:
		return true
	case syntax.Array:
		for i := uint(0); i < n.NamedChildCount(); i++ {
			if c := n.NamedChild(i); syntax.Kind(c) != syntax.Number && syntax.Kind(c) != syntax.Comment {
				return false
			}
		}
		return true
	}
	return false
}

// staticKey reports whether a key is a literal: a string, Buffer.from(<literal>), or a
// const bound to one. Zero-filled buffers are not keys anyone writes on purpose.
func staticKey(pass *analysis.Pass, n *sitter.Node, depth int) bool {
	n = syntax.Unwrap(n)
	if n == nil {
		return false
	}
	if s, ok := syntax.StringValue(n, pass.File.Src); ok {
		return s != ""
	}
	switch syntax.Kind(n) {
	case syntax.Identifier:
		return depth > 0 && staticKey(pass, secConstInit(pass, n), depth-1)
	case syntax.CallExpression:
		if pass.Resolver.Callee(n).Is("buffer.Buffer.from") {
			args := secArgs(n)
			if len(args) > 0 {
				s, ok := syntax.StringValue(args[0], pass.File.Src)
				return ok && s != ""
			}
		}
	}
	return false
}

// randomIVFix replaces an inline constant IV with crypto.randomBytes of the mode's IV
// size, with a reminder that decryption needs the IV. A named constant is left alone:
// createDecipheriv probably uses it too.
func randomIVFix(pass *analysis.Pass, call, alg, iv *sitter.Node, algName string, algKnown bool) *analysis.Fix {
	if syntax.Kind(syntax.Unwrap(iv)) == syntax.Identifier {
		return nil
	}
	size := "16"
	switch {
	case algKnown && (strings.Contains(strings.ToLower(algName), "gcm") || strings.Contains(strings.ToLower(algName), "ccm") || strings.Contains(strings.ToLower(algName), "poly1305")):
		size = "12"
	case algKnown:
	case syntax.Kind(syntax.Unwrap(alg)) == syntax.Identifier:
		size = pass.Text(alg) + ".includes('gcm') ? 12 : 16"
	default:
		return nil
	}
	ref, edits, ok := secCryptoRef(pass, "randomBytes", call.StartByte())
	if !ok {
		return nil
	}
	edits = append(edits, analysis.Edit{Start: iv.StartByte(), End: iv.EndByte(),
		NewText: ref + "(" + size + ") /* TODO: store this IV with the ciphertext; decryption needs it */"})
	return &analysis.Fix{Title: "Use a random IV (store it with the ciphertext)", Edits: edits}
}
