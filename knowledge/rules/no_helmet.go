package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/fix"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// NoHelmet flags a served Express app in a project without Helmet or another
// security-headers middleware (see docs/rules.md#no-helmet).
var NoHelmet = &analysis.Rule{
	Name:  "no-helmet",
	Entry: "securing-express",
	Doc: `Flags an Express app served from this file in a project that has no helmet dependency.

Without Helmet (or equivalent headers set by hand) responses carry no
Content-Security-Policy, Strict-Transport-Security, X-Content-Type-Options or
frame protection, so a browser gets none of the defences those headers switch on.
The rule needs the project's package.json: it stays silent when package.json lists
helmet or lusca, when this file imports a headers middleware, sets
Content-Security-Policy or Strict-Transport-Security itself, mounts the app into
another app, or hands it to a function that may configure it elsewhere. Headers set
in other files are not seen yet.
It runs only in files of packages that depend on express: files that may serve an
app (they import express, and name .listen or an http server factory with server in
its name), and files that spell Content-Security-Policy or Strict-Transport-Security,
whose setting other files read.
Use instead: npm i helmet, then app.use(helmet()) before the routes.`,
	Severity:    analysis.Information,
	InertBlind:  true,
	KnownOnly:   true,
	Kinds:       []string{syntax.Program},
	SharesFacts: true,
	Needles: inPackagesOfAny([]string{"express"}, "content-security-policy", "strict-transport-security").
		Or(expressAppServed(true)),
	Run: runNoHelmet,
}

// headerMiddlewares are packages that set the security headers Helmet would.
var headerMiddlewares = nameSet("helmet", "lusca", "helmet-csp", "hsts", "@fastify/helmet", "koa-helmet")

// securityHeaders are the headers whose manual setting shows the app handles them.
var securityHeaders = map[string]bool{"content-security-policy": true, "strict-transport-security": true}

func runNoHelmet(pass *analysis.Pass, _ *sitter.Node) {
	if pass.Package == nil || pass.Package.Broken || !pass.DependsOn("express") {
		return
	}
	headers := securityHeadersSet(pass)
	if headers != nil {
		pass.AddFact(factSecurityHeaders, headers)
	}
	if usesAny(pass, headerMiddlewares) {
		return
	}
	var served []secApp
	for _, app := range secExpressApps(pass) {
		if app.served(pass) && !app.handedOff(pass) {
			served = append(served, app)
		}
	}
	if len(served) == 0 || headers != nil || len(pass.Elsewhere(factSecurityHeaders)) > 0 {
		return
	}
	for _, app := range served {
		pass.ReportNode(app.call, 0, "no helmet in this project: responses go out without security headers (CSP, HSTS, nosniff)", helmetFix(pass, app))
	}
}

// factSecurityHeaders: this file sets CSP or HSTS by hand.
const factSecurityHeaders = "security-headers"

// securityHeadersSet returns the call by which the file sets CSP or HSTS by hand:
// `res.setHeader('Content-Security-Policy', …)` or `res.set({ 'Strict-Transport-Security': … })`;
// nil when it does not.
func securityHeadersSet(pass *analysis.Pass) *sitter.Node {
	for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
		if m := syntax.MethodName(call, pass.File.Src); !headerSetters[m] && m != "writeHead" {
			continue
		}
		for _, arg := range secArgs(call) {
			arg = syntax.Unwrap(arg)
			if s, ok := syntax.StringValue(arg, pass.File.Src); ok && securityHeaders[strings.ToLower(s)] {
				return call
			}
			if syntax.Kind(arg) == syntax.Object {
				props, _ := secProps(pass, arg)
				for k := range props {
					if securityHeaders[strings.ToLower(k)] {
						return call
					}
				}
			}
		}
	}
	return nil
}

// helmetFix inserts the import and app.use(helmet()) after the app is created. It
// never edits package.json: the title says to install the package.
func helmetFix(pass *analysis.Pass, app secApp) *analysis.Fix {
	name := app.name(pass)
	if name == "" || app.stmt == nil || pass.Resolver.Bound("helmet", app.call.StartByte()) {
		return nil
	}
	return &analysis.Fix{Title: "Use helmet() (then run npm i helmet)", Edits: []analysis.Edit{
		importEdit(pass, fix.Import{Name: "helmet", Spec: "helmet"}),
		secInsertAfter(pass, app.stmt, name+".use(helmet());"),
	}}
}
