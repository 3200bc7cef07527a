package analysis

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// matcher finds every needle the rules have asked about in one pass over a text:
// an Aho-Corasick automaton, compiled into a table of transitions. Asking each rule's
// needles with bytes.Contains read every file some sixty times.
//
// The table is indexed by byte class, not by byte: the few dozen bytes the needles use
// each have a class, ASCII capitals sharing their lower-case letter's (the text is
// compared lower-cased), and every other byte is class 0. The table is then a fifth of
// a 256-column one and stays in the processor's cache, and reading a byte costs one
// look-up and no case test.
type matcher struct {
	ids   map[string]int
	names []string // by id
	// looks are the rules' needles compiled against this automaton (see ruleLookOf),
	// by rule.
	looks sync.Map
	class [256]uint8
	width uint32   // classes per state
	next  []uint32 // row of a state (state*width) + class → row of the next state, hasOut set when that state ends a needle
	// The needles that end in state s are outs[outAt[s]:outAt[s+1]], by id.
	outAt   []uint32
	outs    []uint32
	longest int // bytes in the longest needle
}

// hasOut marks a transition into a state that ends a needle.
const hasOut = 1 << 31

// scan reports which needles occur in texts, by id.
func (m *matcher) scan(found []bool, texts ...[]byte) {
	for _, text := range texts {
		if len(text) < minLanedText {
			m.walk(found, 0, text)
			continue
		}
		m.scanLanes(found, text)
	}
}

// minLanedText is the shortest text scanLanes reads: below it the overlap its lanes
// read twice costs more than their overlapping saves.
const minLanedText = 256

// scanLanes walks the automaton over the four quarters of text at once: each byte's
// step waits on the look-up of the byte before it, and four independent walks let the
// processor wait for them together (on the corpus, two walks scanned 0.76 GB/s and
// four 0.99). Each quarter's walk but the last goes on past its end by the longest needle
// but one byte, so that it sees every needle that starts in its quarter.
func (m *matcher) scanLanes(found []bool, text []byte) {
	next, class := m.next, &m.class
	q := len(text) / 4
	over := m.longest - 1
	a := text[:min(q+over, len(text))]
	b := text[q:min(2*q+over, len(text))]
	c := text[2*q : min(3*q+over, len(text))]
	d := text[3*q:]
	n := min(len(a), len(b), len(c), len(d))
	la, lb, lc, ld := a[:n:n], b[:n:n], c[:n:n], d[:n:n]
	var ra, rb, rc, rd uint32
	for i := range la {
		sa := next[ra+uint32(class[la[i]])]
		sb := next[rb+uint32(class[lb[i]])]
		sc := next[rc+uint32(class[lc[i]])]
		sd := next[rd+uint32(class[ld[i]])]
		ra, rb, rc, rd = sa&^hasOut, sb&^hasOut, sc&^hasOut, sd&^hasOut
		if (sa|sb|sc|sd)&hasOut != 0 {
			for j, s := range [4]uint32{sa, sb, sc, sd} {
				if s&hasOut != 0 {
					m.report(found, [4]uint32{ra, rb, rc, rd}[j])
				}
			}
		}
	}
	m.walk(found, ra, a[n:])
	m.walk(found, rb, b[n:])
	m.walk(found, rc, c[n:])
	m.walk(found, rd, d[n:])
}

// walk runs the automaton over text from row, one byte at a time.
func (m *matcher) walk(found []bool, row uint32, text []byte) {
	next, class := m.next, &m.class
	for _, b := range text {
		step := next[row+uint32(class[b])]
		row = step &^ hasOut
		if step&hasOut != 0 {
			m.report(found, row)
		}
	}
}

// report marks the needles that end in the state of row.
func (m *matcher) report(found []bool, row uint32) {
	state := row / m.width
	for _, id := range m.outs[m.outAt[state]:m.outAt[state+1]] {
		found[id] = true
	}
}

// registry is the automaton of every needle the registered rules declare (see
// Register), compiled at the first look after they are registered: a needle no rule
// declared is looked for directly, and never added to it.
var registry struct {
	sync.Mutex
	list     []string
	known    map[string]bool
	current  atomic.Pointer[matcher]
	compiled atomic.Int32 // how many times the automaton was built
}

// maxNeedleStates bounds the automaton, so that its rows (a state times its classes)
// fit below hasOut.
const maxNeedleStates = 1 << 15

// Register gives the prefilter's automaton the rules' declared needles and the names
// of their calls (see callNames). The rule registry calls it once, when it is built;
// after each call the next look compiles the automaton again.
func Register(rules ...*Rule) {
	registry.Lock()
	defer registry.Unlock()
	if registry.known == nil {
		registry.known = map[string]bool{}
	}
	add := func(ns []string) {
		for _, n := range ns {
			if n != "" && !registry.known[n] {
				registry.known[n] = true
				registry.list = append(registry.list, n)
			}
		}
	}
	add([]string{suppressionNeedle})
	for _, r := range rules {
		add(r.Needles.all())
		add(callNames(r))
	}
	size := 0
	for _, n := range registry.list {
		size += len(n)
	}
	if size >= maxNeedleStates {
		panic(fmt.Sprintf("the rules' needles need %d automaton states, more than %d", size, maxNeedleStates))
	}
	// Compiled on first use, not here: a run whose files all come from the cache
	// never looks for a needle, and the automaton is most of a process's start.
	registry.current.Store(nil)
}

// emptyMatcher knows no needle: every one is then looked for directly.
var emptyMatcher = compile(nil)

// currentMatcher is the automaton of the registered rules.
func currentMatcher() *matcher {
	if m := registry.current.Load(); m != nil {
		return m
	}
	registry.Lock()
	defer registry.Unlock()
	if m := registry.current.Load(); m != nil {
		return m
	}
	if len(registry.list) == 0 {
		return emptyMatcher
	}
	m := compile(append([]string(nil), registry.list...))
	registry.current.Store(m)
	registry.compiled.Add(1)
	return m
}

// RegisteredNeedles are the needles the automaton was compiled with.
func RegisteredNeedles() map[string]bool {
	m := currentMatcher()
	out := make(map[string]bool, len(m.ids))
	for n := range m.ids {
		out[n] = true
	}
	return out
}

// RuleNeedles are every needle the prefilter may look for on r's behalf: its declared
// needles and the names of its calls.
func RuleNeedles(r *Rule) []string { return append(r.Needles.all(), callNames(r)...) }
