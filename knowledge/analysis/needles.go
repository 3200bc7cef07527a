package analysis

import (
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

// needles is every needle asked so far, and the automaton of them. A needle is
// learned the first time a rule asks for it, so the automaton needs no list kept
// beside the rules; it is compiled again when the next file is looked at.
var needles struct {
	sync.Mutex
	list    []string
	known   map[string]bool
	current atomic.Pointer[matcher]
	stale   atomic.Bool
}

// maxNeedleStates bounds the automaton (its states are 16-bit numbers); needles past
// it are looked for one by one.
const maxNeedleStates = 1 << 15

// Needles tells the prefilter the needles (lower case) a rule's MayApply asks for, so
// that the automaton has them from the first file on; a needle it was not told of is
// learned when first asked.
func Needles(ns ...string) {
	needles.Lock()
	defer needles.Unlock()
	if needles.known == nil {
		needles.known = map[string]bool{}
	}
	for _, n := range ns {
		if n != "" && !needles.known[n] {
			needles.known[n] = true
			needles.list = append(needles.list, n)
			needles.stale.Store(true)
		}
	}
}

// currentMatcher is the automaton of every needle learned so far.
func currentMatcher() *matcher {
	if needles.stale.Load() {
		needles.Lock()
		if needles.stale.Load() {
			size := 0
			for _, n := range needles.list {
				size += len(n)
			}
			if size < maxNeedleStates {
				needles.current.Store(compile(append([]string(nil), needles.list...)))
			}
			needles.stale.Store(false)
		}
		needles.Unlock()
	}
	if m := needles.current.Load(); m != nil {
		return m
	}
	return compile(nil)
}
