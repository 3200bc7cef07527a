package rules

import "testing"

func TestBcryptHashMissingSalt(t *testing.T) {
	runCases(t, BcryptHashMissingSalt, []ruleCase{
		{name: "catalog positive", src: `const bcrypt = require('bcrypt'); const h = bcrypt.hashSync(password);`, want: []string{"error: (password)"}},
		{name: "seed snippet await hash", src: `const bcrypt = require('bcrypt');
async function signup(pw) { return await bcrypt.hash(pw); }`, want: []string{"error: (pw)"}},
		{name: "callback without salt", src: `const bcrypt = require('bcrypt');
bcrypt.hash(pw, (err, h) => save(h));`, want: []string{"error: (pw, (err, h) => save(h))"}},
		{name: "named import in TS", file: "a.ts", src: `import { hash } from 'bcrypt';
export const make = (pw: string) => hash(pw);`, want: []string{"error: (pw)"}},
		{name: "bcryptjs is a hint", src: `const bcrypt = require('bcryptjs'); bcrypt.hashSync(password);`, want: []string{"hint: (password)"}},
		{name: "catalog negative", src: `const bcrypt = require('bcrypt'); bcrypt.hashSync(password, SALT_ROUNDS);`},
		{name: "salt variable that is not a function", src: `const bcrypt = require('bcrypt'); bcrypt.hash(password, rounds);`},
		{name: "spread arguments", src: `const bcrypt = require('bcrypt'); bcrypt.hash(...args);`},
		{name: "callback form with salt", src: `const bcrypt = require('bcrypt'); bcrypt.hash(pw, 10, (err, h) => save(h));`},
		{name: "crypto hash is not bcrypt", src: `const crypto = require('crypto'); crypto.hash('sha1', data);`},
		{name: "local hash function", src: `function hash(x) { return x; } hash(password);`},
		{name: "shadowed", src: `const bcrypt = require('bcrypt'); function f(bcrypt) { return bcrypt.hashSync(pw); }`},
		{name: "compare is not hash", src: `const bcrypt = require('bcrypt'); bcrypt.compare(pw, h);`},
	})
}

func TestBcryptHashMissingSaltFixes(t *testing.T) {
	runFixes(t, BcryptHashMissingSalt, []fixCase{
		{name: "sync gains a cost", src: "const bcrypt = require('bcrypt');\nconst h = bcrypt.hashSync(password);\n",
			want: "const bcrypt = require('bcrypt');\nconst h = bcrypt.hashSync(password, 12);\n"},
		{name: "cost goes before the callback", src: "const bcrypt = require('bcrypt');\nbcrypt.hash(pw, function (err, h) { save(h); });\n",
			want: "const bcrypt = require('bcrypt');\nbcrypt.hash(pw, 12, function (err, h) { save(h); });\n"},
		{name: "bcryptjs hint is fixable too", file: "a.mjs", src: "import bcrypt from 'bcryptjs';\nawait bcrypt.hash(pw);\n",
			want: "import bcrypt from 'bcryptjs';\nawait bcrypt.hash(pw, 12);\n"},
	})
}

// TestBcryptHashMissingSaltGate: BcryptHashMissingSalt runs only in files that import
// bcrypt or bcryptjs and name hash: a renamed hash is still read; a file that only
// compares is not.
func TestBcryptHashMissingSaltGate(t *testing.T) {
	checkGates(t, BcryptHashMissingSalt, []gateCase{
		{name: "a renamed hash", reported: `const { hash: digest } = require('bcrypt');
async function register(pw) { return digest(pw); }
`, skipped: `const bcrypt = require('bcrypt');
async function login(pw, stored) { return bcrypt.compare(pw, stored); }
`},
		{name: "TypeScript", file: "users.ts", reported: `import bcrypt from 'bcryptjs';
export const register = (pw: string) => bcrypt.hashSync(pw);
`, skipped: `import bcrypt from 'bcryptjs';
export const login = (pw: string, stored: string) => bcrypt.compareSync(pw, stored);
`},
	})
}
