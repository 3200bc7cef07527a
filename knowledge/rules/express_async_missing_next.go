package rules

import (
	"slices"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ExpressAsyncMissingNext flags async Express 4 handlers whose rejections never reach
// the error middleware (see docs/rules.md#express-async-missing-next).
var ExpressAsyncMissingNext = &analysis.Rule{
	Name:  "express-async-missing-next",
	Entry: "express-async-errors",
	Doc: `Flags an async Express 4 route handler with an await that no try/catch hands to next(err).

Express 4 ignores the promise an async handler returns. When an awaited call rejects,
the error middleware never runs: the request hangs until the client gives up and
Node reports an unhandled rejection. Express 5 forwards rejected promises to next(err)
itself, so the rule is silent there; with an unknown Express version it only informs.
Methods of a controller class that a framework runs are not flagged: inversify-express-utils
(@controller, @httpGet..., or extending BaseHttpController), routing-controllers
(@Controller, @JsonController, @Get...), tsoa (@Route, @Get..., or extending its
Controller) and NestJS (@Controller, @Get... from @nestjs/common) await every action
and pass its rejection on to next(err) or their own error handling. The decorator or
base class must resolve to an import of that package; a local one of the same name
counts for nothing.

Which functions it judges: a function registered in this file (app.get, router.use,
route().post, arrays of handlers, and so on) is a handler at that registration, and
is safe when a wrapper that forwards rejections surrounds it there (asyncHandler,
express-async-handler, a local function that chains .catch(next)). A function that
only looks like a handler (TypeScript parameters typed Request/Response, or named
req/res) is judged only where a registration in another file of the package runs it
bare: an import, a member of an imported module or of an instance of an imported
class (ctrl.list, this.list.bind(this)), or the function an imported factory returns
(router.get('/a', users.getAddress())). The finding then points at that registration.
A function that a factory returns (as a literal, or by the name it is declared under
in the factory) is also a handler where another file registers, bare, a call of a
function of the factory's name that the file can neither see nor trace to an import
(api.use(ctx.authorization.isPermitted('api:read')), the module handed in as a
parameter's property): the name is all the two files share. In the file itself, a
registration whose method name is computed (this.app[options.method](options.path,
checkPermission(options.permission), ...)) on an Express app or router, or on a
property of this, registers the handler-shaped functions that this file's factories
called there return, bare unless a wrapper call surrounds the factory's call.
Registered through any wrapper, including a function applied to the whole controller
module (wrapController(controllers)), or never registered where nodecoach can see it
(a service taking req, a framework-managed controller), it is not flagged.

An await is guarded when a try around it has a catch that handles the error, by the
same definition handler-catch-swallows-error uses: the catch calls or hands on next
(any argument); answers the response directly (res.status(500).json(...)) or gives res
to a function (failed(res, 500, e.message)) or calls a closure of the handler that
answers; ends the process (process.exit); is followed by a finally that answers; or
falls through to a statement after the try that answers; or follows an unconditional
response. A catch that only rethrows
does not guard: on Express 4 the rethrown error is a rejection Express ignores. Awaits
in a catch are not guarded by their own try; awaits in a finally are not either,
unless both the try block and the catch answered first (releasing a connection after
the response cannot hang the request).

An await can only reject the handler when the awaited call can reject, so an await
of a call of a package function that cannot reject is guarded too. A function cannot
reject when it is async and its own body (nested functions aside) has no throw that
a try around it does not catch, and no await, returned call or for await loop outside
a try whose catch holds no throw, unless the awaited or returned call is itself of a
function that cannot reject (awaits in a catch or a finally are judged the same way).
Synchronous calls are taken not to throw; a function that is not async can return a
promise that rejects. The call is resolved to its definition, and otherwise can
reject: a function of this file by name, its parameters bound to the call's arguments
(a method called on a parameter is judged by what the caller passed); an imported
function or member of an imported module, by the defining file's verdict on every
function of that name (a method's name, "default" for a default export); a method
called on an instance of an imported class (new Api(), also through a variable or a
parameter bound to one), by the verdict on every function of that name in the class's
module: all of them must be unable to reject. A file's verdicts for the other files
rest on its own code alone: where its function calls a function of a third file, that
call can reject, so that an edit, in the editor, gives what a whole check gives.
What can reject only inside if (opts.flag) { ... }, opts being a parameter, cannot
reject for a call that passes an object literal setting flag to a falsy literal
(send(type, { notifyAdmin: false })) and a function that assigns neither opts nor its
flag: that branch does not run for this call. An && condition counts for each of its
operands; the else branch, and any other argument, count as usual.

It runs only in files that import express or express-async-errors and, in a package
that depends on express, also in files with a handler's request parameter (req or
request followed by a comma, a type or a default value) or async (any async
function may be one a handler awaits: such a file records for the others whether it
can reject). It records facts for other files: bare registrations of their
functions, registered results of factories it cannot see, the functions that
cannot reject, and the load of express-async-errors. A file it would run in only for
async (no express import, no request parameter) records nothing but which of its
functions cannot reject, and a handler reads that only through a module it names with
a string: such a file is judged only when a handler of its package may await a call of
it, and is not parsed for this rule otherwise. A check, with or without a cache, and
the editor's index hear what each handler asks for before deciding (a cache keeps it
with the file's entry); a file looked at again without being judged (the editor's,
after an edit) counts every module specifier it spells.

Use instead: try { ... } catch (err) { next(err) }, a wrapper such as
express-async-handler, the express-async-errors patch, or an upgrade to Express 5.`,
	Severity:   analysis.Warning,
	InertBlind: true,
	// A handler's verdict is the statement's own (see analysis.Rule.StatementWise).
	StatementWise: true,
	Kinds:         []string{syntax.Program},
	SharesFacts:   true,
	// Heuristic handlers count too, in an Express package: a controller module
	// registered elsewhere need not import express itself; and any async function
	// there may be one a handler awaits, whose file records whether it can reject.
	Needles:  asyncMissingNextImports.InPackagesOf("express", slices.Concat(requestParams, []string{"async"})...),
	MayApply: expressMayDropRejections,
	Run:      runExpressAsyncMissingNext,
}

// factAsyncErrors: this file loads express-async-errors, which patches Express for
// the whole process.
const factAsyncErrors = "express-async-errors"

// asyncMissingNextImports are the needles of a file the rule judges in any package:
// one that imports express or loads express-async-errors. An Express app or router,
// and so a registration the resolver names express's (a bare one records a fact), or
// a type from express, exists only after the file imports it, whatever the binding is
// called; a comment or a word that names express makes none. Outside an Express
// package nothing else counts: the resolver sees no registration on an app the file
// cannot see, nor a handler by its parameters' names.
var asyncMissingNextImports = analysis.Mentions(importsOneOf(asyncMissingNextModules)...)

// asyncMissingNextModules are the modules whose import has the rule judge a file in
// any package: the gate's needles and Run's first question both ask for them.
var asyncMissingNextModules = nameSet("express", "express-async-errors")

func runExpressAsyncMissingNext(pass *analysis.Pass, root *sitter.Node) {
	if !pass.DependsOn("express") && !importsAny(pass, asyncMissingNextModules) {
		// Outside an Express package, (req, res) names make no handler (resolve.Tier)
		// and only a file that imports express holds one, or registers one, whose
		// awaits are the request's; what this file's functions can reject is asked by
		// those files alone.
		return
	}
	exportBareRoutes(pass)
	exportUnseenFactoryCalls(pass)
	if pass.Resolver.Imports("express-async-errors") {
		pass.AddFact(factAsyncErrors, root)
		return
	}
	if len(pass.Elsewhere(factAsyncErrors)) > 0 {
		return
	}
	v := pass.Version("express")
	sev := analysis.Warning
	switch {
	case resolve.ExpressForwardsRejections(v):
		return
	case !v.Known:
		sev = analysis.Information
	}
	if pass.DependsOn("express-async-errors") {
		return
	}
	hearHandlerAsks(pass)
	exports := newExportCheck(pass)
	exportCannotReject(pass, exports)
	exportGuardedCannotReject(pass, exports)
	// Only a handler's verdict makes this file wait for the other files' facts: an
	// exported verdict rests on this file's code alone (see newExportCheck).
	rejects := newRejectCheck(pass)
	defer func() {
		if rejects.readFact {
			pass.AddFact(factReadsCannotReject, root)
		}
	}()
	computed := map[uintptr]bool{}
	for _, fn := range pass.Resolver.ComputedRouteFactories() {
		computed[fn.Id()] = true
	}
	for _, h := range pass.Resolver.Handlers() {
		if !awaitsJudged(h) {
			continue
		}
		// A function judged by how it looks alone (its parameter types or names) is
		// a handler only where a registration in another file runs it bare;
		// wrapped, framework-managed or never registered, its rejections are not the
		// request's.
		names := handlerNames(h.Func, pass.File.Src)
		await := firstUnguardedAwait(pass, h, rejects)
		if await == nil {
			continue
		}
		var registered []analysis.Location
		if h.Tier < resolve.Direct {
			pass.AddFact(factAwaitsRegistration, h.Func)
			registered = append(bareRoutesOf(pass, h.Func), unseenFactoryRoutesOf(pass, h.Func)...)
			if len(registered) == 0 && !computed[h.Func.Id()] {
				continue
			}
		}
		msg := "a rejection of this await skips the Express 4 error middleware and hangs the request; catch it and call next(err)"
		if !v.Known {
			msg = "a rejection of this await skips the error middleware on Express 4 (the Express version is unknown); catch it and call next(err)"
		}
		f := analysis.Finding{Severity: sev, Start: await.StartByte(), End: await.EndByte(), Message: msg, Fix: wrapInTryCatch(pass, h.Func, names)}
		for _, at := range registered {
			f.Related = append(f.Related, analysis.Related{Where: at, Message: "registered here with no wrapper that forwards its rejections"})
		}
		pass.Report(f)
	}
}

// awaitsJudged reports whether the rule judges the awaits of handler h: an async
// Express handler whose rejections nothing else forwards (a framework that manages
// it, as a controller's, awaits it and forwards them).
func awaitsJudged(h *resolve.Handler) bool {
	return h.Framework == "express" && !h.ErrorSafe && syntax.IsAsync(h.Func) && h.Managed == ""
}

// paramNames are a handler's (req, res, next) names as the code spells them.
type paramNames struct{ res, next string }

func handlerNames(fn *sitter.Node, src []byte) paramNames {
	ps := syntax.Params(fn)
	n := paramNames{res: "res", next: "next"}
	if len(ps) > 1 {
		if s := syntax.ParamName(ps[1], src); s != "" {
			n.res = s
		}
	}
	if len(ps) > 2 {
		if s := syntax.ParamName(ps[2], src); s != "" {
			n.next = s
		}
	}
	return n
}

// firstUnguardedAwait finds the first await in the handler's own body (not in nested
// functions, which settle their own promises) whose rejection can leave the request
// hanging: one that no try encloses whose catch handles the error (judgeCatch, shared
// with handler-catch-swallows-error). Awaits in a handling try's catch are not
// guarded; awaits in its finally are not either, unless the try and the catch both
// answered first (then the request has its answer whatever the finally does).
//
// An await of a call that cannot reject (see rejectCheck) guards itself.
func firstUnguardedAwait(pass *analysis.Pass, h *resolve.Handler, rejects *rejectCheck) *sitter.Node {
	s := newHandlerScope(pass, h)
	s.rejects = rejects
	return unguardedAwaitIn(s, h.Func)
}

func unguardedAwaitIn(s *handlerScope, n *sitter.Node) *sitter.Node {
	for c := range syntax.NamedChildren(n) {
		if syntax.IsFunction(c) {
			continue
		}
		if syntax.Kind(c) == syntax.TryStatement && s.judgeCatch(c) == catchHandles {
			if a := unguardedAwaitIn(s, syntax.Field(c, syntax.FieldHandler)); a != nil {
				return a
			}
			if fin := syntax.Field(c, syntax.FieldFinalizer); fin != nil && !s.answersBeforeFinally(c) {
				if a := unguardedAwaitIn(s, fin); a != nil {
					return a
				}
			}
			continue
		}
		if syntax.Kind(c) == syntax.AwaitExpression && !s.awaitsCallThatCannotReject(c) {
			return c
		}
		if a := unguardedAwaitIn(s, c); a != nil {
			return a
		}
	}
	return nil
}

// awaitsCallThatCannotReject: the await's operand is a call of a function of the
// package that cannot reject.
func (s *handlerScope) awaitsCallThatCannotReject(await *sitter.Node) bool {
	call := syntax.Unwrap(await.NamedChild(0))
	return s.rejects != nil && syntax.Kind(call) == syntax.CallExpression && s.rejects.callCannotReject(call, nil, 0)
}

// wrapInTryCatch rewrites the handler body as try { body } catch (err) { next(err); },
// adding a next parameter when the handler has only (req, res).
func wrapInTryCatch(pass *analysis.Pass, fn *sitter.Node, names paramNames) *analysis.Fix {
	ps := syntax.Params(fn)
	body := syntax.Field(fn, syntax.FieldBody)
	if len(ps) < 2 || body == nil {
		return nil
	}
	src := pass.File.Src
	base := indentOf(src, fn.StartByte())
	if syntax.Kind(body) == syntax.StatementBlock {
		base = indentOf(src, body.EndByte()-1)
	}
	unit := "  "
	var inner string
	if syntax.Kind(body) == syntax.StatementBlock {
		inner = strings.Trim(string(src[body.StartByte()+1:body.EndByte()-1]), "\r\n")
		inner = reindent(inner, unit)
	} else {
		inner = base + unit + unit + "return " + pass.Text(body) + ";"
	}
	text := "{\n" + base + unit + "try {\n" + inner + "\n" +
		base + unit + "} catch (err) {\n" +
		base + unit + unit + names.next + "(err);\n" +
		base + unit + "}\n" + base + "}"
	edits := []analysis.Edit{{Start: body.StartByte(), End: body.EndByte(), NewText: text}}
	if len(ps) == 2 {
		end := ps[1].EndByte()
		edits = append(edits, analysis.Edit{Start: end, End: end, NewText: ", next"})
	}
	return &analysis.Fix{Title: "Wrap the handler body in try/catch and call next(err)", Edits: edits}
}

// reindent indents every non-blank line by one more unit.
func reindent(text, unit string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = unit + l
		}
	}
	return strings.Join(lines, "\n")
}
