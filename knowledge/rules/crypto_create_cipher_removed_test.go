package rules

import "testing"

func TestCryptoCreateCipherRemoved(t *testing.T) {
	const node18 = `{"name":"a","engines":{"node":">=18"}}`
	const node22 = `{"name":"a","engines":{"node":">=22.0.0"}}`
	runCases(t, CryptoCreateCipherRemoved, []ruleCase{
		{name: "createCipher", src: "const crypto = require('crypto');\nconst c = crypto.createCipher('aes-256-cbc', password);", want: []string{"error: crypto.createCipher"}},
		{name: "named createDecipher in TS", file: "a.ts", src: "import { createDecipher } from 'node:crypto';\nconst d = createDecipher('aes192', pw);", want: []string{"error: createDecipher"}},
		{name: "engines below 22 is a deprecation warning", pkg: node18, src: "const crypto = require('crypto');\ncrypto.createCipher('aes192', pw);", want: []string{"warning: crypto.createCipher"}},
		{name: "engines 22 is an error", pkg: node22, src: "const crypto = require('crypto');\ncrypto.createCipher('aes192', pw);", want: []string{"error: crypto.createCipher"}},

		{name: "createCipheriv", src: "const crypto = require('crypto');\ncrypto.createCipheriv('aes-256-gcm', key, iv);"},
		{name: "createDecipheriv", src: "const crypto = require('crypto');\ncrypto.createDecipheriv('aes-256-gcm', key, iv);"},
		{name: "other module", src: "const forge = require('node-forge');\nforge.cipher.createCipher('AES-CBC', key);"},
		{name: "local function", src: "function createCipher() {}\ncreateCipher('a', 'b');"},
	})
}

func TestCryptoCreateCipherRemovedDeprecatedTag(t *testing.T) {
	findings, _ := check(t, CryptoCreateCipherRemoved, "", `{"name":"a","engines":{"node":"^20.0.0"}}`, "require('crypto').createCipher('aes192', pw);")
	if len(findings) != 1 || !findings[0].Deprecated {
		t.Fatalf("want one finding tagged deprecated, got %+v", findings)
	}
	findings, _ = check(t, CryptoCreateCipherRemoved, "", "", "require('crypto').createCipher('aes192', pw);")
	if len(findings) != 1 || findings[0].Deprecated {
		t.Fatalf("want one untagged finding, got %+v", findings)
	}
}
