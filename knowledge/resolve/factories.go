package resolve

// A factory turns a call (or `new`) of a canonical API into an instance whose methods
// get canonical names of their own: `express()` makes an app, so `app.get` is
// "express.app.get" however the app variable is named.
type instance struct{ module, typ string }

var callFactories = map[string]instance{
	"express":              {"express", "app"},
	"express.Router":       {"express", "router"},
	"express.app.route":    {"express", "route"},
	"express.router.route": {"express", "route"},
	"redis.createClient":   {"redis", "client"},
	"http.createServer":    {"http", "server"},
	"https.createServer":   {"http", "server"},
	"express.app.listen":   {"http", "server"},
	"fastify":              {"fastify", "app"},
	"fastify.fastify":      {"fastify", "app"},
	"fastify.default":      {"fastify", "app"},
}

var newFactories = map[string]instance{
	"events":              {"events", "emitter"},
	"events.EventEmitter": {"events", "emitter"},
	"ioredis":             {"ioredis", "client"},
	"ioredis.Redis":       {"ioredis", "client"},
	"koa":                 {"koa", "app"},
	"express.Router":      {"express", "router"},
}

// callResult is the value a call of callee produces; createRequire's result is a
// require function of its own (§0.3 createRequire form).
func callResult(callee Value, isNew bool) Value {
	name := callee.Canonical()
	if !isNew && name == "module.createRequire" {
		return Value{Kind: RequireFn}
	}
	table := callFactories
	if isNew {
		table = newFactories
	}
	if inst, ok := table[name]; ok {
		return Value{Kind: Instance, Module: inst.module, Type: inst.typ}
	}
	return Value{}
}
