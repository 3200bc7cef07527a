package analysis

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Rule is one check.
type Rule struct {
	// Name is the rule id users see and suppress ("no-sync-fs-in-handler").
	Name string
	// Doc says what the rule flags and why, first line a summary.
	Doc string
	// Entry is the id of the knowledge entry the rule teaches.
	Entry string
	// Severity is the default severity of its findings.
	Severity Severity
	// Kinds are the node kinds Run is called with ("program" gives the root once).
	Kinds []string
	// Run checks one node of one of Kinds.
	Run func(pass *Pass, n *sitter.Node)
	// Calls and Methods, when set, narrow the call and `new` expressions Run sees to
	// those whose callee is one of Calls (canonical names; "m.*" for every member of
	// m) or whose method name is one of Methods. The engine computes both once per
	// call, so a rule that declares them costs nothing on the other calls.
	Calls   []string
	Methods []string
	// Deprecated rules flag deprecated or removed APIs; their findings carry the tag.
	Deprecated bool
	// SharesFacts marks the cross-file rules: their Run also records facts (AddFact)
	// that the package's other files read (Elsewhere), so callers collect facts from
	// every file of a package before checking any of them.
	SharesFacts bool
	// Needles say from a file's bytes alone whether the rule can fire in it (the
	// modules or globals it needs are mentioned); the prefilter's automaton is compiled
	// from them. They must never miss a file where the rule reports something or
	// records a fact: the rule tests check that on every case.
	Needles Needles
	// MayApply, when set, narrows Needles further with what needles cannot say; it
	// has the same duty never to miss.
	MayApply func(q *Quick) bool
	// Options are the settings the rule takes from the configuration (see Option).
	Options []Option
	// Local marks a rule whose findings in a top-level statement depend on nothing
	// else in the file than that statement and what the resolver says about it (the
	// statement's own functions, the names it uses). After an edit inside one
	// statement, Recheck runs the local rules on that statement alone and keeps their
	// other findings; a file where a rule that is not local may apply is checked
	// whole. The rule tests check the claim on every case (see checkWith).
	Local bool
	// InertBlind marks a rule that is not local but reports the same findings and
	// facts, moved, when an edit adds, removes or changes only inert statements in a
	// block (a const of names and numbers, a fragment the parser could not read; see
	// sameShape): the rule never counts a block's statements or asks which comes
	// first, except in a function it reads through Pass.BodyOf. Typing a line into a
	// handler then costs the handler, not the file. The rule tests check the claim on
	// every case by typing such a line into each function body.
	InertBlind bool
	// KnownOnly marks an InertBlind rule that also never reports or records anything
	// because of a call of, or a reference to, a name the resolver knows nothing
	// about (a parameter no caller types, a caught error, a name declared nowhere):
	// it follows APIs, apps and the file's own functions. Recheck then also keeps its
	// findings across an edit in a block that only adds, removes or changes such
	// calls and references, which is what a half-typed line swallowing the
	// `next(err);` after it looks like (see lifter). The rule tests check the claim
	// on every case.
	KnownOnly bool
	// StatementWise marks a rule that is not local but whose findings each belong to
	// the top-level statement they are in, and depend on the rest of the file only
	// through what the resolver answers for that statement and the bodies it reads
	// through Pass.BodyOf: a handler's verdict. After an edit inside one statement,
	// Recheck runs the rule again on that statement alone (its Run gets the root, and
	// the window's handlers and nodes) and keeps its findings elsewhere, moved; a fact
	// it records about the statement, or about the file as a whole, needs a whole
	// check. The rule tests check the claim on every case.
	StatementWise bool
	// AnchorMethods name the methods without a call of which the rule reports nothing
	// and records no fact. A rule that only looks at calls and declares Calls or
	// Methods is anchored by those. A file that never names an anchor is not checked
	// with the rule (see Applicable); after an edit, a file with no anchor of a rule
	// that is not local needs no whole check for it: the rule cannot fire there.
	AnchorMethods []string
}

// File is one parsed source file.
type File struct {
	Path string
	Lang syntax.Language
	Src  []byte
	Tree *sitter.Tree
}

// Pass is what a rule sees while checking one file.
type Pass struct {
	File     *File
	Resolver *resolve.Resolver
	// Package is the nearest package.json's knowledge; nil when there is none.
	Package *pkginfo.Package
	// Options are the user's settings for this file.
	Options  Options
	rule     *Rule
	at       *sitter.Node // the node the rule runs on
	findings []Finding
	reads    []read // bodies of functions read through a name (see BodyOf)
	facts    []Fact
	origins  []factOrigin  // of each fact
	lines    *source.Lines // made on the first fact, for its location
	memo     map[any]any   // answers about the whole file (see Memo)
}

// Report records a finding of the running rule; a zero Severity means the rule's default.
func (p *Pass) Report(f Finding) {
	f.Rule = p.rule.Name
	if f.Severity == 0 {
		f.Severity = p.rule.Severity
	}
	if sev, ok := p.Options.Severity[f.Rule]; ok {
		f.Severity = sev // a user's level replaces the rule's own, whatever the case
	}
	f.Deprecated = f.Deprecated || p.rule.Deprecated
	p.findings = append(p.findings, f)
}

// ReportNode reports a finding spanning node n.
func (p *Pass) ReportNode(n *sitter.Node, sev Severity, msg string, fix *Fix) {
	p.Report(Finding{Severity: sev, Start: n.StartByte(), End: n.EndByte(), Message: msg, Fix: fix})
}

// read is a function body a rule read while checking the node at.
type read struct {
	fn resolve.Span
	at uint
}

// BodyOf returns the body of fn, a function the rule reached through a name (the
// callee of a call, an argument), and records that the finding at hand may depend on
// it: an edit inside a function that rules read from elsewhere is never checked one
// statement at a time.
func (p *Pass) BodyOf(fn *sitter.Node) *sitter.Node {
	if p.at != nil {
		p.reads = append(p.reads, read{fn: resolve.Span{Start: fn.StartByte(), End: fn.EndByte()}, at: p.at.StartByte()})
	}
	return syntax.Field(fn, syntax.FieldBody)
}

// Text is the source text of n.
func (p *Pass) Text(n *sitter.Node) string { return syntax.Text(n, p.File.Src) }

// DependsOn reports whether the file's package lists dep.
func (p *Pass) DependsOn(dep string) bool { return p.Package != nil && p.Package.HasDependency(dep) }

// Version is the resolved version of a dependency, unknown without a package.
func (p *Pass) Version(dep string) pkginfo.Version {
	if p.Package == nil {
		return pkginfo.Version{}
	}
	return p.Package.Version(dep)
}
