package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// PipeWithoutErrorHandling flags `.pipe()` from a Node stream whose 'error' event
// nobody handles (see docs/rules.md#pipe-without-error-handling).
var PipeWithoutErrorHandling = &analysis.Rule{
	Name:  "pipe-without-error-handling",
	Entry: "streams",
	Doc: `Flags source.pipe(dest) when the source stream has no 'error' handler and no pipeline() manages it.
.pipe() moves data but not errors: an 'error' on the source (a missing file, a failed
decompression, a killed child process) is an uncaught exception that ends the process,
and the destination is never closed, so a response or file descriptor leaks. Only
resolved Node streams are checked (fs.createReadStream, zlib.create*, createCipheriv,
new Readable/Transform/PassThrough, Readable.from, a child's stdout/stderr), inline or
held in a variable of the same function; RxJS and Gulp pipes, streams handed to
another function, a PassThrough fed only from memory (end(buffer)) and Readable.from
over an array of plain values or a string (nothing in memory can fail) are not flagged.
The streams checked come from fs, zlib, crypto, stream and child_process, so the rule
looks only at files that import one of them and name pipe.
Use instead: await pipeline(source, transform, dest) from node:stream/promises (or
the callback pipeline from node:stream), which forwards errors and destroys every
stream.`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Methods:  []string{"pipe"}, // its needles too: a file that never names pipe is skipped
	Needles:  analysis.Mentions(importsOneOf(streamModules)...),
	Run:      runPipeWithoutErrorHandling,
}

// streamModules are the modules whose factories make the streams the rule checks.
var streamModules = nameSet("fs", "zlib", "crypto", "stream", "child_process")

func runPipeWithoutErrorHandling(pass *analysis.Pass, call *sitter.Node) {
	if !importsAny(pass, streamModules) {
		return
	}
	if syntax.MethodName(call, pass.File.Src) != "pipe" {
		return
	}
	src := syntax.Unwrap(methodReceiver(call))
	if src == nil || (syntax.Kind(src) == syntax.CallExpression && syntax.MethodName(src, pass.File.Src) == "pipe") {
		return // a later stage of a chain: the first .pipe() speaks for it
	}
	if !isNodeStreamSource(pass, src, call) || streamErrorsHandled(pass, src) || escapes(pass, src, call) || memoryFed(pass, src, call) {
		return
	}
	pass.ReportNode(src, 0, "an 'error' on this stream is never handled: .pipe() does not forward it, so it crashes the process; use pipeline()", pipelineFix(pass, call))
}

// isNodeStreamSource reports whether n is a readable Node stream made by a known
// factory, inline or held in a variable declared in the same function as use.
func isNodeStreamSource(pass *analysis.Pass, n, use *sitter.Node) bool {
	switch syntax.Kind(n) {
	case syntax.CallExpression, syntax.NewExpression:
		return isStreamValue(pass.Resolver.Value(n)) || isZlibFactory(pass, n)
	case syntax.Identifier, syntax.MemberExpression:
		root := n
		if syntax.Kind(n) == syntax.MemberExpression {
			root = syntax.Unwrap(syntax.Field(n, syntax.FieldObject))
		}
		init := syntax.Unwrap(pass.Resolver.Initializer(root))
		if init == nil || !sameFunction(init, use) {
			return false
		}
		if syntax.Kind(n) == syntax.Identifier && isZlibFactory(pass, init) {
			return true
		}
		return isStreamValue(pass.Resolver.Value(n))
	}
	return false
}

// isStreamValue: an instance a stream factory makes, or a child process's output.
func isStreamValue(v resolve.Value) bool {
	if v.Kind != resolve.Instance {
		return false
	}
	switch v.Module + "." + v.Type {
	case "stream.readable", "stream.transform", "stream.duplex", "crypto.cipher", "crypto.decipher":
		return v.Path == ""
	case "child_process.child":
		return v.Path == "stdout" || v.Path == "stderr"
	}
	return false
}

// isZlibFactory: zlib.createGzip(), createDeflate(), createBrotliCompress(), ...
func isZlibFactory(pass *analysis.Pass, n *sitter.Node) bool {
	if syntax.Kind(n) != syntax.CallExpression {
		return false
	}
	c := pass.Resolver.Callee(n)
	return c.Kind == resolve.Member && c.Module == "zlib" && strings.HasPrefix(c.Path, "create") && c.Path != "createContext"
}

func sameFunction(a, b *sitter.Node) bool {
	fa, fb := syntax.EnclosingFunction(a), syntax.EnclosingFunction(b)
	if fa == nil || fb == nil {
		return fa == nil && fb == nil
	}
	return fa.Id() == fb.Id()
}

// streamErrorsHandled: an inline source has no handler by construction; a named one
// is handled by `s.on('error', ...)` (once, addListener, ...) anywhere in the file, or
// by being passed to any function (finished(s), pipeline(s, ...), a helper of yours).
func streamErrorsHandled(pass *analysis.Pass, src *sitter.Node) bool {
	if syntax.Kind(src) != syntax.Identifier && syntax.Kind(src) != syntax.MemberExpression {
		return false
	}
	name := pass.Text(src)
	for _, c := range pass.Resolver.Nodes(syntax.CallExpression) {
		if recv := methodReceiver(c); recv != nil && pass.Text(syntax.Unwrap(recv)) == name && listenMethods[syntax.MethodName(c, pass.File.Src)] {
			args := syntax.Field(c, syntax.FieldArguments)
			if args == nil || args.NamedChildCount() == 0 {
				continue
			}
			if ev, ok := syntax.StringValue(args.NamedChild(0), pass.File.Src); ok && ev == "error" {
				return true
			}
		}
		if syntax.MethodName(c, pass.File.Src) == "pipe" {
			continue
		}
		args := syntax.Field(c, syntax.FieldArguments)
		if args == nil {
			continue
		}
		for i := uint(0); i < args.NamedChildCount(); i++ {
			if a := syntax.Unwrap(args.NamedChild(i)); pass.Text(a) == name && (syntax.Kind(a) == syntax.Identifier || syntax.Kind(a) == syntax.MemberExpression) {
				return true
			}
		}
	}
	return false
}

// escapes reports whether a stream variable is used other than by calling its methods
// in the function around use: returned, stored or passed on, someone else may handle
// its errors.
func escapes(pass *analysis.Pass, src, use *sitter.Node) bool {
	if syntax.Kind(src) != syntax.Identifier {
		return false
	}
	name := pass.Text(src)
	scope := syntax.EnclosingFunction(use)
	if scope == nil {
		scope = pass.File.Tree.RootNode()
	}
	return containsNode(scope, false, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.Identifier && syntax.Kind(n) != syntax.ShorthandPropertyIdentifier {
			return false
		}
		if pass.Text(n) != name {
			return false
		}
		if p := syntax.Parent(n); p != nil && syntax.Kind(p) == syntax.Arguments {
			// being piped into does not handle the stream's own errors
			return syntax.MethodName(syntax.Parent(p), pass.File.Src) != "pipe"
		}
		return syntax.Escapes(n)
	})
}

// memoryFed reports whether src is a `new PassThrough()` of this function that only
// this function feeds, with end()/write() of values in memory: nothing is piped into
// it and nothing destroys it, so it has no way to emit 'error'
// (`const s = new PassThrough(); s.end(zip.toBuffer()); s.pipe(res);`).
func memoryFed(pass *analysis.Pass, src, use *sitter.Node) bool {
	if fromMemory(pass, src) {
		return true
	}
	if syntax.Kind(src) != syntax.Identifier {
		return false
	}
	init := syntax.Unwrap(pass.Resolver.Initializer(src))
	if fromMemory(pass, init) {
		return true
	}
	if init == nil || syntax.Kind(init) != syntax.NewExpression || !pass.Resolver.Callee(init).Is("stream.PassThrough") {
		return false
	}
	scope := syntax.EnclosingFunction(use)
	if scope == nil {
		scope = pass.File.Tree.RootNode()
	}
	name := pass.Text(src)
	return !containsNode(scope, false, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.Identifier || pass.Text(n) != name {
			return false
		}
		p := syntax.Parent(n)
		switch {
		case p == nil:
			return false
		case syntax.Kind(p) == syntax.MemberExpression && syntax.Field(p, syntax.FieldObject).Id() == n.Id():
			switch pass.Text(syntax.Field(p, syntax.FieldProperty)) {
			case "end", "write", "pipe", "setEncoding":
				return false
			}
			return true // destroy(), or anything else that could fail it
		case syntax.Kind(p) == syntax.VariableDeclarator:
			return false
		}
		return true // piped into (x.pipe(s)), or used some other way
	})
}

// fromMemory reports whether n is `Readable.from([a, b])` or `Readable.from('text')`:
// a stream over values already in memory, which has nothing that can fail. An element
// that is computed (a call, an await, a promise) may reject, so it does not count.
func fromMemory(pass *analysis.Pass, n *sitter.Node) bool {
	if n == nil || syntax.Kind(n) != syntax.CallExpression || !pass.Resolver.Callee(n).Is("stream.Readable.from") {
		return false
	}
	args := syntax.Field(n, syntax.FieldArguments)
	if args == nil || args.NamedChildCount() != 1 {
		return false
	}
	switch arg := args.NamedChild(0); syntax.Kind(arg) {
	case syntax.String, syntax.TemplateString:
		return true
	case syntax.Array:
		for i := uint(0); i < arg.NamedChildCount(); i++ {
			switch syntax.Kind(arg.NamedChild(i)) {
			case syntax.Identifier, syntax.MemberExpression, syntax.String, syntax.Number:
			default:
				return false
			}
		}
		return true
	}
	return false
}

// pipelineFix rewrites a statement `a.pipe(b).pipe(c);` to `await pipeline(a, b, c);`
// in an async function, or to the callback pipeline elsewhere.
func pipelineFix(pass *analysis.Pass, first *sitter.Node) *analysis.Fix {
	stages := []string{pass.Text(syntax.Unwrap(methodReceiver(first)))}
	top := first
	for {
		args := syntax.Field(top, syntax.FieldArguments)
		if args == nil || args.NamedChildCount() != 1 || syntax.Kind(args.NamedChild(0)) == syntax.SpreadElement {
			return nil // .pipe(dest, { end: false }) has no pipeline equivalent
		}
		stages = append(stages, pass.Text(args.NamedChild(0)))
		member := syntax.Parent(top)
		if member == nil || syntax.Kind(member) != syntax.MemberExpression || pass.Text(syntax.Field(member, syntax.FieldProperty)) != "pipe" {
			break
		}
		next := syntax.Parent(member)
		if next == nil || syntax.Kind(next) != syntax.CallExpression {
			return nil
		}
		top = next
	}
	if p := syntax.Parent(top); p == nil || syntax.Kind(p) != syntax.ExpressionStatement {
		return nil // the chain's result is used
	}
	list := strings.Join(stages, ", ")
	fn := syntax.EnclosingFunction(top)
	at := top.StartByte()
	if fn != nil && syntax.IsAsync(fn) {
		if edits, ok := importBinding(pass, "pipeline", "stream/promises", at); ok {
			edits = append(edits, analysis.Edit{Start: top.StartByte(), End: top.EndByte(), NewText: "await pipeline(" + list + ")"})
			return &analysis.Fix{Title: "Use await pipeline() from node:stream/promises", Edits: edits}
		}
	}
	edits, ok := importBinding(pass, "pipeline", "stream", at)
	if !ok {
		return nil
	}
	edits = append(edits, analysis.Edit{Start: top.StartByte(), End: top.EndByte(), NewText: "pipeline(" + list + ", (err) => { if (err) { /* TODO handle */ } })"})
	return &analysis.Fix{Title: "Use pipeline() from node:stream", Edits: edits}
}
