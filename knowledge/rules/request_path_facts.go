package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The request path across files. A handler in one file often does its blocking work
// in a service or helper of another (`await sendEmail(to)`, `getSettings().save()`).
// Each file records what it calls in other modules of its package; the file that
// defines the callee reads those records to learn that a request reaches it.

// factRequestPathCall, followed by a module key and "#name", says that a function on
// the request path of this file (a handler, or a helper only handlers call) calls
// that export, method or static method of another module.
const factRequestPathCall = "request-path-call:"

// factRequestPathEdge, followed by a module key, "#name", "<" and a caller name, says
// that a function of this file reached from other modules by the caller name calls
// that function of another module. The callee's file follows the edge back one hop:
// the callee is on the request path when some handler calls the caller.
const factRequestPathEdge = "request-path-edge:"

// factAwaitsCaller marks a file with a blocking call in a function that only another
// file's handler could put on the request path: its result depends on their facts.
const factAwaitsCaller = "request-path-awaits-caller"

// maxLocalHops bounds how many same-file helpers deep a call may sit below the
// function that puts it on the request path.
const maxLocalHops = 3

// requestPathRule adds to a sync rule what the request path needs from every file of
// its package: the rule also runs on the program, in any file that may hold a handler
// (see expressHandlers), to record the calls it makes into other modules. A file with
// neither a handler nor a blocking call records nothing: the request path crosses
// files through those that name express or a (req, res) pair, or that block.
//
// Its twin, the rule as declared (its own needles, calls only), judges a file whose
// facts no other file will read (see request_path_gate.go); it runs only where the
// file also spells one of judged, a name each call it reports at writes out, which a
// file that records facts need not.
func requestPathRule(r *analysis.Rule, judged []string, onCall func(*analysis.Pass, *sitter.Node)) *analysis.Rule {
	twin := *r
	twin.Needles = r.Needles.And(judged...)
	twin.Run = onCall
	judgingOnly[r] = &twin
	r.Kinds = []string{syntax.Program, syntax.CallExpression}
	// A file that assigns prototype methods records them (see request_path_prototype.go),
	// in an Express package only, where a handler can call them: elsewhere (a library
	// such as mongoose, built on prototypes) the needle would make every keystroke in
	// such a file a whole check for facts no handler reads.
	r.Needles = r.Needles.Or(expressHandlers("'connection'", "\"connection\"")).InPackagesOf("express", ".prototype.")
	r.Run = func(pass *analysis.Pass, n *sitter.Node) {
		if syntax.Kind(n) == syntax.Program {
			exportRequestPathFacts(pass)
			return
		}
		onCall(pass, n)
	}
	return r
}

// exportRequestPathFacts records, once per file, a factRequestPathCall for every call
// into another module of the package made on this file's request path, and a
// factRequestPathEdge for every such call made elsewhere in a named function that is
// not startup code. Test suites and command-line tools record nothing.
func exportRequestPathFacts(pass *analysis.Pass) {
	askFile(pass, "request path facts", "", func() bool {
		if isCommandLineTool(pass) || isTestSuite(pass) {
			return false
		}
		exportPrototypeMethods(pass)
		methods := map[string]bool{}
		for _, call := range pass.Resolver.Nodes(syntax.CallExpression) {
			module, name, ok := pass.Resolver.CalleeElsewhere(call)
			if !ok || name == "" {
				if m := unresolvedServiceCall(pass, call); m != "" && !methods[m] && onLocalRequestPath(pass, call, 0) {
					methods[m] = true
					pass.AddFact(factRequestPathMethod+m, call)
				}
				continue
			}
			key, ok := resolve.ModuleKey(pass.File.Path, module, pass.DependsOn)
			if !ok {
				continue
			}
			callee := key + "#" + name
			if onLocalRequestPath(pass, call, 0) {
				pass.AddFact(factRequestPathCall+callee, call)
				continue
			}
			fn := syntax.EnclosingFunction(call)
			if fn == nil || isStartupCode(pass, fn) {
				continue
			}
			if caller := resolve.ExportedName(syntax.OutermostFunction(call), pass.File.Src); caller != "" && caller != "default" {
				pass.AddFact(factRequestPathEdge+callee+"<"+caller, call)
			}
		}
		return true
	})
}

// calledFromOtherFiles reports whether a handler of another file of the package
// calls fn by one of the names it is exported under, directly or through one function
// of a third file (handler → service → fn). A check records only the facts the gate
// finds some file reads this way (request_path_gate.go): a new way of reading them
// goes there too, and into readers when another rule calls this.
func calledFromOtherFiles(pass *analysis.Pass, fn *sitter.Node) bool {
	if pass.Options.Facts == nil || pass.Resolver.IsStartup(fn) {
		return false
	}
	return askNode(pass, "called from other files' request path", fn, func() bool {
		for _, name := range exportNames(pass, fn) {
			for _, key := range resolve.OwnModuleKeys(pass.File.Path) {
				callee := key + "#" + name
				if len(pass.Elsewhere(factRequestPathCall+callee)) > 0 || calledThroughPrototype(pass, callee) {
					return true
				}
				for _, edge := range factsWithPrefix(pass, factRequestPathEdge+callee+"<") {
					caller := strings.TrimPrefix(edge.Name, factRequestPathEdge+callee+"<")
					for _, callerKey := range resolve.OwnModuleKeys(edge.Where.Path) {
						if len(pass.Elsewhere(factRequestPathCall+callerKey+"#"+caller)) > 0 {
							return true
						}
					}
				}
			}
		}
		return false
	})
}

// exportNames are the names another module calls fn by: the one ExportedName gives,
// and "default" for a named function that is the default export.
func exportNames(pass *analysis.Pass, fn *sitter.Node) []string {
	name := resolve.ExportedName(fn, pass.File.Src)
	if name == "" {
		return nil
	}
	names := []string{name}
	if p := syntax.Parent(fn); p != nil && syntax.Kind(p) == syntax.ExportStatement && name != "default" {
		for i := uint(0); i < p.ChildCount(); i++ {
			if syntax.Kind(p.Child(i)) == syntax.KeywordDefault {
				names = append(names, "default")
			}
		}
	}
	return names
}

// factsWithPrefix are the facts of the package's other files whose names start with
// prefix, when the caller's index can list them (the package indexes of check and the
// server can).
func factsWithPrefix(pass *analysis.Pass, prefix string) []analysis.Fact {
	lister, ok := pass.Options.Facts.(interface {
		WithPrefix(prefix string) []analysis.Fact
	})
	if !ok {
		return nil
	}
	return lister.WithPrefix(prefix)
}

// onStatementRequestPath is onRequestPath for the rules that judge one top-level
// statement at a time (Local: the crypto and bcrypt rules, whose findings must not
// hang on the file's other statements): a handler or a framework controller's method,
// or a function that other files' request paths call. The file records no fact for
// it (a statement checked alone records none): awaitsCallerFacts tells from its
// imports that its result depends on the other files. A same-file helper only
// handlers call is not followed: that would read the statements of its callers.
func onStatementRequestPath(pass *analysis.Pass, n *sitter.Node) bool {
	if servesRequest(pass, n) {
		return true
	}
	fn := syntax.OutermostFunction(n)
	if fn == nil || resolve.ExportedName(fn, pass.File.Src) == "" {
		return false
	}
	return calledFromOtherFiles(pass, fn)
}

// awaitsCallerFacts reports whether a file imports a module whose blocking calls the
// statement-local sync rules judge by the other files' facts (crypto, zlib,
// child_process, bcrypt): its result depends on them.
func awaitsCallerFacts(res analysis.Result) bool {
	if res.Resolver == nil {
		return false
	}
	for m := range blockingCalls {
		if res.Resolver.Imports(m) {
			return true
		}
	}
	for m := range bcryptModules {
		if res.Resolver.Imports(m) {
			return true
		}
	}
	return false
}
