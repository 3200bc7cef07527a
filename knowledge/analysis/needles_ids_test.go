package analysis

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
)

// A rule's needles asked by the automaton's ids answer as asked by their names, for
// every shape of Needles (alternatives, dependencies, conjunctions, unions, lists,
// literal openings, import specifiers) and needles the automaton does not know, in a
// whole file's look and in a part's.
func TestNeedleIDsAgreeWithNames(t *testing.T) {
	specifier := ImportSpecifiers("'ids-test-mod'")[0]
	known := []string{"ab", "bc", "req,", "res)", "query(", specifier, ".on(", "select"}
	unknown := []string{"ca", "zz", "'other-mod'"}
	vocabulary := append(append([]string{}, known...), unknown...)
	m := compile(known)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies":{"express":"4"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	express := pkginfo.NewStore(nil).For(filepath.Join(dir, "a.js"))
	if !express.HasDependency("express") {
		t.Fatal("the test package does not depend on express")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	some := func() []string {
		out := make([]string, 1+rng.IntN(3))
		for i := range out {
			out[i] = vocabulary[rng.IntN(len(vocabulary))]
		}
		return out
	}
	var needles func(depth int) Needles
	needles = func(depth int) Needles {
		n := Mentions(some()...)
		if rng.IntN(2) == 0 {
			n = Needles{}.InPackagesOf("express", some()...)
		}
		if rng.IntN(3) == 0 {
			n = n.And(some()...)
		}
		if depth < 2 && rng.IntN(3) == 0 {
			n = n.Or(needles(depth + 1).And(some()...))
		}
		if rng.IntN(5) == 0 {
			n = n.AndInOneList([]string{"req,"}, []string{"res)"})
		}
		if rng.IntN(5) == 0 {
			n = n.AndLiteralOpens("select")
		}
		return n
	}
	pieces := []string{"ab", "BC", "ca", "zz", " ", "\n", "(req, res)", "query(", "x.on(", "require('ids-test-mod')",
		"x('ids-test-mod')", "'other-mod'", "`SELECT 1`", "// ", ";"}
	someText := func() []byte {
		var text []byte
		for range rng.IntN(8) {
			text = append(text, pieces[rng.IntN(len(pieces))]...)
		}
		return text
	}
	for range 3000 {
		r := &Rule{Name: "ids-test", Needles: needles(0)}
		if rng.IntN(4) == 0 {
			r.Needles = Needles{}
		}
		text, around := someText(), someText()
		for _, pkg := range []*pkginfo.Package{nil, express} {
			q := &Quick{texts: [][]byte{text}, Package: pkg, m: m, found: make([]bool, len(m.ids)), specifiers: importMarks(m)}
			m.scan(q.found, text)
			byName := matchByNames(r.Needles, q)
			c := m.compileNeedles(&r.Needles)
			if byID := c.match(q); byID != byName {
				t.Fatalf("needles %+v in %q (package %v): by ids %v, by names %v", r.Needles, text, pkg != nil, byID, byName)
			}
			// A part's look (see quickPart) answers for the text around it too.
			rest := &Quick{texts: [][]byte{around}, Package: pkg, m: m, found: make([]bool, len(m.ids)), specifiers: importMarks(m)}
			m.scan(rest.found, around)
			part := &Quick{texts: [][]byte{text}, Package: pkg, m: m, found: make([]bool, len(m.ids)), specifiers: importMarks(m), rest: rest}
			m.scan(part.found, text)
			if byID, byName := c.match(part), matchByNames(r.Needles, part); byID != byName {
				t.Fatalf("needles %+v in the part %q of %q (package %v): by ids %v, by names %v", r.Needles, text, around, pkg != nil, byID, byName)
			}
		}
	}
}

// matchByNames is Needles.Match asked by the needles' names, as it was before they
// were compiled to the automaton's ids: the answer the ids must give.
func matchByNames(n Needles, q *Quick) bool {
	for _, group := range n.Also {
		if !q.Mentions(group...) {
			return false
		}
	}
	if !matchAlternativesByNames(n, q) {
		return false
	}
	for _, l := range n.Lists { // after the look-ups: these read the text
		if !q.InOneList(l.First, l.Then) {
			return false
		}
	}
	for _, words := range n.Opens { // last: the others are looked up, this scans the text
		if !q.OpensLiteral(words...) {
			return false
		}
	}
	return true
}

// matchAlternativesByNames reports whether q's file mentions one of n's alternatives
// (Any, ByDependency, Either); true when it declares none.
func matchAlternativesByNames(n Needles, q *Quick) bool {
	if !n.alternatives() && len(n.Either) == 0 || q.Mentions(n.Any...) {
		return true
	}
	for dep, ns := range n.ByDependency { // in any order: the answer is the same
		if q.DependsOn(dep) && q.Mentions(ns...) {
			return true
		}
	}
	for _, e := range n.Either {
		if matchByNames(e, q) {
			return true
		}
	}
	return false
}
