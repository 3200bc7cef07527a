package rules

import "testing"

func TestRedisSetLegacyExArgs(t *testing.T) {
	const head = "const redis = require('redis');\nconst client = redis.createClient();\n"
	const v4 = `{"name":"a","dependencies":{"redis":"^4.7.0"}}`
	const v3 = `{"name":"a","dependencies":{"redis":"^3.1.2"}}`
	runCases(t, RedisSetLegacyExArgs, []ruleCase{
		{name: "catalog seed shape", pkg: v4, src: head + "client.set('user:101', JSON.stringify(data), 'EX', 3600);", want: []string{"error: 'EX'"}},
		{name: "version unknown is a warning", src: head + "client.set('k', v, 'PX', 500);", want: []string{"warning: 'PX'"}},
		{name: "NX flag", pkg: v4, src: head + "await client.set(lock, id, 'NX', 'EX', 30);", want: []string{"error: 'NX'"}},
		{name: "legacy command", pkg: v4, src: head + "client.setex('k', 60, v);\nconst h = await client.hgetall('u');", want: []string{"error: setex", "error: hgetall"}},
		{name: "connected chain", pkg: v4, file: "cache.mjs", src: "import { createClient } from 'redis';\nconst client = await createClient({ url: process.env.REDIS_URL }).on('error', console.error).connect();\nawait client.set('k', 'v', 'EX', 60);", want: []string{"error: 'EX'"}},
		{name: "@redis/client", file: "c.ts", src: "import { createClient } from '@redis/client';\nconst c = createClient();\nc.set('k', 'v', 'EX', 10);", want: []string{"error: 'EX'"}},

		{name: "options object", pkg: v4, src: head + "client.set('k', v, { EX: 3600 });"},
		{name: "ioredis positional is right", pkg: v4, src: "const Redis = require('ioredis');\nconst redis = new Redis();\nredis.set('k', v, 'EX', 3600);\nredis.setex('k', 60, v);"},
		{name: "node-redis v3", pkg: v3, src: head + "client.set('k', v, 'EX', 3600);\nclient.setex('k', 60, v);"},
		{name: "legacyMode", pkg: v4, src: "const redis = require('redis');\nconst client = redis.createClient({ legacyMode: true });\nclient.set('k', v, 'EX', 60);"},
		{name: "options in a variable", pkg: v4, src: "const redis = require('redis');\nconst client = redis.createClient(opts);\nclient.set('k', v, 'EX', 60);"},
		{name: "camelCase command", pkg: v4, src: head + "client.setEx('k', 60, v);"},
		{name: "client from elsewhere", pkg: v4, src: "const client = require('./redis');\nclient.set('k', v, 'EX', 60);"},
		{name: "createClient of another package", pkg: v4, src: "const { createClient } = require('@supabase/supabase-js');\nconst c = createClient(url, key);\nc.set('k', v, 'EX', 60);"},
	})
}

func TestRedisSetLegacyExArgsFixes(t *testing.T) {
	const head = "const redis = require('redis');\nconst client = redis.createClient();\n"
	const v4 = `{"name":"a","dependencies":{"redis":"^4.7.0"}}`
	const v5 = `{"name":"a","dependencies":{"redis":"^5.0.0"}}`
	runFixes(t, RedisSetLegacyExArgs, []fixCase{
		{name: "v4 EX", pkg: v4, src: head + "client.set('k', v, 'EX', 3600);\n", want: head + "client.set('k', v, { EX: 3600 });\n"},
		{name: "v4 NX and PX", pkg: v4, src: head + "client.set('k', v, 'NX', 'PX', ttl);\n", want: head + "client.set('k', v, { NX: true, PX: ttl });\n"},
		{name: "v5 expiration", pkg: v5, src: head + "client.set('k', v, 'EX', 3600, 'NX');\n", want: head + "client.set('k', v, { expiration: { type: 'EX', value: 3600 }, condition: 'NX' });\n"},
		{name: "rename legacy command", pkg: v4, src: head + "client.hgetall('u');\n", want: head + "client.hGetAll('u');\n"},
	})
}

// TestRedisSetLegacyExArgsGate: RedisSetLegacyExArgs runs only in files that name
// createClient and import redis or @redis/client: a renamed createClient of
// @redis/client is still read; another library's createClient is not.
func TestRedisSetLegacyExArgsGate(t *testing.T) {
	checkGates(t, RedisSetLegacyExArgs, []gateCase{
		{name: "a renamed createClient of @redis/client", reported: `const { createClient: make } = require('@redis/client');
const c = make();
c.setex('k', 60, 'v');
`, skipped: `const { createClient } = require('soap');
const c = createClient(url);
c.set('k', 'v', 'EX', 60);
`},
	})
}
