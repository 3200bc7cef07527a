package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ExpressAsyncMissingNext flags async Express 4 handlers whose rejections never reach
// the error middleware (CATALOG B.11).
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
Use instead: try { ... } catch (err) { next(err) }, a wrapper such as
express-async-handler, the express-async-errors patch, or an upgrade to Express 5.`,
	Severity:    analysis.Warning,
	Kinds:       []string{"program"},
	SharesFacts: true,
	MayApply:    mentions("express"),
	Run:         runExpressAsyncMissingNext,
}

// responseMethods end a response: a catch that calls one has handled the error.
var responseMethods = map[string]bool{
	"send": true, "json": true, "status": true, "sendStatus": true, "end": true,
	"render": true, "redirect": true, "jsonp": true, "sendFile": true, "type": true,
}

// factAsyncErrors: this file loads express-async-errors, which patches Express for
// the whole process.
const factAsyncErrors = "express-async-errors"

func runExpressAsyncMissingNext(pass *analysis.Pass, root *sitter.Node) {
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
	case v.Known && v.Major >= 5:
		return
	case !v.Known:
		sev = analysis.Information
	}
	if pass.DependsOn("express-async-errors") {
		return
	}
	for _, h := range pass.Resolver.Handlers() {
		if h.Framework != "express" || h.ErrorSafe || h.Tier < resolve.Typed || !syntax.IsAsync(h.Func) {
			continue
		}
		if h.Managed != "" {
			continue // its controller framework awaits it and forwards the rejection
		}
		names := handlerNames(h.Func, pass.File.Src)
		await := firstUnguardedAwait(h.Func, h.Func, names, pass.File.Src)
		if await == nil {
			continue
		}
		msg := "a rejection of this await skips the Express 4 error middleware and hangs the request; catch it and call next(err)"
		if !v.Known {
			msg = "a rejection of this await skips the error middleware on Express 4 (the Express version is unknown); catch it and call next(err)"
		}
		pass.ReportNode(await, sev, msg, wrapInTryCatch(pass, h.Func, names))
	}
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

// firstUnguardedAwait finds the first await in fn's own body (not in nested functions,
// which settle their own promises) that no handling try/catch encloses.
func firstUnguardedAwait(n, fn *sitter.Node, names paramNames, src []byte) *sitter.Node {
	for i := uint(0); i < n.NamedChildCount(); i++ {
		c := n.NamedChild(i)
		if syntax.IsFunction(c) {
			continue
		}
		if syntax.Kind(c) == "try_statement" && catchHandles(c, names, src) {
			// Only the try block is guarded; awaits in catch or finally are not.
			for _, field := range []string{"handler", "finalizer"} {
				if part := syntax.Field(c, field); part != nil {
					if a := firstUnguardedAwait(part, fn, names, src); a != nil {
						return a
					}
				}
			}
			continue
		}
		if syntax.Kind(c) == "await_expression" {
			return c
		}
		if a := firstUnguardedAwait(c, fn, names, src); a != nil {
			return a
		}
	}
	return nil
}

// catchHandles reports whether a try's catch passes the error on (next(...)) or answers
// the request (res.status(...).json(...) and friends).
func catchHandles(try *sitter.Node, names paramNames, src []byte) bool {
	h := syntax.Field(try, "handler")
	if h == nil {
		return false
	}
	return containsNode(h, false, func(call *sitter.Node) bool {
		if syntax.Kind(call) != "call_expression" {
			return false
		}
		fn := syntax.Field(call, "function")
		if fn == nil {
			return false
		}
		if syntax.Kind(fn) == "identifier" {
			return syntax.Text(fn, src) == names.next
		}
		if syntax.Kind(fn) != "member_expression" {
			return false
		}
		root := fn
		for syntax.Kind(root) == "member_expression" || syntax.Kind(root) == "call_expression" {
			if syntax.Kind(root) == "member_expression" {
				root = syntax.Field(root, "object")
			} else {
				root = syntax.Field(root, "function")
			}
		}
		return syntax.Text(root, src) == names.res && responseMethods[syntax.Text(syntax.Field(fn, "property"), src)]
	})
}

// wrapInTryCatch rewrites the handler body as try { body } catch (err) { next(err); },
// adding a next parameter when the handler has only (req, res).
func wrapInTryCatch(pass *analysis.Pass, fn *sitter.Node, names paramNames) *analysis.Fix {
	ps := syntax.Params(fn)
	body := syntax.Field(fn, "body")
	if len(ps) < 2 || body == nil {
		return nil
	}
	src := pass.File.Src
	base := indentOf(src, fn.StartByte())
	if syntax.Kind(body) == "statement_block" {
		base = indentOf(src, body.EndByte()-1)
	}
	unit := "  "
	var inner string
	if syntax.Kind(body) == "statement_block" {
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
