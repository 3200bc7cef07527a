package analysis

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

func TestMayFire(t *testing.T) {
	needsFS := &Rule{Name: "fs-rule", Needles: Mentions("'fs'"), Run: func(*Pass, *sitter.Node) {}}
	always := &Rule{Name: "always", Run: func(*Pass, *sitter.Node) {}}
	cases := []struct {
		name  string
		src   string
		rules []*Rule
		opts  Options
		want  bool
	}{
		{"needle present", "const fs = require('fs');", []*Rule{needsFS}, Options{}, true},
		{"needle absent", "const x = require('path');", []*Rule{needsFS}, Options{}, false},
		{"case-insensitive text", "const fs = require('FS');", []*Rule{needsFS}, Options{}, true},
		{"a rule without MayApply always may fire", "x();", []*Rule{needsFS, always}, Options{}, true},
		{"rules turned off do not apply", "x();", []*Rule{needsFS, always}, Options{Severity: map[string]Severity{"always": Off}}, false},
		{"a suppression comment may be unused", "// nodecoach-disable-next-line fs-rule\nx();", []*Rule{needsFS}, Options{}, true},
	}
	for _, tc := range cases {
		q := NewQuick([]byte(tc.src), nil)
		if got := MayFire(q, Applicable(q, tc.rules, tc.opts)); got != tc.want {
			t.Errorf("%s: MayFire = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The automaton finds exactly what bytes.Contains finds in the lower-cased text, for
// needles that overlap, nest and share prefixes and suffixes.
func TestMatcherAgreesWithContains(t *testing.T) {
	needles := []string{"a", "ab", "abc", "bc", "bca", "cab", "'fs'", ".pipe(", "aaaa", "math.random", "x-powered-by"}
	m := compile(needles)
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("abcABC'fs.pipe(MATH.randomx-poweredbY \n\xe9")
	for range 2000 {
		text := make([]byte, rng.IntN(40))
		for i := range text {
			text[i] = alphabet[rng.IntN(len(alphabet))]
		}
		found := make([]bool, len(needles))
		m.scan(found, text)
		lower := bytes.ToLower(text)
		for id, n := range needles {
			if want := bytes.Contains(lower, []byte(n)); found[id] != want {
				t.Fatalf("in %q, needle %q: found %v, want %v", text, n, found[id], want)
			}
		}
	}
}

// A needle no registered rule declares is looked for directly, every time: the
// automaton is compiled when rules are registered and learns nothing from a look.
func TestQuickDoesNotLearnNeedles(t *testing.T) {
	const needle = "a-needle-no-rule-asks-for"
	src := []byte("const x = 'A-Needle-No-Rule-Asks-For';")
	currentMatcher() // compiled at the first look
	compiled := registry.compiled.Load()
	for range 2 {
		q := NewQuick(src, nil)
		if !q.Mentions(needle) {
			t.Fatal("a needle no rule declares was not found")
		}
		if _, ok := q.m.ids[needle]; ok {
			t.Fatal("the automaton learned a needle from a look")
		}
	}
	if NewQuick([]byte("x"), nil).Mentions(needle) || registry.compiled.Load() != compiled {
		t.Fatal("looking compiled the automaton again")
	}
}

// Needles with dependencies: a (req, res) pair counts only in a package that depends
// on express; Or keeps what either accepts.
func TestNeedlesByDependency(t *testing.T) {
	n := Mentions("express").InPackagesOf("express", "req,")
	if !n.Match(NewQuick([]byte("app.get(express)"), nil)) || n.Match(NewQuick([]byte("(req, res) => 1"), nil)) {
		t.Error("the dependency's needle counted without the dependency, or Any did not count")
	}
	either := Mentions("'fs'").Or(n)
	if !either.Match(NewQuick([]byte("require('fs')"), nil)) || !either.Match(NewQuick([]byte("express"), nil)) || either.Match(NewQuick([]byte("x"), nil)) {
		t.Error("Or does not accept what either accepts")
	}
	if !(Needles{}).Match(NewQuick([]byte("x"), nil)) {
		t.Error("no needles declared must never narrow")
	}
	if (Needles{}).InPackagesOf("express", "req,").Match(NewQuick([]byte("x"), nil)) || (Needles{}).Or(Mentions("'fs'")).Match(NewQuick([]byte("x"), nil)) {
		t.Error("a union that starts from the zero value must hold its needles alone, not every file")
	}
}

// And narrows needles to the files that also mention one of its own, whichever
// alternative let them through; Or keeps each side's conjunctions to that side.
func TestNeedlesAnd(t *testing.T) {
	n := Mentions("express").And("catch", "finally").And(".use")
	for src, want := range map[string]bool{
		"express; try {} catch {}; app.use(f)": true,
		"express; try {} finally {}; app.use":  true,
		"express; try {} catch {}":             false,
		"express; app.use(f)":                  false,
		"try {} catch {}; app.use(f)":          false,
	} {
		if got := n.Match(NewQuick([]byte(src), nil)); got != want {
			t.Errorf("Match(%q) = %v, want %v", src, got, want)
		}
	}
	if !(Needles{}).And("catch").Match(NewQuick([]byte("catch"), nil)) || (Needles{}).And("catch").Match(NewQuick([]byte("x"), nil)) {
		t.Error("a conjunction alone must narrow to its needles")
	}
	either := n.Or(Mentions("'fs'"))
	for src, want := range map[string]bool{
		"require('fs')":                  true,  // the plain side alone
		"express; catch; x.use(f)":       true,  // the narrowed side, whole
		"express":                        false, // the narrowed side without its conjunctions
		"express; catch; require('fs')":  true,
		"catch; x.use(f); require('os')": false,
	} {
		if got := either.Match(NewQuick([]byte(src), nil)); got != want {
			t.Errorf("Or: Match(%q) = %v, want %v", src, got, want)
		}
	}
	if !either.Declared() || !slices.Contains(either.all(), ".use") || !slices.Contains(either.all(), "'fs'") {
		t.Error("a union's needles must all reach the automaton")
	}
	narrowed := either.And("router")
	if narrowed.Match(NewQuick([]byte("require('fs')"), nil)) || !narrowed.Match(NewQuick([]byte("require('fs'); router"), nil)) {
		t.Error("And on a union must narrow both sides")
	}
}
