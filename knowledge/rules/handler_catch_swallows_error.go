package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// HandlerCatchSwallowsError flags a catch in an Express handler that neither answers
// the request nor passes the error on (see docs/rules.md#handler-catch-swallows-error).
var HandlerCatchSwallowsError = &analysis.Rule{
	Name:  "handler-catch-swallows-error",
	Entry: "express-async-errors",
	Doc: `Flags a catch block in an Express handler that neither answers the request nor passes the error on.
When the catch only logs, the request is left without an answer: the client waits
until its own timeout, the connection stays open, and the error never reaches your
error middleware or monitoring.
A catch handles the error (and is not flagged) when it:
- calls or hands on next, with any argument (next(err), handle(e, next), a callback
  that calls next);
- answers the response: res.send/json/jsonp/end/sendStatus/render/redirect/sendFile/
  download, also after other calls on res (res.status(500).json(...)); res.status(500)
  alone answers nothing;
- gives res to any function, which then owns the answer (failed(res, 500, e.message),
  sendHttpError(res, msg), sendJSON({ res, result })), or calls a closure declared in
  the handler that answers (const redirectWithError = msg => res.redirect(...));
- ends the process (process.exit(1));
- is followed by a finally (of its try or of a try around it) that answers;
- falls through (its last statement is no return, throw, break or continue) to a
  statement after the try, at any level up to the handler body, that answers: the
  catch logs and the handler goes on to answer;
- comes after an unconditional response (a webhook that answers 202, then works).
A catch that rethrows is not flagged either: the error is passed on, not swallowed.
In a synchronous handler, a wrapped one (asyncHandler(fn)) or on Express 5 it reaches
the error middleware; in an async handler on Express 4 it becomes a rejection that
Express ignores, which express-async-missing-next reports at the await. Both rules
share this one definition of a handling catch. Catches inside loops (partial
failures) and catches in helpers that are not handlers are not flagged. Neither are
methods of a controller class that a framework runs (inversify-express-utils'
@controller or BaseHttpController, routing-controllers' @Controller/@JsonController,
tsoa's @Route or Controller, NestJS's @Controller, or a member with one of their route
decorators, imported from that package): when the action returns, the framework
answers the request itself.
The rule looks only at files that import express (the string 'express' in an import
or require: a comment naming express is no import) and write a catch clause (the
word catch).
Use instead: catch (err) { next(err); } or an explicit error response.`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CatchClause},
	Needles:  expressImported.And("catch"), // every catch clause spells its keyword
	Run:      inExpressFiles(runHandlerCatchSwallowsError),
	Local:    true,
}

func runHandlerCatchSwallowsError(pass *analysis.Pass, catch *sitter.Node) {
	fn := syntax.EnclosingFunction(catch)
	if fn == nil {
		return
	}
	h := pass.Resolver.Handler(fn)
	if h == nil || h.Framework != "express" || h.Tier < resolve.Typed || !pass.Options.AcceptsTier(h.Tier) {
		return
	}
	if h.Managed != "" {
		return // its controller framework answers when the action returns
	}
	body := syntax.Field(catch, syntax.FieldBody)
	try := syntax.Parent(catch)
	if body == nil || try == nil || syntax.Kind(try) != syntax.TryStatement || insideLoop(catch, fn) {
		return
	}
	roles := handlerRoles(fn, pass.File.Src)
	if roles.res == "" {
		return // (req, { json }) and friends: we cannot tell what answers
	}
	if newHandlerScope(pass, h).judgeCatch(try) != catchSwallows {
		return // handled, or rethrown: a rethrow that Express ignores is express-async-missing-next's finding
	}
	start, end := catch.StartByte(), catchHeadEnd(catch)
	pass.Report(analysis.Finding{Start: start, End: end,
		Message: "this catch swallows the error: the request gets no response and the error never reaches next(err)",
		Fix:     swallowFix(pass, catch, body, fn, roles)})
}

// insideLoop: a catch in a loop body handles one item's failure, not the request.
func insideLoop(n, fn *sitter.Node) bool {
	for p := syntax.Parent(n); p != nil && p.Id() != fn.Id(); p = syntax.Parent(p) {
		if isLoop(p) {
			return true
		}
	}
	return false
}

// catchHeadEnd is the end of `catch (err)`, or of `catch` without a binding.
func catchHeadEnd(catch *sitter.Node) uint {
	end := catch.StartByte() + uint(len("catch"))
	for i := uint(0); i < catch.ChildCount(); i++ {
		if c := catch.Child(i); syntax.Kind(c) == syntax.TokenRParen {
			end = c.EndByte()
		}
	}
	return end
}

// swallowFix appends `next(err);` to the catch block, binding the error and adding a
// next parameter to the handler when they are missing.
func swallowFix(pass *analysis.Pass, catch, body, fn *sitter.Node, roles expressRoles) *analysis.Fix {
	var edits []analysis.Edit
	errName := "err"
	if param := syntax.Field(catch, syntax.FieldParameter); param != nil {
		if syntax.Kind(param) != syntax.Identifier {
			return nil
		}
		errName = pass.Text(param)
	} else {
		at := catch.StartByte() + uint(len("catch"))
		edits = append(edits, analysis.Edit{Start: at, End: at, NewText: " (" + errName + ")"})
	}
	next := roles.next
	if next == "" {
		ps := runtimeParams(fn)
		if len(ps) != 2 || syntax.ParamName(ps[1], pass.File.Src) == "" || pass.Resolver.Bound("next", body.StartByte()) && !isParamOf(pass, "next", fn) {
			return nil
		}
		next = "next"
		param := ", next"
		if syntax.Field(ps[1], syntax.FieldType) != nil {
			if !pass.Resolver.TypeValue("NextFunction", fn.StartByte()).Is("express.NextFunction") {
				return nil
			}
			param = ", next: NextFunction"
		}
		edits = append(edits, analysis.Edit{Start: ps[1].EndByte(), End: ps[1].EndByte(), NewText: param})
	}
	call := next + "(" + errName + ");"
	edits = append(edits, appendStatement(pass, body, call))
	return &analysis.Fix{Title: "Pass the error to " + next + "()", Edits: edits}
}

func isParamOf(pass *analysis.Pass, name string, fn *sitter.Node) bool {
	for _, p := range runtimeParams(fn) {
		if syntax.ParamName(p, pass.File.Src) == name {
			return true
		}
	}
	return false
}

// appendStatement adds stmt at the end of a block, before a final return, matching
// the block's layout (one line or one statement per line).
func appendStatement(pass *analysis.Pass, block *sitter.Node, stmt string) analysis.Edit {
	src := pass.File.Src
	var last *sitter.Node
	for i := block.NamedChildCount(); i > 0; i-- {
		if c := block.NamedChild(i - 1); syntax.Kind(c) != syntax.Comment {
			last = c
			break
		}
	}
	multiline := strings.Contains(pass.Text(block), "\n")
	if last == nil {
		open := block.StartByte() + 1
		if multiline {
			indent := indentOf(src, block.EndByte()-1)
			return analysis.Edit{Start: open, End: open, NewText: "\n" + indent + "  " + stmt}
		}
		return analysis.Edit{Start: block.StartByte(), End: block.EndByte(), NewText: "{ " + stmt + " }"}
	}
	if syntax.Kind(last) == syntax.ReturnStatement {
		// a return ends the block: the new statement goes before it
		if multiline {
			return analysis.Edit{Start: last.StartByte(), End: last.StartByte(), NewText: stmt + "\n" + indentOf(src, last.StartByte())}
		}
		return analysis.Edit{Start: last.StartByte(), End: last.StartByte(), NewText: stmt + " "}
	}
	if multiline {
		return analysis.Edit{Start: last.EndByte(), End: last.EndByte(), NewText: "\n" + indentOf(src, last.StartByte()) + stmt}
	}
	sep := " "
	if t := pass.Text(last); !strings.HasSuffix(t, ";") && !strings.HasSuffix(t, "}") {
		sep = "; " // no automatic semicolon within one line
	}
	return analysis.Edit{Start: last.EndByte(), End: last.EndByte(), NewText: sep + stmt}
}
