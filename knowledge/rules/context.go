package rules

import (
	"bytes"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// requestHandler returns the handler whose request path contains n, honouring the
// heuristic tier only where the package depends on express (see resolve.Tier).
func requestHandler(pass *analysis.Pass, n *sitter.Node) *resolve.Handler {
	h := pass.Resolver.EnclosingHandler(n)
	if h == nil || !pass.Options.AcceptsTier(h.Tier) {
		return nil
	}
	if h.Tier == resolve.Heuristic && !pass.DependsOn("express") {
		return nil
	}
	return h
}

// inAsyncFunction reports whether n runs inside an async function that is not startup
// code (see isStartupCode), in a file that is not a test suite (a test body runs alone:
// nothing waits behind it) nor a script that runs itself as a program, in a package
// that serves HTTP: outside a server, a blocking call makes no other request wait.
func inAsyncFunction(pass *analysis.Pass, n *sitter.Node) bool {
	if (pass.Package != nil && !pass.Package.ServesHTTP()) || runsAsScript(pass) {
		return false
	}
	for f := syntax.EnclosingFunction(n); f != nil; f = syntax.EnclosingFunction(f) {
		if isStartupCode(pass, f) {
			return false
		}
		if syntax.IsAsync(f) {
			return !isTestSuite(pass)
		}
	}
	return false
}

// isStartupCode reports whether fn runs once, before the server serves: startup by
// name (main, bootstrap, init*, setup*), a function that creates the app or server or
// registers its routes, or one that runs only at module top level.
func isStartupCode(pass *analysis.Pass, fn *sitter.Node) bool {
	return pass.Resolver.IsStartup(fn) || startsServer(pass, fn) || registersRoutes(pass, fn) || runsOnlyAtTopLevel(pass, fn)
}

// startsServer reports whether fn creates the app or the server it serves (express(),
// http.createServer(...), fastify(), X.listen(...)) in its own body: the function that
// builds and starts the server runs once, before any request (parse-server's startApp,
// Etherpad's restartServer reading the TLS keys).
func startsServer(pass *analysis.Pass, fn *sitter.Node) bool {
	return askNode(pass, "starts a server", fn, func() bool { return bodyStartsServer(pass, fn) })
}

func bodyStartsServer(pass *analysis.Pass, fn *sitter.Node) bool {
	for _, n := range ownCalls(pass, fn) {
		c := pass.Resolver.Callee(n)
		switch {
		case c.Is("express"), c.Is("express.default"), c.Is("fastify"), c.Is("fastify.default"), secServerFactories[c.Canonical()]:
			return true
		case c.Kind == resolve.Instance && c.Path == "listen":
			return true
		}
	}
	return false
}

// runsOnlyAtTopLevel reports whether fn is startup code by the way it is called: an
// IIFE at module top level (`(async () => { ... })()`), or a function of this file,
// not exported, whose every use is a call at module top level
// (`export const banks = await loadBanks();`).
func runsOnlyAtTopLevel(pass *analysis.Pass, fn *sitter.Node) bool {
	return askNode(pass, "runs only at top level", fn, func() bool { return calledOnlyAtTopLevel(pass, fn) })
}

func calledOnlyAtTopLevel(pass *analysis.Pass, fn *sitter.Node) bool {
	site := fn
	for p := syntax.Parent(site); p != nil && syntax.Kind(p) == syntax.ParenthesizedExpression; p = syntax.Parent(site) {
		site = p
	}
	if p := syntax.Parent(site); p != nil && syntax.Kind(p) == syntax.CallExpression {
		f := syntax.Field(p, syntax.FieldFunction)
		return f != nil && f.Id() == site.Id() && syntax.EnclosingFunction(p) == nil
	}
	calls, ok := localCallSites(pass, fn)
	if !ok || len(calls) == 0 {
		return false
	}
	for _, call := range calls {
		if syntax.EnclosingFunction(call) != nil {
			return false // called from another function
		}
	}
	return true
}

// localCallSites returns the calls of fn by the name it is declared under, when that
// is its only use: fn is a function of this file, not exported, never passed on or
// stored. ok is false otherwise, since then it may run from places this file cannot
// see. Uses are found by the declared name in the file's tree, so a property, a string
// or a comment with the same text is no use.
func localCallSites(pass *analysis.Pass, fn *sitter.Node) (calls []*sitter.Node, ok bool) {
	var decl *sitter.Node // the name the function is declared under
	switch {
	case syntax.Kind(fn) == syntax.FunctionDeclaration:
		decl = syntax.Field(fn, syntax.FieldName)
	case syntax.Parent(fn) != nil && syntax.Kind(syntax.Parent(fn)) == syntax.VariableDeclarator:
		decl = syntax.Field(syntax.Parent(fn), syntax.FieldName)
	}
	if decl == nil || syntax.Kind(decl) != syntax.Identifier {
		return nil, false
	}
	for p := syntax.Parent(fn); p != nil; p = syntax.Parent(p) {
		if syntax.Kind(p) == syntax.ExportStatement {
			return nil, false
		}
	}
	name, src, root := pass.Text(decl), pass.File.Src, pass.File.Tree.RootNode()
	for from := 0; ; {
		k := bytes.Index(src[from:], []byte(name))
		if k < 0 {
			break
		}
		at := from + k
		from = at + len(name)
		n := root.NamedDescendantForByteRange(uint(at), uint(at+len(name)))
		if n == nil || n.Id() == decl.Id() || n.StartByte() != uint(at) || n.EndByte() != uint(at+len(name)) {
			continue
		}
		switch syntax.Kind(n) {
		case syntax.Identifier:
		case syntax.ShorthandPropertyIdentifier: // module.exports = { name }
			return nil, false
		default:
			continue // a property, a string, a comment, a longer name
		}
		call := syntax.Parent(n)
		if call == nil || syntax.Kind(call) != syntax.CallExpression || syntax.Field(call, syntax.FieldFunction).Id() != n.Id() {
			return nil, false // passed on, stored or exported
		}
		calls = append(calls, call)
	}
	return calls, true
}

// testCallees are the test frameworks' suite and case functions (Jest, Mocha, Vitest,
// node:test, Jasmine).
var testCallees = nameSet("describe", "it", "test", "suite", "context", "fdescribe", "xdescribe", "fit", "xit")

// testModules are test runners whose import makes a file a test suite.
var testModules = []string{"test", "tap", "mocha", "vitest", "@jest/globals", "ava", "uvu"}

// isTestSuite reports whether the file is a test suite: it imports a test runner, or
// calls describe/it/test with a function at module level. Tests are excluded by path
// by default; this catches suites kept elsewhere (spec/, src/foo.test-utils.js).
func isTestSuite(pass *analysis.Pass) bool {
	return askFile(pass, "is a test suite", "", func() bool { return readsAsTestSuite(pass) })
}

func readsAsTestSuite(pass *analysis.Pass) bool {
	for _, m := range testModules {
		if pass.Resolver.Imports(m) {
			return true
		}
	}
	src := pass.File.Src
	if !bytes.Contains(src, []byte("describe")) && !bytes.Contains(src, []byte("it(")) && !bytes.Contains(src, []byte("test(")) {
		return false
	}
	for _, n := range ownCalls(pass, nil) { // the module's top-level calls
		root := methodChainRoot(n) // describe.each(table)(...), it.only(...)
		if root == nil || syntax.Kind(root) != syntax.Identifier || !testCallees[pass.Text(root)] {
			continue
		}
		args := syntax.Field(n, syntax.FieldArguments)
		for i := uint(0); args != nil && i < args.NamedChildCount(); i++ {
			if syntax.IsFunction(args.NamedChild(i)) {
				return true
			}
		}
	}
	return false
}

// isCommandLineTool: a `#!` script, or a package with a `bin` and no HTTP framework,
// is a CLI, where blocking calls block nobody else.
func isCommandLineTool(pass *analysis.Pass) bool {
	if analysis.Shebang(pass.File.Src) {
		return true
	}
	return pass.Package != nil && pass.Package.HasBin && !pass.Package.ServesHTTP()
}

// indentOf returns the leading whitespace of the line containing offset.
func indentOf(src []byte, offset uint) string {
	start := int(offset)
	for start > 0 && src[start-1] != '\n' && src[start-1] != '\r' {
		start--
	}
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// objectKey is the name of an object literal pair's key: `origin`, 'origin' and
// "origin" alike; "" for computed keys.
func objectKey(pass *analysis.Pass, pair *sitter.Node) string {
	key := syntax.Field(pair, syntax.FieldKey)
	if key == nil {
		return ""
	}
	if syntax.Kind(key) == syntax.PropertyIdentifier {
		return pass.Text(key)
	}
	s, _ := syntax.StringValue(key, pass.File.Src)
	return s
}

// walkNamed calls visit on n and its named descendants in document order; visit returns
// false to skip a node's children. Nested functions are entered unless skipFunctions.
func walkNamed(n *sitter.Node, skipFunctions bool, visit func(*sitter.Node) bool) {
	if n == nil || !visit(n) {
		return
	}
	// syntax's walk reads the tree's index (or skips cgo's pointer checks).
	for c := range syntax.NamedChildren(n) {
		if skipFunctions && syntax.IsFunction(c) {
			continue
		}
		walkNamed(c, skipFunctions, visit)
	}
}

// containsNode reports whether some node under n (n included) satisfies match.
func containsNode(n *sitter.Node, skipFunctions bool, match func(*sitter.Node) bool) bool {
	found := false
	walkNamed(n, skipFunctions, func(c *sitter.Node) bool {
		if found {
			return false
		}
		if match(c) {
			found = true
			return false
		}
		return true
	})
	return found
}
