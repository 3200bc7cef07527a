package resolve

import "strings"

// A factory turns a call (or `new`) of a canonical API into an instance whose methods
// get canonical names of their own: `express()` makes an app, so `app.get` is
// "express.app.get" however the app variable is named. Instances of instances work the
// same way: `client.db()` on a MongoClient is a database, `db.collection()` a collection.
type instance struct{ module, typ string }

var callFactories = map[string]instance{
	"express":                                 {"express", "app"},
	"express.default":                         {"express", "app"},
	"express.Router":                          {"express", "router"},
	"express.app.route":                       {"express", "route"},
	"express.router.route":                    {"express", "route"},
	"express.app.listen":                      {"http", "server"},
	"http.createServer":                       {"http", "server"},
	"https.createServer":                      {"http", "server"},
	"fastify":                                 {"fastify", "app"},
	"fastify.fastify":                         {"fastify", "app"},
	"fastify.default":                         {"fastify", "app"},
	"redis.createClient":                      {"redis", "client"},
	"redis.client.duplicate":                  {"redis", "client"},
	"ioredis.client.duplicate":                {"ioredis", "client"},
	"mongoose.model":                          {"mongoose", "model"},
	"mongoose.startSession":                   {"mongoose", "session"},
	"mongoose.model.find":                     {"mongoose", "query"},
	"mongoose.model.findOne":                  {"mongoose", "query"},
	"mongoose.model.findById":                 {"mongoose", "query"},
	"mongoose.query.skip":                     {"mongoose", "query"},
	"mongoose.query.limit":                    {"mongoose", "query"},
	"mongoose.query.sort":                     {"mongoose", "query"},
	"mongoose.query.select":                   {"mongoose", "query"},
	"mongoose.query.lean":                     {"mongoose", "query"},
	"mongodb.client.db":                       {"mongodb", "db"},
	"mongodb.client.startSession":             {"mongodb", "session"},
	"mongodb.db.collection":                   {"mongodb", "collection"},
	"mongodb.collection.find":                 {"mongodb", "cursor"},
	"mongodb.cursor.skip":                     {"mongodb", "cursor"},
	"mongodb.cursor.limit":                    {"mongodb", "cursor"},
	"mongodb.cursor.sort":                     {"mongodb", "cursor"},
	"socket.io":                               {"socket.io", "server"},
	"amqplib.connect":                         {"amqplib", "connection"},
	"amqplib.connection.createChannel":        {"amqplib", "channel"},
	"amqplib.connection.createConfirmChannel": {"amqplib", "channel"},
	"kafkajs.kafka.producer":                  {"kafkajs", "producer"},
	"kafkajs.kafka.consumer":                  {"kafkajs", "consumer"},
	"kafkajs.kafka.admin":                     {"kafkajs", "admin"},
	"pg.pool.connect":                         {"pg", "client"},
	"multer":                                  {"multer", "upload"},
	"cluster.fork":                            {"cluster", "worker"},
	"child_process.spawn":                     {"child_process", "child"},
	"child_process.fork":                      {"child_process", "child"},
	"child_process.exec":                      {"child_process", "child"},
	"fs.createReadStream":                     {"stream", "readable"},
	"fs.createWriteStream":                    {"stream", "writable"},
	"stream.Readable.from":                    {"stream", "readable"},
	"crypto.createCipheriv":                   {"crypto", "cipher"},
	"crypto.createDecipheriv":                 {"crypto", "decipher"},
	"crypto.createHmac":                       {"crypto", "hmac"},
	"crypto.createHash":                       {"crypto", "hash"},
	"zlib.createGzip":                         {"stream", "transform"},
	"zlib.createGunzip":                       {"stream", "transform"},
	// The app's and a router's settings and use return the app or router itself, so
	// `express().disable('x-powered-by').get('/health', h)` registers on the app.
	"express.app.use":     {"express", "app"},
	"express.app.set":     {"express", "app"},
	"express.app.enable":  {"express", "app"},
	"express.app.disable": {"express", "app"},
	"express.app.engine":  {"express", "app"},
	"express.router.use":  {"express", "router"},
}

var newFactories = map[string]instance{
	"events":                {"events", "emitter"},
	"events.EventEmitter":   {"events", "emitter"},
	"ioredis":               {"ioredis", "client"},
	"ioredis.Redis":         {"ioredis", "client"},
	"ioredis.default":       {"ioredis", "client"},
	"koa":                   {"koa", "app"},
	"express":               {"express", "app"}, // new express(): the function returns the app
	"express.Router":        {"express", "router"},
	"mongoose.Schema":       {"mongoose", "schema"},
	"mongodb.MongoClient":   {"mongodb", "client"},
	"bull":                  {"bull", "queue"},
	"bull.default":          {"bull", "queue"},
	"bullmq.Queue":          {"bullmq", "queue"},
	"bullmq.Worker":         {"bullmq", "worker"},
	"bullmq.QueueEvents":    {"bullmq", "events"},
	"socket.io.Server":      {"socket.io", "server"},
	"socket.io":             {"socket.io", "server"},
	"kafkajs.Kafka":         {"kafkajs", "kafka"},
	"pg.Pool":               {"pg", "pool"},
	"pg.Client":             {"pg", "client"},
	"prom-client.Counter":   {"prom-client", "counter"},
	"prom-client.Gauge":     {"prom-client", "gauge"},
	"prom-client.Histogram": {"prom-client", "histogram"},
	"prom-client.Summary":   {"prom-client", "summary"},
	"prom-client.Registry":  {"prom-client", "registry"},
	"worker_threads.Worker": {"worker_threads", "worker"},
	"stream.Readable":       {"stream", "readable"},
	"stream.Writable":       {"stream", "writable"},
	"stream.Transform":      {"stream", "transform"},
	"stream.Duplex":         {"stream", "duplex"},
	"stream.PassThrough":    {"stream", "transform"},
}

// typeInstances maps TypeScript annotations to the instances they describe, so a
// parameter typed `res: Response` or `router: Router` resolves like the real thing.
var typeInstances = map[string]instance{
	"express.Request":        {"express", "request"},
	"express.Response":       {"express", "response"},
	"express.Router":         {"express", "router"},
	"express.Application":    {"express", "app"},
	"express.Express":        {"express", "app"},
	"events.EventEmitter":    {"events", "emitter"},
	"ioredis.Redis":          {"ioredis", "client"},
	"ioredis.default":        {"ioredis", "client"},
	"mongoose.ClientSession": {"mongoose", "session"},
	"mongodb.Db":             {"mongodb", "db"},
	"mongodb.Collection":     {"mongodb", "collection"},
	"mongodb.MongoClient":    {"mongodb", "client"},
	"bullmq.Queue":           {"bullmq", "queue"},
	"bullmq.Job":             {"bullmq", "job"},
	"bull.Job":               {"bull", "job"},
	"socket.io.Socket":       {"socket.io", "socket"},
	"socket.io.Server":       {"socket.io", "server"},
	"pg.Pool":                {"pg", "pool"},
	"pg.PoolClient":          {"pg", "client"},
}

// callbackParams give the parameters of well-known callbacks their instance types:
// io.on('connection', socket => ...) hands over a socket.
var callbackParams = map[string]struct {
	event string // the first argument must be this event name; "" for any
	types []instance
}{
	"socket.io.server.on":         {"connection", []instance{{"socket.io", "socket"}}},
	"socket.io.server.sockets.on": {"connection", []instance{{"socket.io", "socket"}}},
	"bull.queue.process":          {"", []instance{{"bull", "job"}}},
	"bullmq.Worker":               {"", []instance{{"bullmq", "job"}}},
	"http.server.on":              {"request", []instance{{"http", "request"}, {"http", "response"}}},
	"http.createServer":           {"", []instance{{"http", "request"}, {"http", "response"}}},
	"https.createServer":          {"", []instance{{"http", "request"}, {"http", "response"}}},
}

// callResult is the value a call of callee produces; createRequire's result is a
// require function of its own.
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
		return inst.value()
	}
	return Value{}
}

func (i instance) value() Value { return Value{Kind: Instance, Module: i.module, Type: i.typ} }

// hasMember reports whether api names a member of the instance's type, such as
// "express.app.get" of an express app.
func (i instance) hasMember(api string) bool {
	prefix := i.module + "." + i.typ + "."
	return strings.HasPrefix(api, prefix) && len(api) > len(prefix)
}

// Producible reports whether the resolver can produce the canonical API name: a member
// of any module, or a method of an instance type some factory makes. Knowledge entries
// must only list names that can actually appear.
func Producible(api string) bool {
	for _, tables := range []map[string]instance{callFactories, newFactories, typeInstances} {
		for _, inst := range tables {
			if inst.hasMember(api) {
				return true
			}
		}
	}
	for _, c := range callbackParams {
		for _, inst := range c.types {
			if inst.hasMember(api) {
				return true
			}
		}
	}
	for _, g := range globals {
		if g.IsAPI() && g.Canonical() == api {
			return true
		}
	}
	// A known module or one of its members: `cors`, `fs.readFileSync`, `fs/promises.readFile`.
	for m := range knownModules {
		if api == m || (strings.HasPrefix(api, m+".") && len(api) > len(m)+1) {
			return true
		}
	}
	return false
}

// knownModules are the modules whose members knowledge entries may name: Node's
// built-ins and the backend packages the knowledge base covers.
var knownModules = set(
	"assert", "async_hooks", "buffer", "child_process", "cluster", "crypto", "dns", "dns/promises",
	"events", "fs", "fs/promises", "http", "http2", "https", "module", "net", "os", "path",
	"perf_hooks", "process", "querystring", "readline", "stream", "stream/promises", "timers",
	"timers/promises", "tls", "url", "util", "v8", "worker_threads", "zlib",
	"express", "cors", "helmet", "express-rate-limit", "express-slow-down", "jsonwebtoken", "jose",
	"bcrypt", "bcryptjs", "argon2", "mongoose", "mongodb", "redis", "ioredis", "bull", "bullmq",
	"socket.io", "amqplib", "kafkajs", "passport", "passport-jwt", "passport-local", "express-session",
	"multer", "prom-client", "pg", "mysql", "mysql2", "mysql2/promise", "knex", "sequelize", "dotenv", "express-async-handler", "express-async-errors",
	"express-validator", "joi", "zod", "winston", "pino", "node-cache", "lru-cache", "axios",
	"compression", "cookie-parser", "csurf", "hpp", "express-mongo-sanitize", "pm2", "fastify", "koa",
)
