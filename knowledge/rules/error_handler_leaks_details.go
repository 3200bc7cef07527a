package rules

import (
	"regexp"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ErrorHandlerLeaksDetails flags error middleware that sends err.message, err.stack
// or the raw error to the client without any guard (see docs/rules.md#error-handler-leaks-details).
var ErrorHandlerLeaksDetails = &analysis.Rule{
	Name:  "error-handler-leaks-details",
	Entry: "express-async-errors",
	Doc: `Flags an Express error handler that puts err.stack, err.message or the raw err into the response.
A 500 is by definition an error you did not plan for, and its message is written for
developers: a database driver's message names tables and columns, a file-system error
carries paths, and a stack trace maps your code. Sending them helps attackers and
never helps users. Handlers that branch on the environment (NODE_ENV,
app.get('env'), a production or debug flag), on err.expose, on a status range
(status < 500) or on the error class (instanceof) are not flagged; neither is logging.
Only the arguments of a response method (send, json, end, render, ...) are read, and
only in Express error handlers: an (err, req, res, next) function counts as one only
in a package that depends on express, any other only in a file that imports express.
So the rule looks only at files that name a response method (.json, ['send'], ...)
and import express (the string 'express' in an import or require, not the word in a
comment) or, in an Express package, spell such a pair in one parameter list
(", req," then "res,", or ", request:" then "response:", ...; a space other than an
ASCII one, or a comment, between a name and its comma hides it).
Use instead:
  const status = err.status ?? 500;
  res.status(status).json({ message: status < 500 ? err.message : 'Internal Server Error' });
and, first of all, if (res.headersSent) return next(err);`,
	Severity:   analysis.Information,
	InertBlind: true,
	KnownOnly:  true,
	Kinds:      []string{syntax.Program},
	Needles:    errorHandlerFiles().And(methodsNamed(responseTerminators)...),
	Run:        runErrorHandlerLeaksDetails,
}

func runErrorHandlerLeaksDetails(pass *analysis.Pass, _ *sitter.Node) {
	for _, h := range pass.Resolver.Handlers() {
		body := syntax.Field(h.Func, syntax.FieldBody)
		if h.Framework != "express" || body == nil || functionLength(h.Func) != 4 || requestHandler(pass, body) != h {
			continue
		}
		roles := handlerRoles(h.Func, pass.File.Src)
		if roles.err == "" || roles.res == "" || hasDisclosureGuard(pass, body, roles) {
			continue
		}
		walkNamed(body, false, func(n *sitter.Node) bool {
			if syntax.Kind(n) != syntax.CallExpression || !isResponseCall(pass, n, roles.res, false) {
				return true
			}
			if args := syntax.Field(n, syntax.FieldArguments); args != nil {
				reportLeaks(pass, args, h.Func, roles)
			}
			return false
		})
	}
}

var guardName = regexp.MustCompile(`(?i)prod|isdev|development|debug|expose`)

// hasDisclosureGuard: the handler decides what to show by environment, status, flag
// or error class.
func hasDisclosureGuard(pass *analysis.Pass, body *sitter.Node, roles expressRoles) bool {
	return containsNode(body, false, func(n *sitter.Node) bool {
		switch syntax.Kind(n) {
		case syntax.MemberExpression:
			if pass.Resolver.Value(n).Is("process.env.NODE_ENV") {
				return true
			}
		case syntax.Identifier, syntax.PropertyIdentifier:
			return guardName.MatchString(pass.Text(n))
		case syntax.String:
			s, _ := syntax.StringValue(n, pass.File.Src)
			return s == "env" || s == "production" || s == "development"
		case syntax.BinaryExpression:
			op := syntax.Field(n, syntax.FieldOperator)
			if op == nil {
				return false
			}
			switch syntax.Kind(op) {
			case syntax.KeywordInstanceof:
				return true
			case syntax.TokenLt, syntax.TokenLtEq, syntax.TokenGt, syntax.TokenGtEq, syntax.TokenEqEqEq, syntax.TokenBangEqEq, syntax.TokenEqEq, syntax.TokenBangEq:
				for _, side := range []string{"left", "right"} {
					if v, ok := numberLiteral(pass, syntax.Field(n, side)); ok && v >= 400 && v < 600 {
						return true
					}
				}
			}
		}
		return false
	})
}

// reportLeaks reports err.stack, err.message (also via String(err), err.toString() and
// `${err}`) and a bare err argument in a response call's arguments.
func reportLeaks(pass *analysis.Pass, args, fn *sitter.Node, roles expressRoles) {
	for i := uint(0); i < args.NamedChildCount(); i++ {
		if a := syntax.Unwrap(args.NamedChild(i)); isName(pass, a, roles.err) {
			pass.ReportNode(a, 0, "the raw error object goes to the client: its fields can carry queries, paths and internals", nil)
		}
	}
	walkNamed(args, true, func(n *sitter.Node) bool {
		switch syntax.Kind(n) {
		case syntax.MemberExpression:
			if !isName(pass, syntax.Field(n, syntax.FieldObject), roles.err) {
				return true
			}
			switch pass.Text(syntax.Field(n, syntax.FieldProperty)) {
			case "stack":
				pass.ReportNode(n, 0, "err.stack goes to the client: a stack trace maps your code for an attacker", nil)
			case "message", "toString":
				pass.ReportNode(n, 0, "err.message goes to the client on a 500: driver and file-system messages leak internals", messageFix(pass, n, fn, roles))
			}
			return false
		case syntax.TemplateSubstitution:
			if e := syntax.Unwrap(n.NamedChild(0)); isName(pass, e, roles.err) {
				pass.ReportNode(e, 0, "the error's message goes to the client on a 500: driver and file-system messages leak internals", nil)
				return false
			}
		case syntax.CallExpression:
			fnNode := syntax.Field(n, syntax.FieldFunction)
			a := syntax.Field(n, syntax.FieldArguments)
			if isName(pass, fnNode, "String") && !pass.Resolver.Bound("String", n.StartByte()) && a != nil && a.NamedChildCount() == 1 && isName(pass, syntax.Unwrap(a.NamedChild(0)), roles.err) {
				pass.ReportNode(n, 0, "the error's message goes to the client on a 500: driver and file-system messages leak internals", nil)
				return false
			}
		}
		return true
	})
}

// messageFix replaces err.message with a message guarded by the error's own status
// (status or statusCode, as http-errors and Express's final handler read them). It is
// offered where err is untyped (JavaScript, or TypeScript with no annotation or any),
// so that err.status type-checks.
func messageFix(pass *analysis.Pass, member, fn *sitter.Node, roles expressRoles) *analysis.Fix {
	if pass.Text(syntax.Field(member, syntax.FieldProperty)) != "message" {
		return nil
	}
	if p := syntax.Parent(member); p != nil && syntax.Kind(p) == syntax.CallExpression {
		return nil
	}
	ps := runtimeParams(fn)
	if t := syntax.Field(ps[0], syntax.FieldType); t != nil && pass.Text(t.NamedChild(0)) != "any" {
		return nil
	}
	e := roles.err
	return &analysis.Fix{Title: "Send err.message only for client errors (status < 500)", Edits: []analysis.Edit{{
		Start: member.StartByte(), End: member.EndByte(),
		NewText: "((" + e + ".status || " + e + ".statusCode) < 500 ? " + e + ".message : 'Internal Server Error')",
	}}}
}
