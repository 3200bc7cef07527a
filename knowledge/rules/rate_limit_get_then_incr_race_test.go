package rules

import "testing"

func TestRateLimitGetThenIncrRace(t *testing.T) {
	const ioredis = "const Redis = require('ioredis');\nconst redis = new Redis();\n"
	runCases(t, RateLimitGetThenIncrRace, []ruleCase{
		{name: "seed gateway", src: ioredis + "app.use(async (req, res, next) => {\n  const key = `rate:${req.user.id}`;\n  let count = await redis.get(key);\n  if (count >= 100) return res.status(429).send('Too many requests');\n  redis.multi().incr(key).expire(key, 60).exec();\n  next();\n});",
			want: []string{"warning: redis.get"}},
		{name: "node-redis with parseInt", file: "limit.ts", src: "import { createClient } from 'redis';\nconst client = createClient();\nexport async function allow(ip: string) {\n  const hits = parseInt(await client.get(`rl:${ip}`), 10);\n  if (hits > 10) return false;\n  await client.incr(`rl:${ip}`);\n  return true;\n}",
			want: []string{"warning: client.get"}},
		{name: "imported cache client in a redis project", pkg: `{"name":"a","dependencies":{"ioredis":"^5.4.0"}}`, src: "const cache = require('./cache');\nasync function hit(key) {\n  const n = Number(await cache.get(key));\n  if (n < 5) { await cache.incrBy(key, 1); return true; }\n  return false;\n}",
			want: []string{"warning: cache.get"}},

		{name: "decide on incr result", src: ioredis + "async function hit(key) {\n  const n = await redis.incr(key);\n  if (n === 1) await redis.expire(key, 60);\n  return n <= 100;\n}"},
		{name: "watch", src: ioredis + "async function hit(key) {\n  await redis.watch(key);\n  const n = await redis.get(key);\n  if (n > 5) return false;\n  await redis.multi().incr(key).exec();\n}"},
		{name: "lua", src: ioredis + "async function hit(key) {\n  const n = await redis.get(key);\n  if (n > 5) return false;\n  await redis.incr(key);\n  await redis.eval(script, 1, key);\n}"},
		{name: "different key", src: ioredis + "async function hit(a, b) {\n  const n = await redis.get(a);\n  if (n > 5) return false;\n  await redis.incr(b);\n}"},
		{name: "no comparison", src: ioredis + "async function hit(key) {\n  const n = await redis.get(key);\n  log(n);\n  await redis.incr(key);\n}"},
		{name: "not redis", src: "const store = new Map();\nasync function hit(key) {\n  const n = await store.get(key);\n  if (n > 5) return false;\n  await store.incr(key);\n}"},
	})
}
