package analysis

import (
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"
)

// scanIndex answers the index's questions the plain way, from every file's facts: the
// reference the package-and-name index must agree with.
type scanIndex map[string]struct {
	pkgDir string
	facts  []Fact
}

func (s scanIndex) others(path, pkgDir string, keep func(Fact) bool) []Fact {
	var out []Fact
	for p, ff := range s {
		if p == path || ff.pkgDir != pkgDir {
			continue
		}
		for _, f := range ff.facts {
			if keep(f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// factKeys are facts as comparable strings, in order, so that two answers given in
// different orders compare equal.
func factKeys(fs []Fact) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s@%s:%d:%d", f.Name, f.Where.Path, f.Where.Line, f.Where.Col8))
	}
	sort.Strings(out)
	return out
}

func locationKeys(ls []Location) []string {
	fs := make([]Fact, len(ls))
	for i, l := range ls {
		fs[i] = Fact{Where: l}
	}
	return factKeys(fs)
}

// TestFactIndexAnswersAsAScanOfEveryFile: through random updates, moves between
// packages, removals and repeated names, the index answers Elsewhere, WithPrefix and
// EachFile as a scan of every file's facts does, and Update reports a change of names
// exactly when the scan's sets of names differ.
func TestFactIndexAnswersAsAScanOfEveryFile(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	names := []string{"a", "ab", "abc", "b", "edge:m#f<g", "edge:m#f<h", "edge:m#fg<h", "x"}
	pkgs := []string{"/p1", "/p2", "/p3"}
	paths := make([]string, 12)
	for i := range paths {
		paths[i] = fmt.Sprintf("/f%02d.js", i)
	}
	ix, ref := NewFactIndex(), scanIndex{}
	for step := range 400 {
		path, pkgDir := paths[rng.Intn(len(paths))], pkgs[rng.Intn(len(pkgs))]
		var facts []Fact
		if rng.Intn(5) > 0 {
			for j := range rng.Intn(5) {
				facts = append(facts, Fact{Name: names[rng.Intn(len(names))], Where: Location{Path: path, Line: j, Col8: step}})
			}
		}
		old := ref[path]
		wantChanged := !sameNames(old.facts, facts) || old.pkgDir != pkgDir && len(facts) > 0
		if len(facts) == 0 {
			delete(ref, path)
		} else {
			ref[path] = struct {
				pkgDir string
				facts  []Fact
			}{pkgDir, facts}
		}
		if got := ix.Update(path, pkgDir, facts); got != wantChanged {
			t.Fatalf("step %d: Update reported a change %v, want %v", step, got, wantChanged)
		}
		for _, asker := range paths {
			for _, dir := range pkgs {
				view := ix.For(asker, dir).(factView)
				for _, name := range names {
					var want []Location
					for _, f := range ref.others(asker, dir, func(f Fact) bool { return f.Name == name }) {
						want = append(want, f.Where)
					}
					if got := view.Elsewhere(name); !slices.Equal(locationKeys(got), locationKeys(want)) {
						t.Fatalf("step %d: %s in %s asks Elsewhere(%q): %v, want %v", step, asker, dir, name, locationKeys(got), locationKeys(want))
					}
				}
				for _, prefix := range []string{"", "a", "ab", "edge:m#f<", "edge:m#f", "y"} {
					want := ref.others(asker, dir, func(f Fact) bool { return strings.HasPrefix(f.Name, prefix) })
					if got := view.WithPrefix(prefix); !slices.Equal(factKeys(got), factKeys(want)) {
						t.Fatalf("step %d: %s in %s asks WithPrefix(%q): %v, want %v", step, asker, dir, prefix, factKeys(got), factKeys(want))
					}
				}
			}
		}
		for _, dir := range pkgs {
			var got []Fact
			ix.EachFile(dir, func(fs []Fact) { got = append(got, fs...) })
			if want := ref.others("", dir, func(Fact) bool { return true }); !slices.Equal(factKeys(got), factKeys(want)) {
				t.Fatalf("step %d: EachFile(%s): %v, want %v", step, dir, factKeys(got), factKeys(want))
			}
		}
	}
}

// TestElsewhereSortsByPathAndLine: the answer is in the order of the files' paths, and
// within a file of their lines, however the files were recorded.
func TestElsewhereSortsByPathAndLine(t *testing.T) {
	ix := NewFactIndex()
	ix.Update("/p/z.js", "/p", []Fact{{Name: "n", Where: Location{Path: "/p/z.js", Line: 1}}})
	ix.Update("/p/a.js", "/p", []Fact{{Name: "n", Where: Location{Path: "/p/a.js", Line: 9}}, {Name: "n", Where: Location{Path: "/p/a.js", Line: 2}}})
	got := ix.For("/p/me.js", "/p").Elsewhere("n")
	want := []Location{{Path: "/p/a.js", Line: 2}, {Path: "/p/a.js", Line: 9}, {Path: "/p/z.js", Line: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Elsewhere = %v, want %v", got, want)
	}
}

// monorepoFacts fills an index and its scan reference with pkgs packages of 20 files,
// each establishing three facts, two of them named after the file.
func monorepoFacts(pkgs int) (*FactIndex, scanIndex) {
	ix, ref := NewFactIndex(), scanIndex{}
	for p := range pkgs {
		dir := fmt.Sprintf("/repo/packages/p%d", p)
		for f := range 20 {
			path := fmt.Sprintf("%s/src/f%d.js", dir, f)
			facts := []Fact{
				{Name: "x-powered-by-off", Where: Location{Path: path}},
				{Name: fmt.Sprintf("request-path-call:m%d#h", f), Where: Location{Path: path, Line: 1}},
				{Name: fmt.Sprintf("request-path-edge:m%d#h<g", f), Where: Location{Path: path, Line: 2}},
			}
			ix.Update(path, dir, facts)
			ref[path] = struct {
				pkgDir string
				facts  []Fact
			}{dir, facts}
		}
	}
	return ix, ref
}

// BenchmarkElsewhereInAMonorepo: one question of a file of a 500-package tree, by the
// index and by a scan of every file (what each question cost before the index).
func BenchmarkElsewhereInAMonorepo(b *testing.B) {
	ix, ref := monorepoFacts(500)
	const dir, path = "/repo/packages/p7", "/repo/packages/p7/src/f0.js"
	b.Run("index", func(b *testing.B) {
		view := ix.For(path, dir)
		for b.Loop() {
			view.Elsewhere("request-path-call:m3#h")
		}
	})
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			ref.others(path, dir, func(f Fact) bool { return f.Name == "request-path-call:m3#h" })
		}
	})
}
