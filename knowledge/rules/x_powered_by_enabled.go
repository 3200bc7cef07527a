package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// XPoweredByEnabled flags a served Express app that still sends X-Powered-By
// (see docs/rules.md#x-powered-by-enabled).
var XPoweredByEnabled = &analysis.Rule{
	Name:  "x-powered-by-enabled",
	Entry: "securing-express",
	Doc: `Flags an Express app served from this file that never disables the X-Powered-By header.

Express answers every request with X-Powered-By: Express. The header helps no client;
it tells scanners which framework to probe for known vulnerabilities. Express 5 still
sends it by default.
The rule reports on the express() call, and only when the same file serves the app
(app.listen, http.createServer(app)). It stays silent when this file disables the
header (app.disable('x-powered-by'), app.set('x-powered-by', false), helmet() or
helmet.xPoweredBy(), res.removeHeader('X-Powered-By')), or another file of the same
package does (the language server's workspace index, or the files check is given),
when the app is mounted into
another app, and when the app is handed to a function that may configure it
elsewhere. Mitigations in other files are not seen yet.
It runs only in files that may serve an app (they import express, and name .listen
or an http server factory with server in its name), and in files that may turn the
header off, which other files read: those that spell x-powered-by or import helmet
or hide-powered-by.
Use instead: app.disable('x-powered-by') right after creating the app, or helmet().`,
	Severity:    analysis.Information,
	InertBlind:  true,
	KnownOnly:   true,
	Kinds:       []string{syntax.Program},
	SharesFacts: true,
	Needles: mentions(append(importNeedles("helmet", "hide-powered-by"), "x-powered-by")...).
		Or(expressAppServed(false)),
	Run: runXPoweredByEnabled,
}

func runXPoweredByEnabled(pass *analysis.Pass, _ *sitter.Node) {
	var served []secApp
	for _, app := range secExpressApps(pass) {
		if app.served(pass) && !app.handedOff(pass) {
			served = append(served, app)
		}
	}
	off := xPoweredByOff(pass)
	if off != nil {
		pass.AddFact(factXPoweredByOff, off)
	}
	// Another file of the package may turn the header off for the app it is handed.
	if len(served) == 0 || off != nil || len(pass.Elsewhere(factXPoweredByOff)) > 0 {
		return
	}
	for _, app := range served {
		var fix *analysis.Fix
		if name := app.name(pass); name != "" && app.stmt != nil {
			fix = &analysis.Fix{Title: "Disable the X-Powered-By header", Edits: []analysis.Edit{
				secInsertAfter(pass, app.stmt, name+".disable('x-powered-by');"),
			}}
		}
		pass.ReportNode(app.call, 0, "this Express app sends X-Powered-By: Express with every response; disable it", fix)
	}
}

// factXPoweredByOff: this file turns the X-Powered-By header off.
const factXPoweredByOff = "x-powered-by-off"

// xPoweredByOff returns the call by which the file turns the header off in any of the
// ways Express and Helmet offer, nil when it does not.
func xPoweredByOff(pass *analysis.Pass) *sitter.Node {
	for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
		callee := pass.Resolver.Callee(call)
		switch {
		case callee.Is("helmet") || callee.Is("helmet.default") || callee.Is("helmet.helmet"):
			if !helmetKeepsPoweredBy(pass, secArgs(call)) {
				return call
			}
		case callee.Is("helmet.xPoweredBy") || callee.Is("helmet.hidePoweredBy") || callee.Is("hide-powered-by"):
			return call
		}
		m := syntax.MethodName(call, pass.File.Src)
		if m != "disable" && m != "removeHeader" && m != "set" {
			continue
		}
		args := secArgs(call)
		if len(args) == 0 {
			continue
		}
		name, ok := syntax.StringValue(args[0], pass.File.Src)
		if !ok || !strings.EqualFold(name, "x-powered-by") {
			continue
		}
		switch m {
		case "disable", "removeHeader":
			return call
		case "set":
			if len(args) > 1 && secIsFalsy(pass, args[1]) {
				return call
			}
		}
	}
	return nil
}

// helmetKeepsPoweredBy reports whether helmet(options) turns its X-Powered-By removal
// off: `xPoweredBy: false` or the legacy `hidePoweredBy: false`.
func helmetKeepsPoweredBy(pass *analysis.Pass, args []*sitter.Node) bool {
	if len(args) == 0 {
		return false
	}
	opts := syntax.Unwrap(args[0])
	if opts == nil || syntax.Kind(opts) != syntax.Object {
		return false
	}
	props, _ := secProps(pass, opts)
	for _, key := range []string{"xPoweredBy", "hidePoweredBy"} {
		if p, ok := props[key]; ok {
			if v, isBool := secBool(p.value); isBool && !v {
				return true
			}
		}
	}
	return false
}
