package rules

import (
	"strconv"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ErrorMiddlewareArity flags error-handling middleware whose Function.length is not 4
// (see docs/rules.md#error-middleware-arity).
var ErrorMiddlewareArity = &analysis.Rule{
	Name:  "error-middleware-arity",
	Entry: "express-middleware",
	Doc: `Flags error middleware (first parameter err/error/e/ex/exception) whose Function.length is not 4.
Express decides whether a middleware handles errors by counting its declared
parameters: only a function with fn.length === 4 receives (err, req, res, next).
(err, req, res) => ... has length 3, and so do (err, req, res, next = noop) and
(err, ...rest), because a default value or a rest element stops the count. Such a
function is called as ordinary middleware with (req, res, next) in the wrong
parameters, and never sees an error. Functions passed to app.use or router.use, and
functions typed ErrorRequestHandler, are checked; route handlers are not. So the
rule looks only at files that import express (the string 'express' in an import or
require: a comment naming express is no import) and name a use method (.use,
['use']) or ErrorRequestHandler.
Use instead: (err, req, res, next) => { ... } — keep an unused _next parameter.`,
	Severity:   analysis.Error,
	InertBlind: true,
	KnownOnly:  true,
	Kinds:      []string{syntax.Program},
	Needles:    expressImported.And(append(analysis.MethodNeedles("use"), "errorrequesthandler")...),
	Run:        inExpressFiles(runErrorMiddlewareArity),
}

func runErrorMiddlewareArity(pass *analysis.Pass, _ *sitter.Node) {
	seen := map[uintptr]bool{}
	checkFn := func(fn *sitter.Node) {
		if fn == nil || seen[fn.Id()] {
			return
		}
		seen[fn.Id()] = true
		ps := runtimeParams(fn)
		if len(ps) == 0 || !errParamNames[syntax.ParamName(ps[0], pass.File.Src)] {
			return
		}
		n := functionLength(fn)
		if n == 4 {
			return
		}
		at := syntax.Field(fn, syntax.FieldParameters)
		if at == nil {
			at = ps[0] // err => ...
		}
		msg := "error middleware has Function.length " + strconv.Itoa(n) + ", not 4: Express treats it as ordinary middleware and it never receives errors"
		pass.ReportNode(at, 0, msg, arityFix(pass, fn, ps))
	}
	for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
		if expressRegistration(pass, call) != "use" {
			continue
		}
		for _, arg := range resolve.HandlerArgs(syntax.Field(call, syntax.FieldArguments)) {
			checkFn(pass.Resolver.FunctionOf(arg))
		}
	}
	for _, fn := range pass.Resolver.Functions() {
		if d := syntax.Parent(fn); d != nil && syntax.Kind(d) == syntax.VariableDeclarator && pass.Resolver.Annotation(syntax.Field(d, syntax.FieldType)) == "express.ErrorRequestHandler" {
			checkFn(fn)
		}
	}
}

// arityFix deletes the default values that hide parameters and appends _next to a
// three-parameter list; rest elements and other shapes get no fix.
func arityFix(pass *analysis.Pass, fn *sitter.Node, ps []*sitter.Node) *analysis.Fix {
	if syntax.Field(fn, syntax.FieldParameters) == nil {
		return nil
	}
	var edits []analysis.Edit
	count, typed := 0, false
	for _, p := range ps {
		if syntax.Field(p, syntax.FieldType) != nil {
			typed = true
		}
		switch {
		case syntax.Kind(p) == syntax.RestPattern || syntax.Field(p, syntax.FieldPattern) != nil && syntax.Kind(syntax.Field(p, syntax.FieldPattern)) == syntax.RestPattern:
			return nil
		case syntax.Kind(p) == syntax.AssignmentPattern && count < 4:
			left := syntax.Field(p, syntax.FieldLeft)
			edits = append(edits, analysis.Edit{Start: left.EndByte(), End: p.EndByte(), NewText: ""})
		case syntax.Field(p, syntax.FieldValue) != nil && count < 4:
			keep := syntax.Field(p, syntax.FieldPattern)
			if t := syntax.Field(p, syntax.FieldType); t != nil {
				keep = t
			}
			edits = append(edits, analysis.Edit{Start: keep.EndByte(), End: syntax.Field(p, syntax.FieldValue).EndByte(), NewText: ""})
		}
		count++
	}
	switch count {
	case 4:
	case 3:
		param := ", _next"
		if typed {
			param = ", _next: import('express').NextFunction"
			if pass.Resolver.TypeValue("NextFunction", fn.StartByte()).Is("express.NextFunction") {
				param = ", _next: NextFunction"
			}
		}
		end := ps[len(ps)-1].EndByte()
		edits = append(edits, analysis.Edit{Start: end, End: end, NewText: param})
	default:
		return nil
	}
	return &analysis.Fix{Title: "Declare four parameters so Express passes errors here", Edits: edits}
}
