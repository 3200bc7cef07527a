package analysis

import (
	"maps"
	"slices"
)

// Needles are what a file's text must mention for a rule to fire in it, declared once
// with the rule: the prefilter's automaton is compiled from every rule's needles (see
// Register), and the rule is checked only in files that mention one. Needles are
// lower case; the text is compared lower-cased. The zero value declares none: the
// rule may fire anywhere.
type Needles struct {
	// Any: one of these anywhere in the text.
	Any []string
	// ByDependency: in a package that depends on the key, one of its needles also
	// suffices (a (req, res) handler counts only in an Express package).
	ByDependency map[string][]string
	// Also: groups the text must besides mention one needle of each, whatever let it
	// through above (an Express file that also has a catch clause).
	Also [][]string
	// Either: further alternatives, each with conjunctions of its own (a file that
	// records a fact by one spelling, or that may report by two others together).
	Either []Needles
	// Opens: groups of words of which the file must also have a literal open with
	// one of each (see AndLiteralOpens), whatever let it through above.
	Opens [][]string
	// Lists: pairs of needles of which the file must also have one of the second
	// after one of the first in one list (see AndInOneList), whatever let it through
	// above.
	Lists []inOneList
}

// Mentions declares needles of which a file must mention one.
func Mentions(needles ...string) Needles { return Needles{Any: needles} }

// Declared reports whether n narrows anything.
func (n Needles) Declared() bool {
	return n.alternatives() || len(n.Also) > 0 || len(n.Either) > 0 || len(n.Opens) > 0 || len(n.Lists) > 0
}

// alternatives reports whether n declares needles of which one lets a file through.
func (n Needles) alternatives() bool { return len(n.Any) > 0 || len(n.ByDependency) > 0 }

// And is n narrowed to the files that also mention one of needles.
func (n Needles) And(needles ...string) Needles {
	n.Also = append(slices.Clone(n.Also), needles)
	return n
}

// Or is what either n or o accepts: a file that mentions a needle of one of them,
// each with its own conjunctions (And on the result narrows both). A side that
// declares nothing adds nothing, so a union can start from the zero value
// (Needles{}.InPackagesOf(dep, …) is those needles alone, not every file).
func (n Needles) Or(o Needles) Needles {
	switch {
	case !n.Declared():
		return o
	case !o.Declared():
		return n
	case !n.plain() || !o.plain():
		return Needles{Either: []Needles{n, o}}
	}
	out := Needles{Any: union(n.Any, o.Any)}
	for _, by := range []map[string][]string{n.ByDependency, o.ByDependency} {
		for dep, ns := range by {
			if out.ByDependency == nil {
				out.ByDependency = map[string][]string{}
			}
			out.ByDependency[dep] = union(out.ByDependency[dep], ns)
		}
	}
	return out
}

// plain reports whether n is alternatives alone, which a union can merge.
func (n Needles) plain() bool {
	return len(n.Also) == 0 && len(n.Either) == 0 && len(n.Opens) == 0 && len(n.Lists) == 0 && n.alternatives()
}

// InPackagesOf adds needles that count in packages that depend on dep.
func (n Needles) InPackagesOf(dep string, needles ...string) Needles {
	return n.Or(Needles{ByDependency: map[string][]string{dep: needles}})
}

// Match reports whether q's file mentions one of the needles; true when none are
// declared. It asks as Applicable does (see ruleLookOf), compiling n each time.
func (n Needles) Match(q *Quick) bool {
	c := q.m.compileNeedles(&n)
	return c.match(q)
}

// all lists every needle n may look for.
func (n Needles) all() []string {
	out := slices.Clone(n.Any)
	for _, dep := range slices.Sorted(maps.Keys(n.ByDependency)) {
		out = append(out, n.ByDependency[dep]...)
	}
	for _, group := range n.Also {
		out = append(out, group...)
	}
	for _, l := range n.Lists {
		out = append(out, l.First...)
		out = append(out, l.Then...)
	}
	for _, e := range n.Either {
		out = append(out, e.all()...)
	}
	return out
}

// union is a followed by the strings of b it lacks.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
