package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// httpFrameworks are dependencies that make a package an HTTP server rather than a CLI.
var httpFrameworks = []string{"express", "fastify", "koa", "@nestjs/core", "@hapi/hapi", "restify"}

// requestHandler returns the handler whose request path contains n, honouring the
// heuristic tier only where the package depends on express (CATALOG §0.4).
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

// inAsyncFunction reports whether n runs inside an async function that is not startup code.
func inAsyncFunction(pass *analysis.Pass, n *sitter.Node) bool {
	for f := syntax.EnclosingFunction(n); f != nil; f = syntax.EnclosingFunction(f) {
		if pass.Resolver.IsStartup(f) {
			return false
		}
		if syntax.IsAsync(f) {
			return true
		}
	}
	return false
}

// isCommandLineTool: a `#!` script, or a package with a `bin` and no HTTP framework,
// is a CLI, where blocking calls block nobody else.
func isCommandLineTool(pass *analysis.Pass) bool {
	if strings.HasPrefix(string(pass.File.Src[:min(2, len(pass.File.Src))]), "#!") {
		return true
	}
	if pass.Package == nil || !pass.Package.HasBin {
		return false
	}
	for _, fw := range httpFrameworks {
		if pass.DependsOn(fw) {
			return false
		}
	}
	return true
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

// usesESM reports whether new imports in this file should be written as ESM.
func usesESM(pass *analysis.Pass) bool {
	if pass.File.Lang.IsTypeScript() || strings.HasSuffix(pass.File.Path, ".mjs") {
		return true
	}
	if pass.Package != nil && pass.Package.Type == "module" && !strings.HasSuffix(pass.File.Path, ".cjs") {
		return true
	}
	root := pass.File.Tree.RootNode()
	for i := uint(0); i < root.NamedChildCount(); i++ {
		if root.NamedChild(i).Kind() == "import_statement" {
			return true
		}
	}
	return false
}

// importInsertionPoint is where a new import line goes: after a shebang and any
// directive prologue ('use strict'), so neither stops working.
func importInsertionPoint(pass *analysis.Pass) uint {
	root := pass.File.Tree.RootNode()
	at := uint(0)
	for i := uint(0); i < root.NamedChildCount(); i++ {
		c := root.NamedChild(i)
		switch c.Kind() {
		case "hash_bang_line", "comment":
			continue
		case "expression_statement":
			if s := c.NamedChild(0); s != nil && s.Kind() == "string" {
				at = c.EndByte()
				continue
			}
		}
		if at == 0 {
			return c.StartByte()
		}
		break
	}
	if at == 0 {
		return 0
	}
	return lineEnd(pass.File.Src, at)
}

// lineEnd is the offset just past the line break that ends the line containing offset.
func lineEnd(src []byte, offset uint) uint {
	for int(offset) < len(src) && src[offset] != '\n' {
		offset++
	}
	if int(offset) < len(src) {
		offset++
	}
	return offset
}

// objectKey is the name of an object literal pair's key: `origin`, 'origin' and
// "origin" alike; "" for computed keys.
func objectKey(pass *analysis.Pass, pair *sitter.Node) string {
	key := pair.ChildByFieldName("key")
	if key == nil {
		return ""
	}
	if key.Kind() == "property_identifier" {
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
	for i := uint(0); i < n.NamedChildCount(); i++ {
		c := n.NamedChild(i)
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
