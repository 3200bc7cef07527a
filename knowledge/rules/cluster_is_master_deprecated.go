package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ClusterIsMasterDeprecated flags cluster.isMaster and cluster.setupMaster
// (see docs/rules.md#cluster-is-master-deprecated).
var ClusterIsMasterDeprecated = &analysis.Rule{
	Name:  "cluster-is-master-deprecated",
	Entry: "clustering",
	Doc: `Flags cluster.isMaster and cluster.setupMaster, deprecated since Node 16.0.0.
Node renamed the primary process's API: cluster.isPrimary and cluster.setupPrimary
replace the old names, which are kept only as deprecated aliases (the findings carry
the Deprecated tag, so editors strike them through). isPrimary exists from Node
16.0.0 and 14.18.0; when package.json "engines" allows an older Node the fix keeps a
fallback, (cluster.isPrimary ?? cluster.isMaster). isMaster on other objects (the
MongoDB command, a config) and setupMaster from @socket.io/sticky are not flagged.
It runs only in files that import cluster and spell isMaster or setupMaster.
Use instead: cluster.isPrimary, cluster.setupPrimary(settings).`,
	Severity:   analysis.Hint,
	Deprecated: true,
	Kinds:      []string{syntax.MemberExpression, syntax.ImportSpecifier, syntax.VariableDeclarator},
	Needles:    mentions(importNeedles("cluster")...).And("ismaster", "setupmaster"),
	Run:        runClusterIsMasterDeprecated,
	Local:      true,
}

var clusterRenames = map[string]string{"isMaster": "isPrimary", "setupMaster": "setupPrimary"}

func runClusterIsMasterDeprecated(pass *analysis.Pass, n *sitter.Node) {
	if !pass.Resolver.Imports("cluster") {
		return // every flagged form names the cluster module
	}
	switch syntax.Kind(n) {
	case syntax.MemberExpression:
		prop := syntax.Field(n, syntax.FieldProperty)
		renamed, ok := clusterRenames[pass.Text(prop)]
		obj := syntax.Field(n, syntax.FieldObject)
		if !ok || obj == nil || !pass.Resolver.Value(obj).Is("cluster") || isPrimaryFallback(pass, n) {
			return
		}
		var fix *analysis.Fix
		switch {
		case primarySafe(pass):
			fix = &analysis.Fix{Title: "Use " + renamed, Edits: []analysis.Edit{{Start: prop.StartByte(), End: prop.EndByte(), NewText: renamed}}}
		case renamed == "isPrimary":
			o := pass.Text(obj)
			op := " ?? "
			if v := pass.Package.EnginesNode; v.Major < 14 {
				op = " || " // ?? is a syntax error before Node 14
			}
			fix = &analysis.Fix{Title: "Prefer isPrimary, falling back on old Node", Edits: []analysis.Edit{{Start: n.StartByte(), End: n.EndByte(), NewText: "(" + o + ".isPrimary" + op + o + ".isMaster)"}}}
		}
		pass.ReportNode(prop, 0, clusterMessage(pass.Text(prop), renamed), fix)
	case syntax.ImportSpecifier:
		stmt := syntax.Parent(n)
		for stmt != nil && syntax.Kind(stmt) != syntax.ImportStatement {
			stmt = syntax.Parent(stmt)
		}
		if stmt == nil {
			return
		}
		if spec, _ := syntax.StringValue(syntax.Field(stmt, syntax.FieldSource), pass.File.Src); resolve.NormalizeModule(spec) != "cluster" {
			return
		}
		name := syntax.Field(n, syntax.FieldName)
		renamed, ok := clusterRenames[pass.Text(name)]
		if !ok {
			return
		}
		keep := ""
		if syntax.Field(n, syntax.FieldAlias) == nil {
			keep = " as "
		}
		reportRenamedBinding(pass, name, renamed, "Import ", keep)
	case syntax.VariableDeclarator:
		pattern := syntax.Field(n, syntax.FieldName)
		if pattern == nil || syntax.Kind(pattern) != syntax.ObjectPattern || !pass.Resolver.Value(syntax.Field(n, syntax.FieldValue)).Is("cluster") {
			return
		}
		for i := uint(0); i < pattern.NamedChildCount(); i++ {
			p := pattern.NamedChild(i)
			key, shorthand := p, true
			switch syntax.Kind(p) {
			case syntax.ShorthandPropertyIdentifierPattern:
			case syntax.ObjectAssignmentPattern: // { isMaster = false }
				key = syntax.Field(p, syntax.FieldLeft)
			case syntax.PairPattern:
				key, shorthand = syntax.Field(p, syntax.FieldKey), false
			default:
				continue
			}
			renamed, ok := clusterRenames[pass.Text(key)]
			if !ok {
				continue
			}
			keep := ""
			if shorthand {
				keep = ": "
			}
			reportRenamedBinding(pass, key, renamed, "Destructure ", keep)
		}
	}
}

// reportRenamedBinding reports an old name bound from cluster (an import specifier or
// a destructured key) with, where the new name is safe, the fix that binds the new
// name instead: keep is what binds the old local name to it (" as ", ": "), "" when
// the binding already names its local.
func reportRenamedBinding(pass *analysis.Pass, name *sitter.Node, renamed, title, keep string) {
	var fix *analysis.Fix
	if primarySafe(pass) {
		text := renamed
		if keep != "" {
			text = renamed + keep + pass.Text(name)
		}
		fix = &analysis.Fix{Title: title + renamed, Edits: []analysis.Edit{{Start: name.StartByte(), End: name.EndByte(), NewText: text}}}
	}
	pass.ReportNode(name, 0, clusterMessage(pass.Text(name), renamed), fix)
}

// isPrimaryFallback recognises the deliberate fallback for old Node versions,
// `cluster.isPrimary ?? cluster.isMaster` (or ||), which the fix itself writes.
func isPrimaryFallback(pass *analysis.Pass, member *sitter.Node) bool {
	p := syntax.Parent(member)
	if p == nil || syntax.Kind(p) != syntax.BinaryExpression {
		return false
	}
	op := syntax.Field(p, syntax.FieldOperator)
	left := syntax.Field(p, syntax.FieldLeft)
	if op == nil || (syntax.Kind(op) != syntax.TokenQuestionQuestion && syntax.Kind(op) != syntax.TokenPipePipe) || left == nil || left.Id() == member.Id() {
		return false
	}
	left = syntax.Unwrap(left)
	if syntax.Kind(left) != syntax.MemberExpression {
		return false
	}
	prop := pass.Text(syntax.Field(left, syntax.FieldProperty))
	return (prop == "isPrimary" || prop == "setupPrimary") && pass.Resolver.Value(syntax.Field(left, syntax.FieldObject)).Is("cluster")
}

func clusterMessage(old, renamed string) string {
	return "cluster." + old + " is deprecated since Node 16; use cluster." + renamed
}

// primarySafe reports whether every Node the package allows has isPrimary and
// setupPrimary: engines.node at 16 or later, or no engines at all.
func primarySafe(pass *analysis.Pass) bool {
	if pass.Package == nil || !pass.Package.EnginesNode.Known {
		return true
	}
	return pass.Package.EnginesNode.Major >= 16
}
