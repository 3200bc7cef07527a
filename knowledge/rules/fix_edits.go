package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/fix"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The edits the rules' fixes share: an import line that brings a name into scope,
// written as the file reads (ESM or CommonJS), and what lets an await stand at a
// place.

// usesESM reports whether new imports in this file should be written as ESM.
func usesESM(pass *analysis.Pass) bool {
	return askFile(pass, "uses ESM", "", func() bool { return readsAsESM(pass) })
}

func readsAsESM(pass *analysis.Pass) bool {
	if pass.File.Lang.IsTypeScript() || strings.HasSuffix(pass.File.Path, ".mjs") {
		return true
	}
	if pass.Package != nil && pass.Package.Type == "module" && !strings.HasSuffix(pass.File.Path, ".cjs") {
		return true
	}
	root := pass.File.Tree.RootNode()
	for i := uint(0); i < root.NamedChildCount(); i++ {
		if syntax.Kind(root.NamedChild(i)) == syntax.ImportStatement {
			return true
		}
	}
	return false
}

// importInsertionPoint is where a new import line goes: after a shebang and any
// directive prologue ('use strict'), so neither stops working.
func importInsertionPoint(pass *analysis.Pass) uint {
	return askFile(pass, "import insertion point", "", func() uint { return findImportInsertionPoint(pass) })
}

func findImportInsertionPoint(pass *analysis.Pass) uint {
	return fix.InsertionPoint(pass.File.Tree.RootNode(), pass.File.Src)
}

// importEdit brings imp into scope at the top of the file, as ESM or CommonJS as the
// file reads. Callers check first that the name is free.
func importEdit(pass *analysis.Pass, imp fix.Import) analysis.Edit {
	at := importInsertionPoint(pass)
	return analysis.Edit{Start: at, End: at, NewText: imp.Line(usesESM(pass))}
}

// importBinding makes name usable at offset as the export `name` of module: nothing
// to do when it already is, an import line when the name is free, and ok=false when the
// name is taken by something else. Node's built-in modules are imported with `node:`.
func importBinding(pass *analysis.Pass, name, module string, at uint) (edits []analysis.Edit, ok bool) {
	have := pass.Resolver.Lookup(name, at)
	if have.Is(module + "." + name) {
		return nil, true
	}
	if have.Kind != resolve.None || pass.Resolver.Bound(name, at) {
		return nil, false
	}
	spec := module
	if builtinModules[module] {
		spec = "node:" + module
	}
	return []analysis.Edit{importEdit(pass, fix.Import{Name: name, Named: true, Spec: spec})}, true
}

// builtinModules are the Node modules the fixes import from.
var builtinModules = nameSet("crypto", "zlib", "util", "events", "stream", "stream/promises", "cluster", "child_process", "fs", "fs/promises")

// awaitable wraps an expression that replaces call in `await`, parenthesised when the
// call's value is used by a member access or a call (`(await f()).x`).
func awaitable(call *sitter.Node) (open, close string) {
	if p := syntax.Parent(call); p != nil && (syntax.Kind(p) == syntax.MemberExpression || syntax.Kind(p) == syntax.CallExpression || syntax.Kind(p) == syntax.SubscriptExpression) {
		return "(await ", ")"
	}
	return "await ", ""
}

// asyncContext returns the edits that let an await appear at n: none inside an async
// function, `async ` on a direct-tier handler (Express ignores its return value), and
// ok=false anywhere else, where making the function async would change its callers.
func asyncContext(pass *analysis.Pass, n *sitter.Node) (edits []analysis.Edit, ok bool) {
	fn := syntax.EnclosingFunction(n)
	if fn == nil {
		return nil, false
	}
	if syntax.IsAsync(fn) {
		return nil, true
	}
	h := pass.Resolver.Handler(fn)
	if h == nil || h.Tier != resolve.Direct || syntax.Kind(fn) == syntax.MethodDefinition {
		return nil, false
	}
	return []analysis.Edit{{Start: fn.StartByte(), End: fn.StartByte(), NewText: "async "}}, true
}
