package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// RedisExpireResetEveryRequest flags fixed-window counters whose TTL is re-armed on
// every hit (see docs/rules.md#redis-expire-reset-every-request).
var RedisExpireResetEveryRequest = &analysis.Rule{
	Name:  "redis-expire-reset-every-request",
	Entry: "rate-limiting",
	Doc: `Flags EXPIRE on a counter key right after INCR on it, on every call.

Setting the TTL after each INCR pushes the window's end forward with every request:
a client that calls at least once per window never sees its counter reset, so a
fixed-window limit slowly locks out steady users while bursts still pass. The expire
must run only when the counter is created. Not flagged: an expire inside any
condition (such as if (count === 1)), one with the 'NX' mode, one after a ttl()
check, keys whose text mentions session or sliding (deliberate sliding expiry), and
set-then-expire refreshes.
It runs only in files that call an INCR command (incr, incrBy, hIncrBy) and name
redis, or that name a cache or client in a package that depends on redis or ioredis;
it records no fact for other files.
Use instead: if (count === 1) await redis.expire(key, 60); or
redis.expire(key, 60, 'NX') on Redis 7 or later.`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Needles: mentions("redis").Or(inPackagesOfAny([]string{"redis", "ioredis"}, "cache", "client")).
		And(methodsNamed(incrCommands)...),
	Methods: []string{"expire", "pexpire", "pExpire"},
	Run:     runRedisExpireReset,
	Local:   true,
}

var incrCommands = map[string]bool{"incr": true, "incrby": true, "hincrby": true}

func runRedisExpireReset(pass *analysis.Pass, call *sitter.Node) {
	m, recv := secMethod(pass, call)
	if lm := strings.ToLower(m); lm != "expire" && lm != "pexpire" {
		return
	}
	args := secArgs(call)
	if len(args) < 2 || !secRedisReceiver(pass, recv) {
		return
	}
	key := pass.Text(args[0])
	if lower := strings.ToLower(key); strings.Contains(lower, "session") || strings.Contains(lower, "sliding") {
		return
	}
	for _, a := range args[2:] {
		if s, ok := syntax.StringValue(a, pass.File.Src); ok && strings.EqualFold(s, "NX") {
			return
		}
	}
	if !incrementedInChain(pass, recv, key) && !incrementedBefore(pass, call, recv, key) {
		return
	}
	prop := syntax.Field(syntax.Field(call, syntax.FieldFunction), syntax.FieldProperty)
	var edits []analysis.Edit
	if last := args[len(args)-1]; pass.Resolver.FunctionOf(last) != nil {
		edits = []analysis.Edit{{Start: last.StartByte(), End: last.StartByte(), NewText: "'NX', "}}
	} else {
		edits = []analysis.Edit{{Start: last.EndByte(), End: last.EndByte(), NewText: ", 'NX'"}}
	}
	pass.ReportNode(prop, 0, "EXPIRE after every INCR re-arms the window: steady clients never reset; expire only when the count is 1, or use NX", &analysis.Fix{
		Title: "Set the TTL only when the key has none (EXPIRE ... NX, Redis 7.0+)",
		Edits: edits,
	})
}

// incrementedInChain: `redis.multi().incr(key).expire(key, 60)`.
func incrementedInChain(pass *analysis.Pass, recv *sitter.Node, key string) bool {
	for n := syntax.Unwrap(recv); n != nil && syntax.Kind(n) == syntax.CallExpression; {
		m, obj := secMethod(pass, n)
		if incrCommands[strings.ToLower(m)] {
			if a := secArgs(n); len(a) > 0 && pass.Text(a[0]) == key {
				return true
			}
		}
		n = syntax.Unwrap(obj)
	}
	return false
}

// incrementedBefore: an earlier statement of the same function increments key on the
// same client, and the expire runs unconditionally with no ttl() check before it.
func incrementedBefore(pass *analysis.Pass, expire, recv *sitter.Node, key string) bool {
	fn := syntax.EnclosingFunction(expire)
	if fn == nil {
		return false
	}
	for p := syntax.Parent(expire); p != nil && p.Id() != fn.Id(); p = syntax.Parent(p) {
		switch syntax.Kind(p) {
		case syntax.IfStatement, syntax.TernaryExpression, syntax.SwitchStatement, syntax.CatchClause, syntax.WhileStatement, syntax.ForStatement:
			return false
		case syntax.BinaryExpression:
			if op := pass.Text(syntax.Field(p, syntax.FieldOperator)); op == "&&" || op == "||" || op == "??" {
				return false
			}
		}
	}
	client := pass.Text(methodChainRoot(recv))
	incr, checked := false, false
	walkNamed(syntax.Field(fn, syntax.FieldBody), true, func(n *sitter.Node) bool {
		if n.StartByte() >= expire.StartByte() {
			return false
		}
		if syntax.Kind(n) != syntax.CallExpression {
			return true
		}
		m, r := secMethod(pass, n)
		a := secArgs(n)
		if len(a) == 0 || pass.Text(a[0]) != key || pass.Text(methodChainRoot(r)) != client {
			return true
		}
		switch lm := strings.ToLower(m); {
		case incrCommands[lm]:
			incr = true
		case lm == "ttl" || lm == "pttl":
			checked = true
		}
		return true
	})
	return incr && !checked
}
