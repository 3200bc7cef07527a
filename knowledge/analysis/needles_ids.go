package analysis

import (
	"maps"
	"slices"
)

// A rule's needles compiled against one automaton (see ruleLookOf): each needle by its
// id, so that the look at a file answers by indexing the automaton's hits. Asking by
// the needles' names hashed every name of every rule in every file, and on a tree of
// thousands of files that no rule is asked to parse those look-ups were the most of
// the prefilter's cost after the scan itself.

// needleSet is a group of needles of which a file must mention one.
type needleSet struct {
	ids []uint32
	// names are the needles the automaton does not know (a rule that was not
	// registered, such as a test's), looked for as Mentions looks for them.
	names []string
}

// compiledNeedles is Needles with each group as a needleSet; Lists and Opens read the
// text, and are asked of it after the look-ups.
type compiledNeedles struct {
	source *Needles
	any    needleSet
	byDep  []depNeedles // in the order of their dependencies' names
	also   []needleSet
	either []*compiledNeedles
}

type depNeedles struct {
	dep     string
	needles needleSet
}

// ruleLook is what Applicable asks of a rule, compiled once per automaton.
type ruleLook struct {
	needles compiledNeedles
	calls   needleSet
	anyCall bool // the rule selects no calls by name: callNames is nil
}

func (m *matcher) needleSet(needles []string) needleSet {
	var s needleSet
	for _, n := range needles {
		if id, ok := m.ids[n]; ok {
			s.ids = append(s.ids, uint32(id))
		} else {
			s.names = append(s.names, n)
		}
	}
	return s
}

func (m *matcher) compileNeedles(n *Needles) compiledNeedles {
	c := compiledNeedles{source: n, any: m.needleSet(n.Any)}
	for _, dep := range slices.Sorted(maps.Keys(n.ByDependency)) {
		c.byDep = append(c.byDep, depNeedles{dep: dep, needles: m.needleSet(n.ByDependency[dep])})
	}
	for _, group := range n.Also {
		c.also = append(c.also, m.needleSet(group))
	}
	for i := range n.Either {
		e := m.compileNeedles(&n.Either[i])
		c.either = append(c.either, &e)
	}
	return c
}

// ruleLookOf is r's look compiled against m, kept with m: a rule's needles and calls
// are fixed by the time a file is first looked at for it (rules are declared once, as
// package variables, and their twins made when the registry is built; callNames keeps
// its calls the same way), and an automaton compiled anew (Register) compiles its
// rules' looks anew.
func (m *matcher) ruleLookOf(r *Rule) *ruleLook {
	if l, ok := m.looks.Load(r); ok {
		return l.(*ruleLook)
	}
	names := callNames(r)
	l := &ruleLook{needles: m.compileNeedles(&r.Needles), calls: m.needleSet(names), anyCall: names == nil}
	got, _ := m.looks.LoadOrStore(r, l)
	return got.(*ruleLook)
}

// mentionsSet is Mentions of the set's needles, by their ids: a part's look asks the
// look of the rest of the file too, whose automaton it shares (see newQuick).
func (q *Quick) mentionsSet(s needleSet) bool {
	for _, id := range s.ids {
		for l := q; l != nil; l = l.rest {
			if l.mentionsID(id) {
				return true
			}
		}
	}
	return len(s.names) > 0 && q.Mentions(s.names...)
}

// mentionsID is mentions of the automaton's needle id, in q's own text.
func (q *Quick) mentionsID(id uint32) bool {
	return q.found[id] && (!q.specifiers[id] || q.importedSpecifier(q.m.names[id]))
}

// match reports whether q's file mentions one of the needles, true when none are
// declared (see Needles.Match); q's automaton must be the one c was compiled against.
func (c *compiledNeedles) match(q *Quick) bool {
	for _, group := range c.also {
		if !q.mentionsSet(group) {
			return false
		}
	}
	if !c.matchAlternatives(q) {
		return false
	}
	for _, l := range c.source.Lists {
		if !q.InOneList(l.First, l.Then) {
			return false
		}
	}
	for _, words := range c.source.Opens {
		if !q.OpensLiteral(words...) {
			return false
		}
	}
	return true
}

func (c *compiledNeedles) matchAlternatives(q *Quick) bool {
	if !c.source.alternatives() && len(c.either) == 0 || q.mentionsSet(c.any) {
		return true
	}
	for _, d := range c.byDep {
		if q.DependsOn(d.dep) && q.mentionsSet(d.needles) {
			return true
		}
	}
	for _, e := range c.either {
		if e.match(q) {
			return true
		}
	}
	return false
}
