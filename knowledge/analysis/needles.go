package analysis

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// matcher finds every needle the rules have asked about in one pass over a text:
// an Aho-Corasick automaton, compiled into a table of transitions, that folds ASCII
// letters to lower case as it reads. Asking each rule's needles with bytes.Contains
// read every file some sixty times.
type matcher struct {
	ids  map[string]int
	next [][256]uint16 // state × byte → state
	out  [][]int       // needles that end in each state
}

// scan reports which needles occur in texts, by id.
func (m *matcher) scan(found []bool, texts ...[]byte) {
	for _, text := range texts {
		state := uint16(0)
		for _, b := range text {
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			state = m.next[state][b]
			for _, id := range m.out[state] {
				found[id] = true
			}
		}
	}
}

// compile builds the automaton of needles (lower case, non-empty).
func compile(needles []string) *matcher {
	m := &matcher{ids: map[string]int{}, next: make([][256]uint16, 1), out: make([][]int, 1)}
	// The trie: a transition of 0 means none yet (the root is never a child).
	for id, n := range needles {
		m.ids[n] = id
		state := uint16(0)
		for i := 0; i < len(n); i++ {
			if m.next[state][n[i]] == 0 {
				m.next = append(m.next, [256]uint16{})
				m.out = append(m.out, nil)
				m.next[state][n[i]] = uint16(len(m.next) - 1)
			}
			state = m.next[state][n[i]]
		}
		m.out[state] = append(m.out[state], id)
	}
	// Breadth first, each state's missing transitions become those of its longest
	// proper suffix that is in the trie, and it also ends that suffix's needles.
	fail := make([]uint16, len(m.next))
	queue := []uint16{}
	for b := range 256 {
		if child := m.next[0][b]; child != 0 {
			queue = append(queue, child)
		}
	}
	for len(queue) > 0 {
		state := queue[0]
		queue = queue[1:]
		m.out[state] = append(m.out[state], m.out[fail[state]]...)
		for b := range 256 {
			child := m.next[state][b]
			if child == 0 {
				m.next[state][b] = m.next[fail[state]][b]
				continue
			}
			fail[child] = m.next[fail[state]][b]
			queue = append(queue, child)
		}
	}
	return m
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

// maxNeedleStates bounds the automaton (its states are 16-bit numbers).
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
