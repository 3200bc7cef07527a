package rules

import "testing"

func TestRedisClientNotConnected(t *testing.T) {
	const v4 = `{"name":"a","dependencies":{"redis":"^4.7.0"}}`
	const v3 = `{"name":"a","dependencies":{"redis":"^3.1.2"}}`
	runCases(t, RedisClientNotConnected, []ruleCase{
		{name: "seed shape", pkg: v4, src: "const redis = require('redis');\nconst client = redis.createClient();\nclient.set('k', 'v', { EX: 60 });",
			want: []string{"warning: redis.createClient", "information: redis.createClient"}},
		{name: "error listener but no connect", pkg: v4, src: "const { createClient } = require('redis');\nconst client = createClient({ url });\nclient.on('error', (e) => log(e));",
			want: []string{"warning: createClient"}},
		{name: "connected without error listener", pkg: v4, file: "a.mjs", src: "import { createClient } from 'redis';\nconst client = createClient();\nawait client.connect();",
			want: []string{"information: createClient"}},
		{name: "@redis/client in a class field", file: "cache.ts", src: "import { createClient } from '@redis/client';\nclass Cache {\n  client = createClient();\n  get(k: string) { return this.client.get(k); }\n}",
			want: []string{"warning: createClient", "information: createClient"}},

		{name: "chain connect and listener", pkg: v4, file: "a.mjs", src: "import { createClient } from 'redis';\nconst client = await createClient().on('error', console.error).connect();"},
		{name: "connect later", pkg: v4, src: "const { createClient } = require('redis');\nconst client = createClient();\nclient.on('error', console.error);\nasync function start() { await client.connect(); }"},
		{name: "exported", pkg: v4, src: "const { createClient } = require('redis');\nconst client = createClient();\nmodule.exports = client;"},
		{name: "esm export", pkg: v4, file: "a.mjs", src: "import { createClient } from 'redis';\nexport const client = createClient();"},
		{name: "returned", pkg: v4, src: "const { createClient } = require('redis');\nfunction make() { const c = createClient(); return c; }"},
		{name: "passed on", pkg: v4, src: "const { createClient } = require('redis');\nconst c = createClient();\nconnectAll(c);"},
		{name: "aliased", pkg: v4, src: "const { createClient } = require('redis');\nconst client = createClient();\nconst pub = client;\npub.connect();"},
		{name: "in an object", pkg: v4, src: "const { createClient } = require('redis');\nconst client = createClient();\nmodule.exports = { client };"},
		{name: "same name elsewhere is not a use", pkg: v4, src: "const { createClient } = require('redis');\nconst client = createClient();\nfunction f(client) { return client; }",
			want: []string{"warning: createClient", "information: createClient"}},
		{name: "v3 auto-connects", pkg: v3, src: "const redis = require('redis');\nconst client = redis.createClient();"},
		{name: "version unknown", src: "const redis = require('redis');\nconst client = redis.createClient();"},
		{name: "ioredis", pkg: v4, src: "const Redis = require('ioredis');\nconst r = new Redis();"},
		{name: "supabase createClient", pkg: v4, src: "const { createClient } = require('@supabase/supabase-js');\nconst supabase = createClient(url, key);"},
	})
}

func TestRedisClientNotConnectedFixes(t *testing.T) {
	const v4 = `{"name":"a","dependencies":{"redis":"^4.7.0"}}`
	runFixes(t, RedisClientNotConnected, []fixCase{
		{name: "cjs connect", pkg: v4, src: "const { createClient } = require('redis');\nconst client = createClient();\nclient.on('error', console.error);\n",
			want: "const { createClient } = require('redis');\nconst client = createClient();\nclient.connect().catch((err) => console.error('redis connect', err));\nclient.on('error', console.error);\n"},
		{name: "esm top-level await", pkg: v4, file: "a.mjs", src: "import { createClient } from 'redis';\nconst client = createClient();\nclient.on('error', console.error);\n",
			want: "import { createClient } from 'redis';\nconst client = createClient();\nawait client.connect();\nclient.on('error', console.error);\n"},
		{name: "error listener", pkg: v4, file: "a.mjs", src: "import { createClient } from 'redis';\nconst client = createClient();\nawait client.connect();\n",
			want: "import { createClient } from 'redis';\nconst client = createClient();\nclient.on('error', (err) => console.error('redis', err));\nawait client.connect();\n"},
	})
}

// TestRedisClientNotConnectedGate: RedisClientNotConnected runs only in files that
// import @redis/client, or redis in a package that depends on it: without the
// dependency the version is unknown and the rule is silent, so the file is not parsed
// for it.
func TestRedisClientNotConnectedGate(t *testing.T) {
	checkGates(t, RedisClientNotConnected, []gateCase{
		{name: "redis in a package that depends on it", pkg: `{"dependencies":{"redis":"^4.7.0"}}`, reported: `const redis = require('redis');
const client = redis['createClient']();
`, skippedPkg: `{"name":"app"}`, skipped: `const redis = require('redis');
const client = redis['createClient']();
`},
		{name: "@redis/client without a package", file: "cache.ts", reported: `import { createClient as make } from '@redis/client';
const client = make();
export const get = (k: string) => client.get(k);
`, skipped: `import { createClient } from 'redis';
const client = createClient();
export const get = (k: string) => client.get(k);
`},
	})
}
