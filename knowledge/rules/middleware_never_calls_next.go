package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// MiddlewareNeverCallsNext flags inline middleware and route handlers that neither
// call next nor answer the request (see docs/rules.md#middleware-never-calls-next).
var MiddlewareNeverCallsNext = &analysis.Rule{
	Name:  "middleware-never-calls-next",
	Entry: "express-middleware",
	Doc: `Flags a function passed to app.use/get/post/... that never calls next and never responds.
Express moves a request along only when a middleware calls next() or a handler ends
the response. A function that does neither leaves the request open until the client
or a proxy gives up, for every request it matches. The check looks at the whole body,
callbacks included: a reference to next, a response method on res (send, json, end,
render, redirect, write, ...), res or next handed to another function, or a throw
counts. Middleware made by a call (express.json(), auth()) and functions defined
elsewhere are not checked, so the rule looks only at files that import express (the
string 'express' in an import or require, not the word in a comment), name
a registration method (.use, .get, ['post'], ...) and write a function (=> or the
function keyword).
Use instead: call next() when the middleware is done, or end the response.`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Needles:  expressImported.And(methodsNamed(expressRouteMethods)...).And(functionNeedles...),
	Run:      inExpressFiles(runMiddlewareNeverCallsNext),
	Local:    true,
}

func runMiddlewareNeverCallsNext(pass *analysis.Pass, call *sitter.Node) {
	if expressRegistration(pass, call) == "" {
		return
	}
	for _, arg := range resolve.HandlerArgs(syntax.Field(call, syntax.FieldArguments)) {
		if !syntax.IsFunction(arg) {
			continue
		}
		ps := runtimeParams(arg)
		if len(ps) < 2 || len(ps) > 3 || errParamNames[syntax.ParamName(ps[0], pass.File.Src)] {
			continue // error middleware is error-middleware-arity's business
		}
		roles := handlerRoles(arg, pass.File.Src)
		body := syntax.Field(arg, syntax.FieldBody)
		if roles.req == "" || roles.res == "" || body == nil || movesOn(pass, body, roles) {
			continue
		}
		at := syntax.Field(arg, syntax.FieldParameters)
		if at == nil {
			continue
		}
		pass.ReportNode(at, 0, "this middleware never calls next() and never responds: every request it matches hangs", nextFix(pass, arg, body, ps, roles))
	}
}

// movesOn reports whether a body (callbacks included) calls or mentions next, uses the
// response, throws, or lets req.next / req.res or res itself escape.
func movesOn(pass *analysis.Pass, body *sitter.Node, roles expressRoles) bool {
	return containsNode(body, false, func(n *sitter.Node) bool {
		switch syntax.Kind(n) {
		case syntax.ThrowStatement:
			return true
		case syntax.Identifier:
			name := pass.Text(n)
			if name == "arguments" || isName(pass, n, roles.next) {
				return true
			}
			if name != roles.res {
				return false
			}
			p := syntax.Parent(n)
			// res.x is a use; anything else (an argument, a return, an assignment) lets
			// another piece of code answer
			return p == nil || syntax.Kind(p) != syntax.MemberExpression || syntax.Field(p, syntax.FieldObject).Id() != n.Id()
		case syntax.MemberExpression:
			if obj := syntax.Field(n, syntax.FieldObject); isName(pass, obj, roles.req) {
				prop := pass.Text(syntax.Field(n, syntax.FieldProperty))
				return prop == "next" || prop == "res"
			}
		case syntax.CallExpression:
			return isResponseCall(pass, n, roles.res, true) || customResponseCall(pass, n, roles.res)
		}
		return false
	})
}

// settingMethods are the response methods that set something and answer nothing.
var settingMethods = nameSet("status", "set", "header", "setHeader", "append", "type", "contentType",
	"cookie", "clearCookie", "location", "vary", "links", "attachment", "get", "getHeader", "getHeaders",
	"getHeaderNames", "hasHeader", "removeHeader", "on", "once", "addListener", "prependListener",
	"prependOnceListener", "off", "removeListener", "removeAllListeners", "emit", "setTimeout",
	"setMaxListeners", "cork", "uncork", "addTrailers")

// customResponseCall reports whether call is a method of res, directly or after other
// calls on res (`res.status(404).sendWrap(...)`), that is not a known setter: apps
// and frameworks add their own responders to the response (saltcorn's res.sendWrap,
// res.ok(), res.success()), and those answer the request.
func customResponseCall(pass *analysis.Pass, call *sitter.Node, res string) bool {
	if res == "" || settingMethods[syntax.MethodName(call, pass.File.Src)] {
		return false
	}
	for n := call; ; {
		fn := syntax.Unwrap(syntax.Field(n, syntax.FieldFunction))
		if fn == nil || syntax.Kind(fn) != syntax.MemberExpression {
			return false
		}
		obj := syntax.Unwrap(syntax.Field(fn, syntax.FieldObject))
		switch {
		case isName(pass, obj, res):
			return true
		case obj != nil && syntax.Kind(obj) == syntax.CallExpression:
			n = obj
		default:
			return false // res.locals.list.push(...) is not a response method
		}
	}
}

// nextFix appends `next();` to a block body, adding the parameter when missing.
func nextFix(pass *analysis.Pass, fn, body *sitter.Node, ps []*sitter.Node, roles expressRoles) *analysis.Fix {
	if syntax.Kind(body) != syntax.StatementBlock {
		return nil
	}
	var edits []analysis.Edit
	next := roles.next
	if len(ps) == 3 && next == "" {
		return nil // a destructured third parameter
	}
	if len(ps) == 2 {
		next = "next"
		param := ", next"
		if syntax.Field(ps[1], syntax.FieldType) != nil || syntax.Field(ps[0], syntax.FieldType) != nil {
			param = ", next: import('express').NextFunction"
			if pass.Resolver.TypeValue("NextFunction", fn.StartByte()).Is("express.NextFunction") {
				param = ", next: NextFunction"
			}
		}
		edits = append(edits, analysis.Edit{Start: ps[1].EndByte(), End: ps[1].EndByte(), NewText: param})
	}
	edits = append(edits, appendStatement(pass, body, next+"();"))
	return &analysis.Fix{Title: "Call " + next + "() at the end", Edits: edits}
}
