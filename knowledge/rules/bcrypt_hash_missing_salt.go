package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// BcryptHashMissingSalt flags native bcrypt hash calls without a salt or cost
// (see docs/rules.md#bcrypt-hash-missing-salt).
var BcryptHashMissingSalt = &analysis.Rule{
	Name:  "bcrypt-hash-missing-salt",
	Entry: "long-running-tasks",
	Doc: `Flags bcrypt.hash(password) and bcrypt.hashSync(password) with no salt or cost argument.
The native bcrypt package requires the second argument and throws "data and salt
arguments required" at run time, so the code fails the first time a user signs up.
bcryptjs accepts the call and defaults to 10 rounds; there the finding is only a hint
to make the cost explicit. Calls with spread arguments are not flagged.
It runs only in files that import bcrypt or bcryptjs and name hash, and records no
fact for other files.
Use instead: bcrypt.hash(password, 12), a cost of at least 10 (OWASP's minimum).`,
	Severity: analysis.Error,
	Kinds:    []string{syntax.CallExpression},
	Needles:  mentions("hash").And(importNeedles("bcrypt", "bcryptjs")...), // hash and hashSync, however bound; the modules it reports for
	Run:      runBcryptHashMissingSalt,
	Local:    true,
}

// bcryptCost is the cost the fix inserts.
const bcryptCost = "12"

func runBcryptHashMissingSalt(pass *analysis.Pass, call *sitter.Node) {
	if !importsAny(pass, bcryptModules) {
		return
	}
	callee := pass.Resolver.Callee(call)
	if callee.Kind != resolve.Member || (callee.Path != "hash" && callee.Path != "hashSync") {
		return
	}
	var sev analysis.Severity
	var msg string
	switch callee.Module {
	case "bcrypt":
		sev = analysis.Error
		msg = "bcrypt." + callee.Path + " without a salt or cost throws 'data and salt arguments required'"
	case "bcryptjs":
		sev = analysis.Hint
		msg = "bcryptjs." + callee.Path + " without a cost silently uses 10 rounds; pass the cost explicitly"
	default:
		return
	}
	args := syntax.Field(call, syntax.FieldArguments)
	if args == nil || args.NamedChildCount() == 0 {
		return
	}
	var list []*sitter.Node
	for i := uint(0); i < args.NamedChildCount(); i++ {
		a := args.NamedChild(i)
		if syntax.Kind(a) == syntax.Comment {
			continue
		}
		if syntax.Kind(a) == syntax.SpreadElement {
			return
		}
		list = append(list, a)
	}
	var edit analysis.Edit
	switch {
	case len(list) == 1:
		edit = analysis.Edit{Start: list[0].EndByte(), End: list[0].EndByte(), NewText: ", " + bcryptCost}
	case len(list) == 2 && callee.Path == "hash" && pass.Resolver.FunctionOf(list[1]) != nil:
		edit = analysis.Edit{Start: list[1].StartByte(), End: list[1].StartByte(), NewText: bcryptCost + ", "}
	default:
		return
	}
	fix := &analysis.Fix{Title: "Pass a cost of " + bcryptCost, Edits: []analysis.Edit{edit}}
	pass.ReportNode(args, sev, msg, fix)
}
