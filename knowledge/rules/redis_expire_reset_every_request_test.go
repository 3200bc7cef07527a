package rules

import "testing"

func TestRedisExpireResetEveryRequest(t *testing.T) {
	const ioredis = "const Redis = require('ioredis');\nconst redis = new Redis();\n"
	runCases(t, RedisExpireResetEveryRequest, []ruleCase{
		{name: "seed multi chain", src: ioredis + "app.use(async (req, res, next) => {\n  await redis.multi().incr(key).expire(key, 60).exec();\n  next();\n});",
			want: []string{"warning: expire"}},
		{name: "statements", file: "limit.ts", src: "import { createClient } from 'redis';\nconst client = createClient();\nexport async function hit(ip: string) {\n  const n = await client.incr(`rl:${ip}`);\n  await client.expire(`rl:${ip}`, 60);\n  return n;\n}",
			want: []string{"warning: expire"}},
		{name: "hIncrBy then pexpire", src: ioredis + "async function hit(k) { await redis.hincrby(k, 'hits', 1); await redis.pexpire(k, 1000); }",
			want: []string{"warning: pexpire"}},

		{name: "guarded by the count", src: ioredis + "async function hit(key) {\n  const n = await redis.incr(key);\n  if (n === 1) await redis.expire(key, 60);\n}"},
		{name: "logical guard", src: ioredis + "async function hit(key) {\n  const n = await redis.incr(key);\n  n === 1 && (await redis.expire(key, 60));\n}"},
		{name: "NX mode", src: ioredis + "async function hit(key) { await redis.incr(key); await redis.expire(key, 60, 'NX'); }"},
		{name: "ttl check", src: ioredis + "async function hit(key) { await redis.incr(key); const t = await redis.ttl(key); await redis.expire(key, 60); }"},
		{name: "session key sliding refresh", src: ioredis + "async function hit(id) { await redis.incr(`session:${id}`); await redis.expire(`session:${id}`, 1800); }"},
		{name: "set then expire", src: ioredis + "async function put(k, v) { await redis.set(k, v); await redis.expire(k, 60); }"},
		{name: "other key", src: ioredis + "async function hit(a, b) { await redis.incr(a); await redis.expire(b, 60); }"},
		{name: "not redis", src: "async function hit(k) { await counter.incr(k); await counter.expire(k, 60); }"},
	})
}

func TestRedisExpireResetEveryRequestFixes(t *testing.T) {
	const ioredis = "const Redis = require('ioredis');\nconst redis = new Redis();\n"
	runFixes(t, RedisExpireResetEveryRequest, []fixCase{
		{name: "chain", src: ioredis + "redis.multi().incr(key).expire(key, 60).exec();\n", want: ioredis + "redis.multi().incr(key).expire(key, 60, 'NX').exec();\n"},
		{name: "statement", src: ioredis + "async function f(k) { await redis.incr(k); await redis.expire(k, 60); }\n", want: ioredis + "async function f(k) { await redis.incr(k); await redis.expire(k, 60, 'NX'); }\n"},
	})
}

// TestRedisExpireResetEveryRequestGate: RedisExpireResetEveryRequest runs only in files
// that call an INCR command and name redis, or a cache or client in a package that
// depends on a Redis client: a cache handed in as a parameter, in such a package, is
// still judged; an expire with no INCR is not.
func TestRedisExpireResetEveryRequestGate(t *testing.T) {
	checkGates(t, RedisExpireResetEveryRequest, []gateCase{
		{name: "a cache parameter in a package that depends on ioredis", pkg: `{"dependencies":{"ioredis":"5.3.0"}}`, reported: `module.exports = async function hit(cache, key) {
  await cache['incr'](key);
  await cache.expire(key, 60);
};
`, skipped: `module.exports = async function touch(cache, key) {
  await cache.set(key, '1');
  await cache.expire(key, 60);
};
`},
		{name: "a node-redis client in TypeScript", file: "limit.ts", reported: `import { createClient } from 'redis';
const client = createClient();
export async function hit(key: string) {
  const n = await client.incrBy(key, 1);
  await client.expire(key, 60);
  return n;
}
`, skipped: `import { createClient } from 'redis';
const client = createClient();
export async function touch(key: string) {
  await client.set(key, '1');
  await client.expire(key, 60);
}
`},
	})
}
