package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// CryptoCreateCipherRemoved flags crypto.createCipher/createDecipher, removed in
// Node 22 (see docs/rules.md#crypto-create-cipher-removed).
var CryptoCreateCipherRemoved = &analysis.Rule{
	Name:  "crypto-create-cipher-removed",
	Entry: "aes-file-encryption",
	Doc: `Flags crypto.createCipher() and crypto.createDecipher().

They derive the key from a password with one round of MD5 and no salt, and use a
fixed IV, so equal plaintexts encrypt equally and the key is cheap to brute-force.
They were deprecated (DEP0106) and are gone in Node 22, where the call throws. When
package.json's engines.node still allows an older Node the finding is a deprecation
warning instead of an error.
It runs only in files that name crypto and createCipher or createDecipher, the calls
it reports at, and records no fact for other files.
Use instead: derive a key with crypto.scryptSync(password, salt, 32), pick a random
IV with crypto.randomBytes(12), and encrypt with
crypto.createCipheriv('aes-256-gcm', key, iv), storing salt, IV and auth tag with the data.`,
	Severity: analysis.Error,
	Kinds:    []string{syntax.CallExpression},
	Needles:  mentions("crypto"),
	Calls:    []string{"crypto.createCipher", "crypto.createDecipher"},
	Run:      runCryptoCreateCipherRemoved,
	Local:    true,
}

func runCryptoCreateCipherRemoved(pass *analysis.Pass, call *sitter.Node) {
	callee := pass.Resolver.Callee(call)
	var name string
	switch {
	case callee.Is("crypto.createCipher"):
		name = "createCipher"
	case callee.Is("crypto.createDecipher"):
		name = "createDecipher"
	default:
		return
	}
	f := analysis.Finding{
		Start:   syntax.Field(call, syntax.FieldFunction).StartByte(),
		End:     syntax.Field(call, syntax.FieldFunction).EndByte(),
		Message: "crypto." + name + " was removed in Node 22 and derives its key with MD5 and a fixed IV; use " + name + "iv with a random IV",
	}
	if pass.Package != nil {
		if v := pass.Package.EnginesNode; v.Known && v.Major < 22 {
			f.Severity = analysis.Warning
			f.Deprecated = true
			f.Message = "crypto." + name + " is deprecated (DEP0106, removed in Node 22) and derives its key with MD5 and a fixed IV; use " + name + "iv"
		}
	}
	pass.Report(f)
}
