package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// RedisSetLegacyExArgs flags node-redis v3 call shapes on v4+ clients (see docs/rules.md#redis-set-legacy-ex-args).
var RedisSetLegacyExArgs = &analysis.Rule{
	Name:  "redis-set-legacy-ex-args",
	Entry: "redis-node",
	Doc: `Flags client.set(key, value, 'EX', n) and lower-case multi-word commands (setex, hgetall, ...) on a node-redis v4+ client.

Since node-redis 4 the third argument of set is an options object. Positional tokens
such as 'EX', 3600 are ignored, so the key is written with no TTL and the cache never
expires (in TypeScript it does not compile). v4 also dropped the lower-case
multi-word command names: client.setex is undefined, the command is setEx (or SETEX).
The client must come from createClient() of redis or @redis/client in this file,
without legacyMode. With an unknown redis version the finding is a warning; ioredis
clients, where positional arguments are right, and node-redis 3 are never flagged.
It runs only in files that import redis or @redis/client and name createClient, and
records no fact for other files.
Use instead: client.set(key, value, { EX: 3600 }) on v4, or
{ expiration: { type: 'EX', value: 3600 } } on v5; client.setEx(key, 3600, value).`,
	Severity: analysis.Error,
	Kinds:    []string{syntax.CallExpression},
	Needles:  mentions("createclient").And(importNeedles("redis", "@redis/client")...), // the client must be created in the file
	Methods:  redisSetMethods(),
	Run:      runRedisSetLegacyExArgs,
	Local:    true,
}

// legacyCommands maps v3's lower-case multi-word commands to their v4 camelCase names.
var legacyCommands = map[string]string{
	"setex": "setEx", "psetex": "pSetEx", "setnx": "setNX", "getset": "getSet", "getdel": "getDel",
	"getex": "getEx", "getrange": "getRange", "setrange": "setRange", "mget": "mGet", "mset": "mSet",
	"msetnx": "mSetNX", "incrby": "incrBy", "incrbyfloat": "incrByFloat", "decrby": "decrBy",
	"expireat": "expireAt", "pexpire": "pExpire", "pexpireat": "pExpireAt", "pttl": "pTTL",
	"renamenx": "renameNX", "hget": "hGet", "hset": "hSet", "hsetnx": "hSetNX", "hmget": "hmGet",
	"hgetall": "hGetAll", "hdel": "hDel", "hexists": "hExists", "hincrby": "hIncrBy",
	"hincrbyfloat": "hIncrByFloat", "hkeys": "hKeys", "hvals": "hVals", "hlen": "hLen", "hscan": "hScan",
	"lpush": "lPush", "rpush": "rPush", "lpop": "lPop", "rpop": "rPop", "lrange": "lRange", "llen": "lLen",
	"lrem": "lRem", "ltrim": "lTrim", "lindex": "lIndex", "lset": "lSet", "linsert": "lInsert",
	"rpoplpush": "rPopLPush", "blpop": "blPop", "brpop": "brPop", "sadd": "sAdd", "srem": "sRem",
	"smembers": "sMembers", "sismember": "sIsMember", "scard": "sCard", "spop": "sPop",
	"srandmember": "sRandMember", "sscan": "sScan", "sunion": "sUnion", "sinter": "sInter", "sdiff": "sDiff",
	"zadd": "zAdd", "zrem": "zRem", "zrange": "zRange", "zrangebyscore": "zRangeByScore", "zscore": "zScore",
	"zincrby": "zIncrBy", "zcard": "zCard", "zcount": "zCount", "zrank": "zRank", "zrevrank": "zRevRank",
	"zscan": "zScan", "zremrangebyscore": "zRemRangeByScore", "zremrangebyrank": "zRemRangeByRank",
	"xadd": "xAdd", "xread": "xRead", "xrange": "xRange", "xlen": "xLen", "xack": "xAck",
	"xreadgroup": "xReadGroup", "pfadd": "pfAdd", "pfcount": "pfCount",
}

// redisSetMethods are the calls the rule looks at: set and the legacy names.
func redisSetMethods() []string {
	out := []string{"set"}
	for m := range legacyCommands {
		out = append(out, m)
	}
	return out
}

func runRedisSetLegacyExArgs(pass *analysis.Pass, call *sitter.Node) {
	m, recv := secMethod(pass, call)
	camel, legacy := legacyCommands[m]
	if m != "set" && !legacy {
		return
	}
	create := secRedisCreate(pass, recv, 2)
	if create == nil || secLegacyMode(pass, create) {
		return
	}
	major := secRedisMajor(pass, secRedisModule(pass, create))
	sev := analysis.Error
	switch {
	case major == 0:
		sev = analysis.Warning
	case major < 4:
		return
	}
	prop := syntax.Field(syntax.Field(call, syntax.FieldFunction), syntax.FieldProperty)
	if legacy {
		pass.ReportNode(prop, sev, "node-redis v4+ clients have no "+m+"(); the command is "+camel+"()", &analysis.Fix{
			Title: "Rename to " + camel, Edits: []analysis.Edit{{Start: prop.StartByte(), End: prop.EndByte(), NewText: camel}},
		})
		return
	}
	args := secArgs(call)
	if len(args) < 3 {
		return
	}
	tok, ok := syntax.StringValue(args[2], pass.File.Src)
	if !ok || !setTokens[strings.ToUpper(tok)] {
		return
	}
	msg := "node-redis v4+ ignores positional '" + tok + "' arguments: the key is stored without a TTL; pass an options object"
	if strings.EqualFold(tok, "NX") || strings.EqualFold(tok, "XX") || strings.EqualFold(tok, "GET") || strings.EqualFold(tok, "KEEPTTL") {
		msg = "node-redis v4+ ignores positional '" + tok + "' arguments; pass an options object"
	}
	pass.ReportNode(args[2], sev, msg, setOptionsFix(pass, args, major >= 5))
}

// setTokens are the SET modifiers v3 took positionally.
var setTokens = map[string]bool{"EX": true, "PX": true, "EXAT": true, "PXAT": true, "NX": true, "XX": true, "KEEPTTL": true, "GET": true}

// setOptionsFix rewrites the positional modifiers as the options object: { EX: n, NX:
// true } on v4, { expiration: { type: 'EX', value: n }, condition: 'NX' } on v5.
func setOptionsFix(pass *analysis.Pass, args []*sitter.Node, v5 bool) *analysis.Fix {
	var props []string
	for i := 2; i < len(args); i++ {
		tok, ok := syntax.StringValue(args[i], pass.File.Src)
		if !ok {
			return nil
		}
		switch t := strings.ToUpper(tok); t {
		case "EX", "PX", "EXAT", "PXAT":
			if i+1 >= len(args) || pass.Resolver.FunctionOf(args[i+1]) != nil {
				return nil
			}
			value := pass.Text(args[i+1])
			if v5 {
				props = append(props, "expiration: { type: '"+t+"', value: "+value+" }")
			} else {
				props = append(props, t+": "+value)
			}
			i++
		case "NX", "XX":
			if v5 {
				props = append(props, "condition: '"+t+"'")
			} else {
				props = append(props, t+": true")
			}
		case "KEEPTTL":
			if v5 {
				props = append(props, "expiration: 'KEEPTTL'")
			} else {
				props = append(props, "KEEPTTL: true")
			}
		case "GET":
			props = append(props, "GET: true")
		default:
			return nil
		}
	}
	return &analysis.Fix{Title: "Pass the options object", Edits: []analysis.Edit{{
		Start: args[2].StartByte(), End: args[len(args)-1].EndByte(), NewText: "{ " + strings.Join(props, ", ") + " }",
	}}}
}
