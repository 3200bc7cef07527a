package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// NoSyncCryptoInHandler flags CPU-heavy synchronous crypto, zlib and child_process
// calls on the request path (see docs/rules.md#no-sync-crypto-in-handler).
var NoSyncCryptoInHandler = &analysis.Rule{
	Name:  "no-sync-crypto-in-handler",
	Entry: "thread-pool",
	Doc: `Flags pbkdf2Sync, scryptSync, generateKeyPairSync, zlib *Sync and execSync-style calls on the request path.
Key derivation, key generation and compression take milliseconds to seconds of CPU,
and a child process can take any time at all. The *Sync forms do that work on the
one thread that runs JavaScript, so every other request waits. Their callback and
promise forms run on the libuv thread pool (or in the child process) instead. Fast
primitives (createHash, createHmac, randomUUID, randomInt, timingSafeEqual,
hkdfSync, small randomBytes), zlib calls on a literal, startup code and scripts are
not flagged. Nor is a memoised call (under if (!cache) whose block assigns a cache
that outlives the call, such as a key pair generated on first use): it runs once;
nor code production skips (if (process.env.NODE_ENV !== 'production') ...).
The request path is a handler, a framework controller's method, a listener a
connection callback registers on its connection (io.on('connection', socket =>
socket.on('event', fn))), or a function
another file's request path calls, directly or through one service of a third file
(compareKeys(stored, supplied) with scryptSync, called by the API-key middleware), as
no-sync-fs-in-handler finds them; unlike that rule, a helper of the same file is not
followed to its callers (this rule judges each statement alone, to stay fast while
typing).
It runs only in files that import crypto, zlib or child_process and name one of the
flagged functions: the resolver names such a call only after a name or a quoted key
the file spells, and Run returns at once in a file without such an import. The rule
records no fact for other files; it reads theirs (the request path), which a file
with no flagged call never needs.
Use instead: await promisify(crypto.pbkdf2)(...), await promisify(zlib.gzip)(...),
or promisify(child_process.execFile) for commands.`,
	Severity:   analysis.Warning,
	InertBlind: true,
	KnownOnly:  true,
	Kinds:      []string{syntax.CallExpression},
	Needles:    mentions(modulesCalls(blockingCalls)...).And(importsOneOf(blockingCalls)...),
	Run:        runNoSyncCryptoInHandler,
	Local:      true,
}

// blockingCalls are the flagged functions by module; the crypto and zlib ones have an
// async twin of the same name without Sync that promisify turns into a promise.
var blockingCalls = map[string]map[string]bool{
	"crypto": nameSet("pbkdf2Sync", "scryptSync", "generateKeyPairSync", "generatePrimeSync"),
	"zlib": nameSet("gzipSync", "gunzipSync", "deflateSync", "inflateSync", "deflateRawSync", "inflateRawSync",
		"unzipSync", "brotliCompressSync", "brotliDecompressSync"),
	"child_process": nameSet("execSync", "execFileSync", "spawnSync"),
}

func runNoSyncCryptoInHandler(pass *analysis.Pass, call *sitter.Node) {
	if !importsAny(pass, blockingCalls) {
		return
	}
	callee := pass.Resolver.Callee(call)
	if callee.Kind != resolve.Member || !blockingCalls[callee.Module][callee.Path] {
		return
	}
	if callee.Module == "zlib" && literalFirstArg(pass, call) {
		return // compressing a constant is bounded and usually done once
	}
	if isCommandLineTool(pass) || memoisedOnce(pass, call) || skippedInProduction(pass, call) || !onStatementRequestPath(pass, call) {
		return
	}
	name := callee.Module + "." + callee.Path
	var msg string
	var fix *analysis.Fix
	switch callee.Module {
	case "child_process":
		msg = name + " blocks the event loop in a request handler until the command exits"
	default:
		msg = name + " burns CPU on the event loop in a request handler; its async form runs on the libuv thread pool"
		fix = promisifyFix(pass, call, callee)
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), 0, msg, fix)
}

// literalFirstArg: `zlib.gzipSync('hello')`, `zlib.gzipSync(Buffer.from('x'))`.
func literalFirstArg(pass *analysis.Pass, call *sitter.Node) bool {
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil || args.NamedChildCount() == 0 {
		return false
	}
	a := syntax.Unwrap(args.NamedChild(0))
	if _, ok := syntax.StringValue(a, pass.File.Src); ok {
		return true
	}
	if syntax.Kind(a) == syntax.CallExpression && pass.Resolver.Callee(a).Is("buffer.Buffer.from") {
		inner := syntax.Field(a, syntax.FieldArguments)
		if inner != nil && inner.NamedChildCount() > 0 {
			_, ok := syntax.StringValue(inner.NamedChild(0), pass.File.Src)
			return ok
		}
	}
	return false
}

// promisifyFix rewrites `crypto.pbkdf2Sync(a)` to `await promisify(crypto.pbkdf2)(a)`,
// importing promisify from node:util when it is not bound yet.
func promisifyFix(pass *analysis.Pass, call *sitter.Node, callee resolve.Value) *analysis.Fix {
	base := strings.TrimSuffix(callee.Path, "Sync")
	edits, ok := asyncContext(pass, call)
	if !ok {
		return nil
	}
	fn := syntax.Field(call, syntax.FieldFunction)
	var target string
	if obj := syntax.Field(fn, syntax.FieldObject); syntax.Kind(fn) == syntax.MemberExpression && obj != nil && pass.Resolver.Value(obj).Is(callee.Module) {
		target = pass.Text(obj) + "." + base
	} else {
		more, ok := importBinding(pass, base, callee.Module, call.StartByte())
		if !ok {
			return nil
		}
		edits = append(edits, more...)
		target = base
	}
	more, ok := importBinding(pass, "promisify", "util", call.StartByte())
	if !ok {
		return nil
	}
	edits = append(edits, more...)
	open, closing := awaitable(call)
	edits = append(edits, analysis.Edit{Start: fn.StartByte(), End: fn.EndByte(), NewText: open + "promisify(" + target + ")"})
	if closing != "" {
		edits = append(edits, analysis.Edit{Start: call.EndByte(), End: call.EndByte(), NewText: closing})
	}
	return &analysis.Fix{Title: "Use await promisify(" + callee.Module + "." + base + ")", Edits: edits}
}
