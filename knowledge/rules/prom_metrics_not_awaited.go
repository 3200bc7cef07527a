package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// PromMetricsNotAwaited flags prom-client 13+ registry output used without await
// (see docs/rules.md#prom-metrics-not-awaited).
var PromMetricsNotAwaited = &analysis.Rule{
	Name:  "prom-metrics-not-awaited",
	Entry: "production-monitoring",
	Doc: `Flags register.metrics() (and getMetricsAsJSON, getSingleMetricAsString, clusterMetrics) used without await on prom-client 13+.

Since prom-client 13 these methods return promises. Sent, concatenated or stored
without await, the /metrics endpoint serves "[object Promise]" (or res.end throws
ERR_INVALID_ARG_TYPE) and Prometheus scrapes nothing. The receiver must be
prom-client's register, a new Registry(), Registry.merge() or an AggregatorRegistry;
with an unknown prom-client version the finding is a warning, and prom-client 12 or
older is not flagged. Results that are awaited, chained with .then or returned are
fine. (getMetricsAsArray is synchronous and not flagged.)
Use instead: res.set('Content-Type', register.contentType); res.end(await register.metrics());`,
	Severity: analysis.Error,
	Kinds:    []string{syntax.CallExpression},
	Methods:  []string{"metrics", "getMetricsAsJSON", "getSingleMetricAsString", "clusterMetrics"},
	Run:      runPromMetricsNotAwaited,
}

// promAsync are the registry methods that return promises since prom-client 13.
var promAsync = map[string]bool{"metrics": true, "getMetricsAsJSON": true, "getSingleMetricAsString": true, "clusterMetrics": true}

// responseSinks are the calls that put a value in a response.
var responseSinks = map[string]bool{"send": true, "end": true, "write": true, "json": true}

func runPromMetricsNotAwaited(pass *analysis.Pass, call *sitter.Node) {
	m, recv := secMethod(pass, call)
	if !promAsync[m] || !isPromRegistry(pass, recv) {
		return
	}
	for _, a := range secArgs(call) {
		if pass.Resolver.FunctionOf(a) != nil {
			return // the old callback form
		}
	}
	v := pass.Version("prom-client")
	sev := analysis.Error
	switch {
	case !v.Known:
		sev = analysis.Warning
	case v.Major < 13:
		return
	}
	use := promiseMisuse(pass, call)
	if use == "" {
		return
	}
	pass.ReportNode(syntax.Field(call, syntax.FieldFunction), sev, m+"() returns a promise since prom-client 13; "+use+" without await yields [object Promise]", awaitFix(pass, call))
}

// isPromRegistry: prom-client's default register, a Registry instance, Registry.merge()
// or an AggregatorRegistry.
func isPromRegistry(pass *analysis.Pass, recv *sitter.Node) bool {
	v := pass.Resolver.Value(recv)
	switch {
	case v.Is("prom-client.register"), v.Is("prom-client.default.register"):
		return true
	case v.Kind == resolve.Instance && v.Module == "prom-client" && v.Type == "registry" && v.Path == "":
		return true
	}
	init := secInit(pass, recv)
	if init == nil {
		return false
	}
	callee := pass.Resolver.Callee(init)
	return callee.Is("prom-client.AggregatorRegistry") || callee.Is("prom-client.Registry.merge") || callee.Is("prom-client.AggregatorRegistry.aggregate")
}

// promiseMisuse says how the promise is used as if it were the value: "sending it",
// "concatenating it" or "storing it"; "" when it is awaited, chained, returned or
// passed elsewhere.
func promiseMisuse(pass *analysis.Pass, call *sitter.Node) string {
	n := call
	p := syntax.Parent(n)
	for p != nil && syntax.Kind(p) == syntax.ParenthesizedExpression {
		n, p = p, syntax.Parent(p)
	}
	if p == nil {
		return ""
	}
	switch syntax.Kind(p) {
	case syntax.Arguments:
		if c := syntax.Parent(p); c != nil && syntax.Kind(c) == syntax.CallExpression {
			if m, _ := secMethod(pass, c); responseSinks[m] {
				return "sending it"
			}
		}
	case syntax.BinaryExpression:
		if pass.Text(syntax.Field(p, syntax.FieldOperator)) == "+" {
			return "concatenating it"
		}
	case syntax.TemplateSubstitution:
		return "concatenating it"
	case syntax.VariableDeclarator:
		name := syntax.Field(p, syntax.FieldName)
		if name != nil && syntax.Kind(name) == syntax.Identifier && !awaitedLater(pass, call, pass.Text(name)) {
			return "storing it"
		}
	}
	return ""
}

// awaitedLater reports whether the function awaits, chains or returns the variable.
func awaitedLater(pass *analysis.Pass, call *sitter.Node, name string) bool {
	scope := syntax.EnclosingFunction(call)
	if scope == nil {
		scope = pass.File.Tree.RootNode()
	}
	isName := func(n *sitter.Node) bool {
		n = syntax.Unwrap(n)
		return n != nil && syntax.Kind(n) == syntax.Identifier && pass.Text(n) == name
	}
	return containsNode(scope, false, func(n *sitter.Node) bool {
		switch syntax.Kind(n) {
		case syntax.AwaitExpression, syntax.ReturnStatement:
			return n.NamedChildCount() > 0 && isName(n.NamedChild(0))
		case syntax.CallExpression:
			if m, recv := secMethod(pass, n); (m == "then" || m == "catch" || m == "finally") && isName(recv) {
				return true
			}
			// Promise.all([m1, m2])
			if pass.Text(syntax.Field(n, syntax.FieldFunction)) == "Promise.all" {
				return containsNode(syntax.Field(n, syntax.FieldArguments), false, isName)
			}
		}
		return false
	})
}

// awaitFix inserts await, making a direct-tier handler async when it is not.
func awaitFix(pass *analysis.Pass, call *sitter.Node) *analysis.Fix {
	edits, ok := asyncContext(pass, call)
	if !ok {
		return nil
	}
	edits = append(edits, analysis.Edit{Start: call.StartByte(), End: call.StartByte(), NewText: "await "})
	return &analysis.Fix{Title: "Await the metrics", Edits: edits}
}
