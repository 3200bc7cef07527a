package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// RateLimitGetThenIncrRace flags Redis counters checked with GET before INCR
// (see docs/rules.md#rate-limit-get-then-incr-race).
var RateLimitGetThenIncrRace = &analysis.Rule{
	Name:  "rate-limit-get-then-incr-race",
	Entry: "rate-limiting",
	Doc: `Flags a Redis counter read with GET, compared, and then INCRemented in the same function.

Between the GET and the INCR other requests run: all of them read the same count,
all pass the check, and the limit is exceeded by as many requests as arrive
together (a check-then-act race). INCR is atomic and returns the new value, so
decide on that. The receiver must be a node-redis or ioredis client, or a variable
named like redis, cache or client in code that uses one of them. WATCH/MULTI
transactions and Lua scripts (eval, evalSha, defineCommand, defineScript) are not
flagged.
Use instead: const count = await redis.incr(key); if (count === 1) await
redis.expire(key, 60); if (count > limit) return res.status(429).end();`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Needles:  mentions(analysis.MethodCallNeedles("incr", "incrBy")...), // the race needs a call of INCR or INCRBY
	Methods:  []string{"get"},
	Run:      runRateLimitGetThenIncr,
	Local:    true,
}

// atomicGuards are the calls that make a get-then-incr safe or replace it.
var atomicGuards = map[string]bool{"watch": true, "eval": true, "evalsha": true, "defineCommand": true, "defineScript": true, "evalSha": true}

func runRateLimitGetThenIncr(pass *analysis.Pass, get *sitter.Node) {
	value := awaitedInto(pass, get)
	if value == nil {
		return
	}
	m, recv := secMethod(pass, get)
	args := secArgs(get)
	if m != "get" || len(args) != 1 || !secRedisReceiver(pass, recv) {
		return
	}
	fn := syntax.EnclosingFunction(get)
	if fn == nil {
		return
	}
	body := syntax.Field(fn, syntax.FieldBody)
	name, key, client := pass.Text(value), pass.Text(args[0]), pass.Text(methodChainRoot(recv))
	compared, incremented, guarded := false, false, false
	walkNamed(body, false, func(n *sitter.Node) bool {
		switch syntax.Kind(n) {
		case syntax.BinaryExpression:
			switch pass.Text(syntax.Field(n, syntax.FieldOperator)) {
			case "<", ">", "<=", ">=":
				if numericOf(pass, syntax.Field(n, syntax.FieldLeft)) == name || numericOf(pass, syntax.Field(n, syntax.FieldRight)) == name {
					compared = true
				}
			}
		case syntax.CallExpression:
			cm, crecv := secMethod(pass, n)
			if atomicGuards[cm] {
				guarded = true
			}
			if n.StartByte() > get.EndByte() && (strings.EqualFold(cm, "incr") || strings.EqualFold(cm, "incrBy")) {
				if a := secArgs(n); len(a) > 0 && pass.Text(a[0]) == key && pass.Text(methodChainRoot(crecv)) == client {
					incremented = true
				}
			}
		}
		return true
	})
	if !compared || !incremented || guarded {
		return
	}
	pass.ReportNode(syntax.Field(get, syntax.FieldFunction), 0, "GET, compare, then INCR races: concurrent requests all read the old count; decide on the value INCR returns", nil)
}

// awaitedInto returns the variable an awaited call's value is stored in:
// `const v = await r.get(k)`, also through Number()/parseInt()/parseFloat().
func awaitedInto(pass *analysis.Pass, call *sitter.Node) *sitter.Node {
	p := syntax.Parent(call)
	if p == nil || syntax.Kind(p) != syntax.AwaitExpression {
		return nil
	}
	for p = syntax.Parent(p); p != nil && (syntax.Kind(p) == syntax.ParenthesizedExpression || syntax.Kind(p) == syntax.Arguments); p = syntax.Parent(p) {
		if syntax.Kind(p) == syntax.Arguments {
			c := syntax.Parent(p)
			if c == nil || syntax.Kind(c) != syntax.CallExpression || !isNumericCoercion(pass, c) {
				return nil
			}
			p = c
		}
	}
	if p == nil {
		return nil
	}
	switch syntax.Kind(p) {
	case syntax.VariableDeclarator:
		if id := syntax.Field(p, syntax.FieldName); id != nil && syntax.Kind(id) == syntax.Identifier {
			return id
		}
	case syntax.AssignmentExpression:
		if id := syntax.Field(p, syntax.FieldLeft); id != nil && syntax.Kind(id) == syntax.Identifier {
			return id
		}
	}
	return nil
}

// numericCoercions are the calls a counter is parsed with.
var numericCoercions = map[string]bool{"Number": true, "parseInt": true, "parseFloat": true, "Number.parseInt": true, "Number.parseFloat": true}

func isNumericCoercion(pass *analysis.Pass, call *sitter.Node) bool {
	fn := syntax.Field(call, syntax.FieldFunction)
	return fn != nil && numericCoercions[pass.Text(fn)] && !pass.Resolver.Bound(strings.SplitN(pass.Text(fn), ".", 2)[0], call.StartByte())
}

// numericOf is the variable a comparison operand reads: `v`, `Number(v)`,
// `parseInt(v, 10)`, `+v`, `v || 0`.
func numericOf(pass *analysis.Pass, n *sitter.Node) string {
	n = syntax.Unwrap(n)
	if n == nil {
		return ""
	}
	switch syntax.Kind(n) {
	case syntax.Identifier:
		return pass.Text(n)
	case syntax.UnaryExpression:
		return numericOf(pass, syntax.Field(n, syntax.FieldArgument))
	case syntax.BinaryExpression:
		if op := pass.Text(syntax.Field(n, syntax.FieldOperator)); op == "||" || op == "??" {
			return numericOf(pass, syntax.Field(n, syntax.FieldLeft))
		}
	case syntax.CallExpression:
		if args := secArgs(n); len(args) > 0 && isNumericCoercion(pass, n) {
			return numericOf(pass, args[0])
		}
	}
	return ""
}
