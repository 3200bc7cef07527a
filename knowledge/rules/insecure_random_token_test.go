package rules

import "testing"

func TestInsecureRandomToken(t *testing.T) {
	runCases(t, InsecureRandomToken, []ruleCase{
		{name: "base36 token", src: "const resetToken = Math.random().toString(36).slice(2);", want: []string{"warning: Math.random()"}},
		{name: "otp", src: "user.otp = Math.floor(100000 + Math.random() * 900000);", want: []string{"warning: Math.random()"}},
		{name: "property in an object", src: "await Session.create({ sessionId: `${Date.now()}-${Math.random()}` });", want: []string{"warning: Math.random()"}},
		{name: "returned from a named function", src: "function generateApiKey() { return 'sk_' + Math.random().toString(16).slice(2); }", want: []string{"warning: Math.random()"}},
		{name: "nonce of a signed request", src: "const params = { AccessKeyId: id, SignatureNonce: Math.random().toString() };\nparams.Signature = sign(params, secret);"},
		{name: "a nonce alone is a secret", src: "const params = { nonce: Math.random().toString() };", want: []string{"warning: Math.random()"}},
		{name: "arrow body", src: "const makeNonce = () => Math.random().toString(36);", want: []string{"warning: Math.random()"}},
		{name: "loop result returned by a token function", file: "util.ts", src: "export function generateToken(len: number): string {\n  let result = '';\n  for (let i = 0; i < len; i++) result += chars.charAt(Math.floor(Math.random() * chars.length));\n  return result;\n}",
			want: []string{"warning: Math.random()"}},
		{name: "verification code", src: "const verificationCode = String(Math.floor(Math.random() * 10000));", want: []string{"warning: Math.random()"}},
		{name: "sms certification code", src: "const certificationCode = Math.floor(Math.random() * (999999 - 100000)) + 100000;", want: []string{"warning: Math.random()"}},
		{name: "idempotency key header", src: "headers['Idempotency-Key'] = Math.random().toString(36);", want: []string{"warning: Math.random()"}},

		{name: "jitter", src: "const retryDelay = base * 2 ** n + Math.random() * 100;"},
		{name: "token refresh delay", src: "const tokenRefreshDelay = 1000 * Math.random();"},
		{name: "request id for logs", src: "const requestId = Math.random().toString(36).slice(2);"},
		{name: "sampling", src: "if (Math.random() < 0.1) log(event);"},
		{name: "shuffle", src: "items.sort(() => Math.random() - 0.5);"},
		{name: "local Math", src: "const Math = seeded(42);\nconst token = Math.random();"},
		{name: "crypto already", src: "const token = crypto.randomBytes(32).toString('hex');"},
		{name: "unrelated result variable", src: "function pick(list) { let result = ''; result += list[Math.floor(Math.random() * list.length)]; return result; }"},
		{name: "a color code is no secret", src: "const colorCode = Math.floor(Math.random() * 16777215).toString(16);"},
		{name: "not otp inside other words", src: "const notPassed = Math.random() > 0.5;"},
	})
}

func TestInsecureRandomTokenFixes(t *testing.T) {
	runFixes(t, InsecureRandomToken, []fixCase{
		{name: "base36 to randomBytes", src: "const crypto = require('crypto');\nconst token = Math.random().toString(36).substring(2, 10);\n",
			want: "const crypto = require('crypto');\nconst token = crypto.randomBytes(16).toString('hex');\n"},
		{name: "otp to randomInt with import", src: "const otp = Math.floor(100000 + Math.random() * 900000);\n",
			want: "const crypto = require('node:crypto');\nconst otp = crypto.randomInt(100000, 1000000);\n"},
		{name: "floor without offset", file: "a.mjs", src: "import crypto from 'node:crypto';\nconst pin = Math.floor(Math.random() * 10000);\nexport const resetCode = Math.floor(Math.random() * 10000);\n",
			want: "import crypto from 'node:crypto';\nconst pin = Math.floor(Math.random() * 10000);\nexport const resetCode = crypto.randomInt(10000);\n"},
		{name: "anything else to randomUUID", src: "const { randomUUID } = require('crypto');\nconst sessionId = Date.now() + '-' + Math.random();\n",
			want: "const { randomUUID } = require('crypto');\nconst sessionId = randomUUID();\n"},
	})
}
