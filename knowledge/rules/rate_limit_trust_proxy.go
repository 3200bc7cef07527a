package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// RateLimitTrustProxy flags IP rate limiting that cannot see client IPs behind a
// proxy, and `trust proxy: true` with express-rate-limit 7+ (see
// docs/rules.md#rate-limit-trust-proxy).
var RateLimitTrustProxy = &analysis.Rule{
	Name:  "rate-limit-trust-proxy",
	Entry: "rate-limiting",
	Doc: `Flags IP-keyed rateLimit()/slowDown() in an app that never sets trust proxy, and trust proxy: true.

express-rate-limit and express-slow-down key clients by req.ip. Behind NGINX, a load
balancer or Cloudflare, req.ip is the proxy's address unless the app sets
'trust proxy', so every client shares one bucket and one busy user locks everyone
out. The opposite mistake, app.set('trust proxy', true), trusts any X-Forwarded-For
a client sends, so each request can claim a new IP and skip the limit;
express-rate-limit 7 and later reject it (ERR_ERL_PERMISSIVE_TRUST_PROXY), and the
rule reports it as a warning when that version is installed.
The first case is reported when no file of the package sets trust proxy and the
limiter has no keyGenerator: in the file that creates the app, or in a routes file,
pointing at the file where the app is created. The in-memory default store is also
per process.
A routes file is reported only in a package that lists express-rate-limit or
express-slow-down: only there is the place of an app's express() call recorded for
it. So the rule runs only in files that name a limiter's module, files that spell
trust proxy and name a set or enable method, and, in such a package, files that
import express.
Use instead: app.set('trust proxy', 1) (the number of proxy hops), or a keyGenerator
that keys by user or API key.`,
	Severity:    analysis.Information,
	InertBlind:  true,
	KnownOnly:   true,
	Kinds:       []string{syntax.CallExpression},
	SharesFacts: true,
	Needles: mentions("express-rate-limit", "express-slow-down").
		Or(mentions("trust proxy").And(analysis.MethodNeedles("set", "enable")...)).
		Or(inPackagesOfAny([]string{"express-rate-limit", "express-slow-down"}, importNeedles("express")...)),
	Calls: []string{"express", "express.default", "express-rate-limit", "express-rate-limit.default", "express-rate-limit.rateLimit",
		"express-slow-down", "express-slow-down.default", "express-slow-down.slowDown"},
	Methods: []string{"set", "enable"},
	Run:     runRateLimitTrustProxy,
}

// rateLimiters are the limiter factories keyed by client IP.
var rateLimiters = map[string]bool{
	"express-rate-limit": true, "express-rate-limit.default": true, "express-rate-limit.rateLimit": true,
	"express-slow-down": true, "express-slow-down.default": true, "express-slow-down.slowDown": true,
}

// Facts this rule shares between the files of a package.
const (
	factExpressApp = "express-app" // an Express app is created here
	factTrustProxy = "trust-proxy" // trust proxy is set here
	// FactIPLimiter marks a file with an IP-keyed limiter and no app of its own: its
	// finding depends on the other files, so a check must judge it with their facts.
	FactIPLimiter = "ip-limiter"
)

func runRateLimitTrustProxy(pass *analysis.Pass, call *sitter.Node) {
	callee := pass.Resolver.Callee(call)
	if callee.Is("express") || callee.Is("express.default") {
		if limiterPackage(pass) {
			pass.AddFact(factExpressApp, call)
		}
		return
	}
	if isTrustProxySetting(pass, call) {
		pass.AddFact(factTrustProxy, call)
	}
	if rateLimiters[callee.Canonical()] && callee.IsAPI() {
		limiterWithoutTrustProxy(pass, call)
		return
	}
	permissiveTrustProxy(pass, call, callee)
}

// limiterPackage reports whether the file's package lists a limiter this rule knows:
// only there does a routes file look for the app another file creates.
func limiterPackage(pass *analysis.Pass) bool {
	return pass.DependsOn("express-rate-limit") || pass.DependsOn("express-slow-down")
}

// limiterWithoutTrustProxy reports a limiter keyed by IP in a file that creates the
// app and never tells Express how many proxies sit in front of it.
func limiterWithoutTrustProxy(pass *analysis.Pass, call *sitter.Node) {
	args := secArgs(call)
	if len(args) > 0 {
		opts := secObject(pass, args[0])
		if opts == nil {
			return
		}
		props, unknown := secProps(pass, opts)
		if _, ok := props["keyGenerator"]; ok || unknown {
			return
		}
	}
	if setsTrustProxy(pass) || len(pass.Elsewhere(factTrustProxy)) > 0 {
		return
	}
	apps := secExpressApps(pass)
	if len(apps) == 0 {
		// A routes file: the app lives in another file of the package, which never
		// sets trust proxy either; point there.
		pass.AddFact(FactIPLimiter, call)
		elsewhere := pass.Elsewhere(factExpressApp)
		if len(elsewhere) == 0 {
			return
		}
		f := analysis.Finding{Start: syntax.Field(call, syntax.FieldFunction).StartByte(), End: syntax.Field(call, syntax.FieldFunction).EndByte(),
			Message: "this limiter keys clients by req.ip, but no file of this package sets 'trust proxy': behind a proxy every client shares one bucket"}
		for _, at := range elsewhere {
			f.Related = append(f.Related, analysis.Related{Where: at, Message: "the Express app is created here without app.set('trust proxy', …)"})
		}
		pass.Report(f)
		return
	}
	var app *secApp
	for i := range apps {
		if apps[i].handedOff(pass) {
			return // another file may configure it
		}
		if app == nil && apps[i].ref != nil && apps[i].stmt != nil {
			app = &apps[i]
		}
	}
	var fix *analysis.Fix
	if app != nil {
		fix = &analysis.Fix{Title: "Trust one proxy hop (adjust to your setup)", Edits: []analysis.Edit{
			secInsertAfter(pass, app.stmt, app.name(pass)+".set('trust proxy', 1); // TODO: number of proxy hops in front of this app"),
		}}
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), 0, "this limiter keys clients by req.ip, but the app never sets 'trust proxy': behind a proxy every client shares one bucket", fix)
}

// setsTrustProxy reports whether the file sets Express's trust proxy in any way.
func setsTrustProxy(pass *analysis.Pass) bool {
	return askFile(pass, "sets trust proxy", "", func() bool {
		for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
			if isTrustProxySetting(pass, call) {
				return true
			}
		}
		return false
	})
}

// isTrustProxySetting: `x.set('trust proxy', …)` or `x.enable('trust proxy')`.
func isTrustProxySetting(pass *analysis.Pass, call *sitter.Node) bool {
	if m := syntax.MethodName(call, pass.File.Src); m != "set" && m != "enable" {
		return false
	}
	args := secArgs(call)
	if len(args) == 0 {
		return false
	}
	s, ok := syntax.StringValue(args[0], pass.File.Src)
	return ok && strings.EqualFold(s, "trust proxy")
}

// permissiveTrustProxy reports app.set('trust proxy', true) and app.enable('trust
// proxy') when express-rate-limit 7+ validates against them.
func permissiveTrustProxy(pass *analysis.Pass, call *sitter.Node, callee resolve.Value) {
	if callee.Kind != resolve.Instance || callee.Module != "express" || callee.Type != "app" {
		return
	}
	args := secArgs(call)
	if len(args) == 0 {
		return
	}
	if s, ok := syntax.StringValue(args[0], pass.File.Src); !ok || !strings.EqualFold(s, "trust proxy") {
		return
	}
	var at *sitter.Node
	var fix *analysis.Fix
	switch callee.Path {
	case "set":
		if len(args) != 2 || syntax.Kind(syntax.Unwrap(args[1])) != syntax.True {
			return
		}
		at = args[1]
		fix = &analysis.Fix{Title: "Trust only one proxy hop", Edits: []analysis.Edit{{Start: at.StartByte(), End: at.EndByte(), NewText: "1"}}}
	case "enable":
		if len(args) != 1 {
			return
		}
		at = call
		fn := syntax.Field(call, syntax.FieldFunction)
		prop := syntax.Field(fn, syntax.FieldProperty)
		fix = &analysis.Fix{Title: "Trust only one proxy hop", Edits: []analysis.Edit{
			{Start: prop.StartByte(), End: prop.EndByte(), NewText: "set"},
			{Start: args[0].EndByte(), End: args[0].EndByte(), NewText: ", 1"},
		}}
	default:
		return
	}
	v := pass.Version("express-rate-limit")
	if !v.Known || v.Major < 7 {
		return
	}
	pass.ReportNode(at, analysis.Warning, "trust proxy: true believes any X-Forwarded-For, so clients can spoof their IP and dodge the rate limit; trust a hop count", fix)
}
