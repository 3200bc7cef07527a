package analysis

import (
	"bytes"
	"strings"
	"sync"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// Quick is what a rule can know about a file before it is parsed: its text and its
// package. Rules use it to say whether they can fire at all, so that `check` skips
// parsing files no rule could report anything in.
type Quick struct {
	texts   [][]byte // the text looked at, as written
	Package *pkginfo.Package
	m       *matcher
	found   []bool          // by the matcher's needle ids, from one scan of texts
	seen    map[string]bool // needles the matcher did not know, looked for one by one
	lower   [][]byte        // texts lower-cased, made for those
	opens   map[string]bool // OpensLiteral's answers, by its words
	// specifiers marks the matcher's import specifiers (see ImportSpecifiers), whose
	// finds are confirmed by where they are; imported holds those answers.
	specifiers     []bool
	imported       map[string]bool
	aliasesRequire int8 // mayAliasRequire's answer: 0 not asked yet, 1 yes, -1 no
	// rest, when set, answers for the text around texts, which are then a part of
	// the file (see quickPart).
	rest *Quick
}

// NewQuick prepares the quick look at a file.
func NewQuick(src []byte, pkg *pkginfo.Package) *Quick { return newQuick(pkg, nil, src) }

func newQuick(pkg *pkginfo.Package, rest *Quick, texts ...[]byte) *Quick {
	m := currentMatcher()
	if rest != nil {
		m = rest.m // a part is asked by the ids of the look around it (see mentionsSet)
	}
	q := &Quick{texts: texts, Package: pkg, m: m, found: make([]bool, len(m.ids)), specifiers: importMarks(m), rest: rest}
	m.scan(q.found, texts...)
	return q
}

// Mentions reports whether the text contains one of the needles (lower case; the text
// is compared lower-cased, so `Access-Control-Allow-Origin` is found in any case). A
// needle marked by ImportSpecifiers counts only in import position.
func (q *Quick) Mentions(needles ...string) bool {
	for _, n := range needles {
		if q.mentions(n) || q.rest != nil && q.rest.Mentions(n) {
			return true
		}
	}
	return false
}

// mentions looks for n through the automaton when a registered rule declares it, and
// directly otherwise (a rule not registered, such as a test's); the automaton does not
// learn it.
func (q *Quick) mentions(n string) bool {
	if id, ok := q.m.ids[n]; ok {
		return q.mentionsID(uint32(id))
	}
	found, known := q.seen[n]
	if known {
		return found
	}
	if q.lower == nil {
		for _, t := range q.texts {
			q.lower = append(q.lower, bytes.ToLower(t))
		}
	}
	for _, t := range q.lower {
		found = found || bytes.Contains(t, []byte(n))
	}
	if found && isImportSpecifier(n) {
		found = q.importedAt(n)
	}
	if q.seen == nil {
		q.seen = map[string]bool{}
	}
	q.seen[n] = found
	return found
}

// quickMargin is how far a part's look reaches into the text around it: further than
// any needle is long, so that one across the part's edge is still seen.
const quickMargin = 64

// quickPart looks at src, whose text outside part is the same as in the text rest
// looked at, scanning the part and a margin around it. It may say a needle is there
// when it was only in rest's version of the part; never the reverse.
func quickPart(src []byte, part resolve.Span, rest *Quick) *Quick {
	lo, hi := max(int(part.Start)-quickMargin, 0), min(int(part.End)+quickMargin, len(src))
	return newQuick(rest.Package, rest, src[lo:hi])
}

// DependsOn reports whether the file's package lists dep.
func (q *Quick) DependsOn(dep string) bool { return q.Package != nil && q.Package.HasDependency(dep) }

// Applicable returns the enabled rules (see Options.Enabled) that can fire in q's file:
// a rule whose Needles or MayApply say no would report nothing there and record no fact, so it
// need not run. Nor need a rule that only looks at the calls it names (Calls, Methods)
// in a file that does not mention one of their names. An off rule is dropped before its
// needles or its names are asked, so its needles cost nothing.
func Applicable(q *Quick, rules []*Rule, opts Options) []*Rule {
	var out []*Rule
	for _, r := range rules {
		if opts.Enabled(r) && q.applies(r) {
			out = append(out, r)
		}
	}
	return out
}

// applies reports whether r can fire in q's file: its needles, its MayApply and the
// names of its calls say yes. r's needles are asked by the automaton's ids (see
// ruleLookOf), a part's look (quickPart) included: it shares the automaton of the
// look of the rest of the file, which it asks too.
func (q *Quick) applies(r *Rule) bool {
	l := q.m.ruleLookOf(r)
	return l.needles.match(q) && (r.MayApply == nil || r.MayApply(q)) && (l.anyCall || q.mentionsSet(l.calls))
}

// callNames are the names a file must mention for r to see a call: the methods, as
// calls (see MethodCallNeedles: a method's name alone is often a property read, as in
// req.query), and the last part of the callees of its anchors (see anchorSpec),
// lower-cased; nil when r has none, or anchors on calls of a whole module ("m.*"). The
// resolver names a call only after a name or a string key written in the file, so a
// call that matches r spells one of them out (a comment or spaces around the method's
// name hide it, as formatted code never has).
func callNames(r *Rule) []string {
	if names, ok := callNamesOf.Load(r); ok {
		return names.([]string)
	}
	names := listCallNames(r)
	callNamesOf.Store(r, names)
	return names
}

// callNamesOf caches callNames by rule.
var callNamesOf sync.Map

func listCallNames(r *Rule) []string {
	spec, ok := anchorSpec(r)
	if !ok {
		return nil
	}
	names := MethodCallNeedles(spec.Methods...)
	lasts, anyMember := lastNames(spec.Calls)
	if anyMember {
		return nil
	}
	for last := range lasts {
		names = append(names, strings.ToLower(last))
	}
	return names
}

// MethodNeedles are the spellings of a call of one of methods that the resolver reads
// a method name from, lower-cased: after a dot (`a.on`, `a?.on`, `a\n  .on`) or in
// quotes (`a['on']`). Call selection (Methods) and a rule's needles about a method
// both use them, so the two never disagree on how a method call is written.
func MethodNeedles(methods ...string) []string {
	var names []string
	for _, m := range methods {
		m = strings.ToLower(m)
		names = append(names, "."+m, "'"+m+"'", `"`+m+`"`, "`"+m+"`")
	}
	return names
}

// MethodCallNeedles are the spellings of a call of one of methods, narrower than
// MethodNeedles where a method's name is also a common property (`req.query`): the
// name followed by an argument list (`a.m(`, `a?.m(`), a type argument (`a.m<T>(`),
// an optional call (`a.m?.(`) or a tagged template, or in quotes in a
// subscript (`a['m'](`). Only spaces or a comment between the name and the call hide
// it, which formatted code never has.
func MethodCallNeedles(methods ...string) []string {
	var names []string
	for _, m := range methods {
		m = strings.ToLower(m)
		names = append(names, "."+m+"(", "."+m+"<", "."+m+"?.(", "."+m+"`", "'"+m+"']", `"`+m+`"]`, "`"+m+"`]")
	}
	return names
}

// CallNeedles are the names a file must mention for r to see a call (see callNames);
// nil when r selects no calls by name.
func CallNeedles(r *Rule) []string { return callNames(r) }

// MayFire reports whether checking q's file with the applicable rules can report
// anything: false means the file can be skipped without parsing it. A suppression
// comment can always be reported unused.
func MayFire(q *Quick, applicable []*Rule) bool {
	return len(applicable) > 0 || q.Mentions(suppressionNeedle)
}

// suppressionNeedle starts every suppression comment.
const suppressionNeedle = "nodecoach-disable"
