package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Where a blocking call costs every other request its wait: the request path, as the
// sync rules see it.

// onRequestPath reports whether n runs while a request is served:
//   - in a request handler;
//   - in a function another file's request path calls (see calledFromOtherFiles):
//     a function, method or static method exported under the name the call uses;
//     a method of any class of the module when the call goes through a value the
//     module made (`getSettings().save()`, `new Svc().run()`); a module's function a
//     prototype's method names, called through an injected object (see
//     request_path_prototype.go); also one hop further, through a function of a third
//     file that such a handler calls;
//   - or below either, in a function of this file that only such functions call, up
//     to maxLocalHops helpers deep (`function subtitles() { return fs.readFileSync(p) }`
//     called by the route's handler). A helper that is exported, passed on, or also
//     called elsewhere is not counted this way: it may run at startup. Nor is one
//     whose call is memoised (see memoisedOnce): it runs for the first request only.
//
// Startup code is never on the request path. A file where the answer hangs on other
// files says so (factAwaitsCaller), so that it is checked again once their facts are
// known.
func onRequestPath(pass *analysis.Pass, n *sitter.Node) bool {
	if onLocalRequestPath(pass, n, 0) {
		return true
	}
	if syntax.EnclosingFunction(n) == nil {
		return false
	}
	pass.AddFact(factAwaitsCaller, n)
	return reachedAcrossFiles(pass, n, 0)
}

// onLocalRequestPath is onRequestPath from this file alone: a handler, or a helper
// every call of which is on the local request path, hops helpers deep at most.
func onLocalRequestPath(pass *analysis.Pass, n *sitter.Node, hops int) bool {
	if servesRequest(pass, n) {
		return true
	}
	return calledOnlyFrom(pass, n, hops, func(call *sitter.Node) bool {
		return !memoisedOnce(pass, call) && !skippedInProduction(pass, call) && onLocalRequestPath(pass, call, hops+1)
	})
}

// reachedAcrossFiles: n's function is called from another file's request path, or
// every call of n's helper is on the local or cross-file request path.
func reachedAcrossFiles(pass *analysis.Pass, n *sitter.Node, hops int) bool {
	if servesRequest(pass, n) {
		return true
	}
	for f := syntax.EnclosingFunction(n); f != nil; f = syntax.EnclosingFunction(f) {
		if isStartupCode(pass, f) {
			return false
		}
		if topLevelFunction(pass, f) && resolve.ExportedName(f, pass.File.Src) != "" {
			if calledFromOtherFiles(pass, f) {
				return true
			}
			break
		}
	}
	return calledOnlyFrom(pass, n, hops, func(call *sitter.Node) bool {
		return !memoisedOnce(pass, call) && !skippedInProduction(pass, call) && reachedAcrossFiles(pass, call, hops+1)
	})
}

// topLevelFunction reports whether fn is no other function's inner function: only such
// a function (or a method of a top-level class or object) can be another module's
// export; a function declared inside one is called by its name there alone.
func topLevelFunction(pass *analysis.Pass, fn *sitter.Node) bool {
	return syntax.EnclosingFunction(fn) == nil
}

// inManagedController reports whether n runs in a method of a controller class that a
// framework routes requests to (routing-controllers, NestJS, inversify-express-utils,
// tsoa: see resolve.ManagedBy), whatever its parameters look like.
func inManagedController(pass *analysis.Pass, n *sitter.Node) bool {
	for f := syntax.EnclosingFunction(n); f != nil; f = syntax.EnclosingFunction(f) {
		if syntax.Kind(f) == syntax.MethodDefinition {
			return pass.Resolver.ManagedBy(f) != ""
		}
	}
	return false
}

// calledOnlyFrom reports whether n sits in a helper of this file (see
// namedEnclosingFunction) whose every call satisfies onPath, within maxLocalHops. The
// helper's calls of itself are left out: recursion runs only once another caller has
// started it.
func calledOnlyFrom(pass *analysis.Pass, n *sitter.Node, hops int, onPath func(call *sitter.Node) bool) bool {
	if hops >= maxLocalHops {
		return false
	}
	helper := namedEnclosingFunction(pass, n)
	if helper == nil {
		return false
	}
	type sites struct {
		calls []*sitter.Node
		ok    bool
	}
	found := askNode(pass, "local call sites", helper, func() sites {
		calls, ok := helperCallSites(pass, helper)
		return sites{calls, ok}
	})
	calls, ok := found.calls, found.ok
	if !ok || len(calls) == 0 {
		return false
	}
	for _, call := range calls {
		if syntax.Contains(helper, call) {
			continue // a recursive call runs only once the helper runs
		}
		if onPath(call) {
			return true
		}
	}
	return false
}

// helperCallSites are the calls of helper in this file when they are all its uses
// (see localCallSites), or for a class method, its calls through this or through the
// class's name (`this.list()` in another method, `App.list()`): a method's other
// callers are judged where they are.
func helperCallSites(pass *analysis.Pass, helper *sitter.Node) ([]*sitter.Node, bool) {
	if syntax.Kind(helper) != syntax.MethodDefinition {
		return localCallSites(pass, helper)
	}
	name, body := pass.Text(syntax.Field(helper, syntax.FieldName)), syntax.Parent(helper)
	className := ""
	if body != nil && syntax.Parent(body) != nil {
		if id := syntax.Field(syntax.Parent(body), syntax.FieldName); id != nil {
			className = pass.Text(id)
		}
	}
	var calls []*sitter.Node
	for _, call := range callsOfMethod(pass, name) { // the file's calls by method name, listed once
		fn := syntax.Field(call, syntax.FieldFunction)
		if syntax.Kind(fn) != syntax.MemberExpression || pass.Text(syntax.Field(fn, syntax.FieldProperty)) != name {
			continue
		}
		switch obj := syntax.Field(fn, syntax.FieldObject); {
		case syntax.Kind(obj) == syntax.This && body != nil && syntax.Contains(body, call):
		case className != "" && syntax.Kind(obj) == syntax.Identifier && pass.Text(obj) == className:
		default:
			continue
		}
		calls = append(calls, call)
	}
	return calls, true
}

// namedEnclosingFunction is the nearest function around n that has a declared name
// (a function declaration, a function assigned to a variable, or a class method): the
// unit a helper is called by. Callbacks inside it run as part of it.
func namedEnclosingFunction(pass *analysis.Pass, n *sitter.Node) *sitter.Node {
	for f := syntax.EnclosingFunction(n); f != nil; f = syntax.EnclosingFunction(f) {
		if k := syntax.Kind(f); k == syntax.FunctionDeclaration || k == syntax.MethodDefinition || (syntax.Parent(f) != nil && syntax.Kind(syntax.Parent(f)) == syntax.VariableDeclarator) {
			return f
		}
	}
	return nil
}

// runsAsScript reports whether the file runs itself as a program: its module top
// level reads process.argv or asks whether it is the main module (require.main,
// import.meta.main). Its functions run for that command, not for a server's requests.
func runsAsScript(pass *analysis.Pass) bool {
	return askFile(pass, "runs as a script", "", func() bool {
		return containsNode(pass.File.Tree.RootNode(), true, func(n *sitter.Node) bool {
			if syntax.Kind(n) != syntax.MemberExpression {
				return false
			}
			switch pass.Text(n) {
			case "process.argv", "require.main", "import.meta.main":
				return true
			}
			return false
		})
	})
}

// registersRoutes reports whether fn's own body registers a request handler
// (`app.get('/', (req, res) => …)`): a function that builds the app's routes runs once,
// when the app is set up, before any request.
func registersRoutes(pass *analysis.Pass, fn *sitter.Node) bool {
	return askNode(pass, "registers routes", fn, func() bool {
		for _, n := range ownCalls(pass, fn) {
			args := syntax.Field(n, syntax.FieldArguments)
			for i := uint(0); args != nil && i < args.NamedChildCount(); i++ {
				arg := args.NamedChild(i)
				if !syntax.IsFunction(arg) {
					continue
				}
				body := syntax.Field(arg, syntax.FieldBody)
				if h := pass.Resolver.EnclosingHandler(body); body != nil && h != nil && h.Func.Id() == arg.Id() && h.Tier == resolve.Direct {
					return true
				}
			}
		}
		return false
	})
}
