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
// compared lower-cased), and every other byte is class 0. The table is then a tenth of
// a 256-column one and stays in the processor's cache, and reading a byte costs one
// look-up and no case test.
type matcher struct {
	ids   map[string]int
	class [256]uint8
	width uint32   // classes per state
	next  []uint32 // row of a state (state*width) + class → row of the next state, hasOut set when that state ends a needle
	out   [][]int  // needles that end in each state
}

// hasOut marks a transition into a state that ends a needle.
const hasOut = 1 << 31

// scan reports which needles occur in texts, by id.
func (m *matcher) scan(found []bool, texts ...[]byte) {
	next, class, width, out := m.next, &m.class, m.width, m.out
	for _, text := range texts {
		row := uint32(0)
		for _, b := range text {
			s := next[row+uint32(class[b])]
			row = s &^ hasOut
			if s&hasOut != 0 {
				for _, id := range out[row/width] {
					found[id] = true
				}
			}
		}
	}
}

// compile builds the automaton of needles (lower case, non-empty).
func compile(needles []string) *matcher {
	m := &matcher{ids: map[string]int{}, width: 1}
	for _, n := range needles {
		for i := 0; i < len(n); i++ {
			if m.class[n[i]] == 0 {
				m.class[n[i]] = uint8(m.width)
				m.width++
			}
		}
	}
	for b := 'A'; b <= 'Z'; b++ {
		m.class[b] = m.class[b-'A'+'a']
	}
	if m.width > 255 {
		panic("the needles use more than 254 distinct bytes")
	}
	w := int(m.width)
	m.next = make([]uint32, w)
	m.out = make([][]int, 1)
	// The trie: a transition of 0 means none yet (the root is never a child).
	for id, n := range needles {
		m.ids[n] = id
		state := 0
		for i := 0; i < len(n); i++ {
			c := int(m.class[n[i]])
			if m.next[state*w+c] == 0 {
				m.next = append(m.next, make([]uint32, w)...)
				m.out = append(m.out, nil)
				m.next[state*w+c] = uint32(len(m.out) - 1)
			}
			state = int(m.next[state*w+c])
		}
		m.out[state] = append(m.out[state], id)
	}
	// Breadth first, each state's missing transitions become those of its longest
	// proper suffix that is in the trie, and it also ends that suffix's needles.
	fail := make([]uint32, len(m.out))
	queue := []uint32{}
	for c := range w {
		if child := m.next[c]; child != 0 {
			queue = append(queue, child)
		}
	}
	for len(queue) > 0 {
		state := int(queue[0])
		queue = queue[1:]
		m.out[state] = append(m.out[state], m.out[fail[state]]...)
		for c := range w {
			child := m.next[state*w+c]
			if child == 0 {
				m.next[state*w+c] = m.next[int(fail[state])*w+c]
				continue
			}
			fail[child] = m.next[int(fail[state])*w+c]
			queue = append(queue, child)
		}
	}
	// Each transition gives the next state's row, so that reading a byte multiplies
	// nothing, and is marked when that state ends a needle, now that every state's
	// outputs are known.
	for i, to := range m.next {
		m.next[i] = to * m.width
		if len(m.out[to]) > 0 {
			m.next[i] |= hasOut
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
