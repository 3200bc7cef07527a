package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/fix"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ErrorMiddlewareBeforeRoutes flags an error handler registered before the routes
// whose errors it should handle, with none after them (see docs/rules.md#error-middleware-before-routes).
var ErrorMiddlewareBeforeRoutes = &analysis.Rule{
	Name:  "error-middleware-before-routes",
	Entry: "express-middleware",
	Doc: `Flags app.use(errorHandler) that comes before later routes on the same app or router, with no error handler after them.
Express runs middleware in registration order, and next(err) only moves forward: an
error raised in a route reaches the error handlers registered after that route, never
one registered before it. With no error handler after the last route, Express's
default handler answers instead (an HTML page with the stack trace outside
production). An early error handler is fine when a final one also exists, e.g. one
that turns JSON syntax errors from express.json() into 400s. Only registrations in the
same statement list are compared. An error handler registered in one call after
other middleware (app.use(express.json(), onBadJson)) is that middleware's own error
handler, not one meant for the routes, so it is not flagged; after the last route it
still counts as a final one, since every error passes through it. An unknown middleware after the routes (an
imported function, a factory call) may be the final handler, so it silences the rule.
Only an error handler given to a use method is reported, so the rule looks only at
files that import express (the string 'express' in an import or require, not the
word in a comment) and name one (.use, ['use']).
Use instead: register error handlers last, after every route and router, before
app.listen().`,
	Severity:   analysis.Warning,
	InertBlind: true,
	KnownOnly:  true,
	Kinds:      []string{syntax.Program, syntax.StatementBlock},
	Needles:    expressImported.And(analysis.MethodNeedles("use")...),
	Run:        inExpressFiles(runErrorMiddlewareBeforeRoutes),
}

// registrationRole classifies a registration for ordering.
type registrationRole int

const (
	roleUnknown            registrationRole = iota // may or may not handle errors
	roleRoute                                      // certainly not an error handler
	roleErrorHandler                               // a 4-parameter function
	roleScopedErrorHandler                         // a 4-parameter function after middleware of its own call
)

type registration struct {
	stmt, call *sitter.Node
	role       registrationRole
}

func runErrorMiddlewareBeforeRoutes(pass *analysis.Pass, list *sitter.Node) {
	byApp := map[string][]registration{}
	var order []string
	for stmt, call := range syntax.ExpressionStatements(list, syntax.CallExpression) {
		method := expressRegistration(pass, call)
		if method == "" {
			continue
		}
		app := pass.Text(methodReceiver(call))
		if _, ok := byApp[app]; !ok {
			order = append(order, app)
		}
		byApp[app] = append(byApp[app], registration{stmt: stmt, call: call, role: registrationRoleOf(pass, call, method)})
	}
	for _, app := range order {
		regs := byApp[app]
		last := -1
		for i, r := range regs {
			if r.role == roleRoute {
				last = i
			}
		}
		if last < 0 {
			continue
		}
		final := false
		for _, r := range regs[last+1:] {
			if r.role != roleRoute {
				final = true // an error handler, or something that may be one
			}
		}
		if final {
			continue
		}
		for _, r := range regs[:last] {
			if r.role == roleErrorHandler {
				msg := "this error handler is registered before later routes on " + app + ": their errors never reach it; register it after the last route"
				pass.ReportNode(syntax.Field(r.call, syntax.FieldFunction), 0, msg, moveAfterFix(pass, r.stmt, regs[last].stmt))
			}
		}
	}
}

func registrationRoleOf(pass *analysis.Pass, call *sitter.Node, method string) registrationRole {
	args := syntax.Field(call, syntax.FieldArguments)
	if method != "use" {
		return roleRoute // route-level four-parameter handlers are legal and local
	}
	if args == nil {
		return roleUnknown
	}
	handlers := resolve.HandlerArgs(args)
	role := roleRoute
	for i, h := range handlers {
		fn := pass.Resolver.FunctionOf(h)
		switch {
		case fn != nil && functionLength(fn) == 4 && i > 0:
			// app.use(express.json(), (err, req, res, next) => ...): written to answer
			// the errors of the middleware beside it, such as a malformed body.
			return roleScopedErrorHandler
		case fn != nil && functionLength(fn) == 4:
			return roleErrorHandler
		case fn != nil:
		case isExpressRouter(pass, h):
		default:
			role = roleUnknown
		}
	}
	if resolve.HasMountPath(args) {
		return roleRoute // a mounted router or sub-app
	}
	return role
}

// isExpressRouter: an identifier holding express.Router() or express().
func isExpressRouter(pass *analysis.Pass, n *sitter.Node) bool {
	v := pass.Resolver.Value(n)
	return v.Kind == resolve.Instance && v.Module == "express" && v.Path == "" && (v.Type == "router" || v.Type == "app")
}

// moveAfterFix moves the whole line(s) of stmt to just after the line(s) of after,
// when each stands on lines of its own.
func moveAfterFix(pass *analysis.Pass, stmt, after *sitter.Node) *analysis.Fix {
	src := pass.File.Src
	start, end := fix.LineStart(src, stmt.StartByte()), fix.LineEnd(src, stmt.EndByte())
	if !blank(src[start:stmt.StartByte()]) || !blank(src[stmt.EndByte():end]) || !blank(src[after.EndByte():fix.LineEnd(src, after.EndByte())]) {
		return nil
	}
	text := string(src[start:end])
	at := fix.LineEnd(src, after.EndByte())
	if at == uint(len(src)) && (at == 0 || src[at-1] != '\n') {
		text = "\n" + trimNewline(text)
	}
	if text[len(text)-1] != '\n' && at != uint(len(src)) {
		text += "\n"
	}
	return &analysis.Fix{Title: "Register the error handler after the last route", Edits: []analysis.Edit{
		{Start: start, End: end, NewText: ""},
		{Start: at, End: at, NewText: text},
	}}
}

func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func trimNewline(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}
