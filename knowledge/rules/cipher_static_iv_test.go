package rules

import "testing"

func TestCipherStaticIV(t *testing.T) {
	const head = "const crypto = require('crypto');\n"
	runCases(t, CipherStaticIV, []ruleCase{
		{name: "zero IV", src: head + "const c = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16, 0));", want: []string{"error: Buffer.alloc(16, 0)"}},
		{name: "string IV", src: head + "crypto.createCipheriv('aes-256-gcm', key, '1234567890ab');", want: []string{"error: '1234567890ab'"}},
		{name: "module const IV", src: head + "const IV = Buffer.from('abcdefghijklmnop');\nfunction enc(t) { return crypto.createCipheriv('aes-128-cbc', key, IV).update(t); }", want: []string{"error: IV"}},
		{name: "Uint8Array IV in TS", file: "a.ts", src: "import { createCipheriv } from 'node:crypto';\ncreateCipheriv('aes-256-ctr', key, new Uint8Array(16));", want: []string{"error: new Uint8Array(16)"}},
		{name: "literal key", src: head + "crypto.createCipheriv('aes-256-gcm', 'an insecure 32 byte key!!!!!!!!!', crypto.randomBytes(12));", want: []string{"error: 'an insecure 32 byte key!!!!!!!!!'"}},
		{name: "ECB is a warning", src: head + "crypto.createCipheriv('aes-128-ecb', key, null);", want: []string{"warning: 'aes-128-ecb'"}},
		{name: "static IV and literal key", src: head + "crypto.createCipheriv(alg, Buffer.from('k'), Buffer.from([1, 2, 3]));", want: []string{"error: Buffer.from('k')", "error: Buffer.from([1, 2, 3])"}},

		{name: "random IV", src: head + "const iv = crypto.randomBytes(12);\ncrypto.createCipheriv('aes-256-gcm', key, iv);"},
		{name: "parameter IV", src: head + "function enc(key, iv) { return crypto.createCipheriv('aes-256-cbc', key, iv); }"},
		{name: "decipher reuses the stored IV", src: head + "crypto.createDecipheriv('aes-256-cbc', key, Buffer.from('abcdefghijklmnop'));"},
		{name: "IV from input", src: head + "crypto.createCipheriv('aes-256-cbc', key, Buffer.from(ivHex, 'hex'));"},
		{name: "other library", src: "const forge = require('node-forge');\nforge.createCipheriv('aes', 'k', 'iv');"},
	})
}

func TestCipherStaticIVFixes(t *testing.T) {
	const head = "const crypto = require('crypto');\n"
	runFixes(t, CipherStaticIV, []fixCase{
		{name: "gcm", src: head + "crypto.createCipheriv('aes-256-gcm', key, Buffer.alloc(12));\n",
			want: head + "crypto.createCipheriv('aes-256-gcm', key, crypto.randomBytes(12) /* TODO: store this IV with the ciphertext; decryption needs it */);\n"},
		{name: "cbc", src: head + "crypto.createCipheriv('aes-256-cbc', key, '0123456789abcdef');\n",
			want: head + "crypto.createCipheriv('aes-256-cbc', key, crypto.randomBytes(16) /* TODO: store this IV with the ciphertext; decryption needs it */);\n"},
		{name: "algorithm variable", src: head + "crypto.createCipheriv(algorithm, key, Buffer.alloc(16));\n",
			want: head + "crypto.createCipheriv(algorithm, key, crypto.randomBytes(algorithm.includes('gcm') ? 12 : 16) /* TODO: store this IV with the ciphertext; decryption needs it */);\n"},
	})
}
