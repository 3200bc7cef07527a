package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// What a catch in an Express handler does for the request, as the request
// experiences it. express-async-missing-next and handler-catch-swallows-error both ask
// judgeCatch, so they cannot disagree on whether a catch handles an error.
//
// A catch handles the error when, on its way out of the handler, the request is
// answered or handed on:
//   - it calls or hands on next (next(err), next(), setImmediate(() => next(e)),
//     handle(e, next));
//   - it answers the response: res.status(500).json(...) and the other terminators
//     (send, json, jsonp, end, sendStatus, render, redirect, sendFile, download);
//     res.status(500) alone answers nothing;
//   - it gives res to any function (failed(res, 500, e.message),
//     opTools.sendJSONStatus(res, ...), sendJSON({ res, result })), which then owns the
//     answer, or calls a closure declared in the handler that answers
//     (const redirectWithError = msg => res.redirect(...));
//   - it ends the process (process.exit(1)): nothing waits any more;
//   - a finally of its try, or of a try around it, answers;
//   - it falls through (its last statement is not a return, throw, break or continue)
//     and a statement after the try, at any level up to the handler body, answers:
//     the catch logs and the handler goes on to answer;
//   - the handler answered before the try, unconditionally (a webhook that sends 202
//     first and then works).
//
// A catch that only rethrows (throw e) hands the error to whoever called the handler:
// Express itself for a synchronous handler, a wrapper such as asyncHandler, and Express
// 5 for a rejected promise all pass it to the error middleware, so there it handles the
// error. An async handler that is not wrapped (as far as this file shows) on Express 4
// or an unknown version ignores the rejection: the catch rethrows into nothing and the
// request hangs. That is express-async-missing-next's finding (at the await), not a
// swallowed error.

// catchVerdict is what a catch does with the error for the request.
type catchVerdict int

const (
	// catchSwallows: the request gets no answer and the error goes nowhere.
	catchSwallows catchVerdict = iota
	// catchRethrows: the error is thrown to a caller that ignores rejections.
	catchRethrows
	// catchHandles: the request is answered or the error reaches next.
	catchHandles
)

// handlerScope is what judging a catch needs to know about the handler around it.
type handlerScope struct {
	pass  *analysis.Pass
	fn    *sitter.Node
	roles expressRoles
	// throwReachesNext: a throw out of this handler reaches the error middleware
	// (a synchronous handler, a wrapped one, or Express 5).
	throwReachesNext bool
	// visiting guards the walk into closures that call each other.
	visiting map[uintptr]bool
	// rejects, when set, tells awaits of calls that cannot reject.
	rejects *rejectCheck
}

func newHandlerScope(pass *analysis.Pass, h *resolve.Handler) *handlerScope {
	v := pass.Version("express")
	return &handlerScope{
		pass:             pass,
		fn:               h.Func,
		roles:            handlerRoles(h.Func, pass.File.Src),
		throwReachesNext: h.ErrorSafe || !syntax.IsAsync(h.Func) || resolve.ExpressForwardsRejections(v),
		visiting:         map[uintptr]bool{},
	}
}

// judgeCatch says what the catch of try does for the request; a try without a catch
// swallows nothing but handles nothing either, and is judged catchSwallows.
func (s *handlerScope) judgeCatch(try *sitter.Node) catchVerdict {
	catch := syntax.Field(try, syntax.FieldHandler)
	if catch == nil {
		return catchSwallows
	}
	body := syntax.Field(catch, syntax.FieldBody)
	if body == nil {
		return catchSwallows
	}
	if s.answers(body) || s.answeredAround(try, fallsThrough(body)) {
		return catchHandles
	}
	if throwsOut(body) {
		if s.throwReachesNext {
			return catchHandles
		}
		return catchRethrows
	}
	return catchSwallows
}

// answers reports whether n (nested callbacks included) calls or mentions next,
// answers the response, gives res to a function, calls a closure of the handler that
// answers, or ends the process.
func (s *handlerScope) answers(n *sitter.Node) bool {
	if n == nil {
		return false
	}
	return containsNode(n, false, func(c *sitter.Node) bool {
		switch syntax.Kind(c) {
		case syntax.Identifier:
			return isName(s.pass, c, s.roles.next)
		case syntax.ShorthandPropertyIdentifier:
			return s.isRole(s.pass.Text(c)) // helper({ req, res, next })
		case syntax.CallExpression:
			return isResponseCall(s.pass, c, s.roles.res, false) || s.handsOver(c) ||
				s.pass.Resolver.Callee(c).Is("process.exit") || s.callsAnsweringClosure(c)
		}
		return false
	})
}

func (s *handlerScope) isRole(name string) bool {
	return name != "" && (name == s.roles.res || name == s.roles.next)
}

// handsOver reports whether call gives res or next to its callee, as an argument or
// as a property of an object argument.
func (s *handlerScope) handsOver(call *sitter.Node) bool {
	if passesName(s.pass, call, s.roles.res) || passesName(s.pass, call, s.roles.next) {
		return true
	}
	for _, p := range objectArgProperties(call) {
		switch syntax.Kind(p) {
		case syntax.Pair:
			if v := syntax.Unwrap(syntax.Field(p, syntax.FieldValue)); syntax.Kind(v) == syntax.Identifier && s.isRole(s.pass.Text(v)) {
				return true
			}
		case syntax.ShorthandPropertyIdentifier:
			if s.isRole(s.pass.Text(p)) {
				return true
			}
		}
	}
	return false
}

// callsAnsweringClosure reports whether call invokes a function declared inside the
// handler whose body answers: such a closure sees the handler's res and next.
func (s *handlerScope) callsAnsweringClosure(call *sitter.Node) bool {
	callee := syntax.Unwrap(syntax.Field(call, syntax.FieldFunction))
	if callee == nil || syntax.Kind(callee) != syntax.Identifier {
		return false
	}
	v := s.pass.Resolver.Value(callee)
	if v.Kind != resolve.Function || v.Node == nil || v.Node.Id() == s.fn.Id() ||
		v.Node.StartByte() < s.fn.StartByte() || v.Node.EndByte() > s.fn.EndByte() || s.visiting[v.Node.Id()] {
		return false
	}
	s.visiting[v.Node.Id()] = true
	defer delete(s.visiting, v.Node.Id())
	return s.answers(syntax.Field(v.Node, syntax.FieldBody))
}

// answeredAround: a finally that runs after the catch (its own try's or an enclosing
// try's) answers; or the catch falls through and a statement after the try answers;
// or an unconditional response was sent before the try.
func (s *handlerScope) answeredAround(try *sitter.Node, fallsThrough bool) bool {
	for c := try; c != nil && c.Id() != s.fn.Id(); c = syntax.Parent(c) {
		p := syntax.Parent(c)
		if p == nil {
			break
		}
		switch syntax.Kind(p) {
		case syntax.TryStatement:
			// leaving a try block or a catch runs the finally, whatever the catch did
			if fin := syntax.Field(p, syntax.FieldFinalizer); fin != nil && fin.Id() != c.Id() && s.answers(fin) {
				return true
			}
			continue
		case syntax.StatementBlock, syntax.SwitchCase, syntax.SwitchDefault:
		default:
			continue
		}
		if c.Id() == try.Id() {
			if fin := syntax.Field(try, syntax.FieldFinalizer); fin != nil && s.answers(fin) {
				return true
			}
		}
		for sib := c.NextNamedSibling(); fallsThrough && sib != nil; sib = sib.NextNamedSibling() {
			if s.answers(sib) {
				return true
			}
		}
		for sib := c.PrevNamedSibling(); sib != nil; sib = sib.PrevNamedSibling() {
			if syntax.Kind(sib) == syntax.ExpressionStatement && containsNode(sib, true, func(n *sitter.Node) bool {
				return isResponseCall(s.pass, n, s.roles.res, true)
			}) {
				return true
			}
		}
	}
	return false
}

// answersBeforeFinally reports whether try's block and its catch each answer by
// themselves, so that by the time its finally runs the request has its answer or its
// error: a rejected await in that finally (releasing a connection, unsubscribing)
// can no longer leave the request hanging.
func (s *handlerScope) answersBeforeFinally(try *sitter.Node) bool {
	catch := syntax.Field(try, syntax.FieldHandler)
	return catch != nil && s.answers(syntax.Field(try, syntax.FieldBody)) && s.answers(syntax.Field(catch, syntax.FieldBody))
}

// fallsThrough: control can leave the block at its end, its last statement being no
// return, throw, break or continue.
func fallsThrough(block *sitter.Node) bool {
	for i := block.NamedChildCount(); i > 0; i-- {
		switch syntax.Kind(block.NamedChild(i - 1)) {
		case syntax.Comment:
			continue
		case syntax.ReturnStatement, syntax.ThrowStatement, syntax.BreakStatement, syntax.ContinueStatement:
			return false
		}
		return true
	}
	return true
}

// throwsOut: a throw in the block itself, not in a function declared there.
func throwsOut(block *sitter.Node) bool {
	return containsNode(block, true, func(n *sitter.Node) bool { return syntax.Kind(n) == syntax.ThrowStatement })
}
