package analysis

import (
	"bytes"
	"fmt"
	"slices"
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

// scanLanes walks the automaton over the two halves of text at once: each byte's
// step waits on the look-up of the byte before it, and two independent walks let
// the processor wait for both together. The first half's walk goes on past the
// middle by the longest needle but one byte, so that it sees every needle that starts
// before the second walk does.
func (m *matcher) scanLanes(found []bool, text []byte) {
	next, class := m.next, &m.class
	half := len(text) / 2
	a, b := text[:min(half+m.longest-1, len(text))], text[half:]
	n := min(len(a), len(b))
	bothA, bothB := a[:n:n], b[:n:n]
	rowA, rowB := uint32(0), uint32(0)
	for i := range bothA {
		stepA := next[rowA+uint32(class[bothA[i]])]
		stepB := next[rowB+uint32(class[bothB[i]])]
		rowA, rowB = stepA&^hasOut, stepB&^hasOut
		if (stepA|stepB)&hasOut != 0 {
			if stepA&hasOut != 0 {
				m.report(found, rowA)
			}
			if stepB&hasOut != 0 {
				m.report(found, rowB)
			}
		}
	}
	m.walk(found, rowA, a[n:])
	m.walk(found, rowB, b[n:])
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

// compile builds the automaton of needles (lower case, non-empty).
func compile(needles []string) *matcher {
	m := &matcher{ids: make(map[string]int, len(needles)), width: 1}
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
	for id, n := range needles {
		m.ids[n] = id
		m.longest = max(m.longest, len(n))
	}
	t := buildTrie(needles, &m.class)
	w := int(m.width)
	states := len(t.parent)
	// The table is sized once, from the trie, and filled level by level, breadth
	// first: each state's row starts as a copy of the row of its longest proper suffix
	// in the trie (its failure state, one level up or more, whose row is complete),
	// then gets its own children. A missing transition is so its failure state's.
	next := make([]uint32, states*w)
	fail := make([]uint32, states)
	for d := 1; d < len(t.levels); d++ {
		if d == 1 {
			for _, child := range t.levels[1] {
				next[t.cls[child]] = child
			}
		}
		for _, s := range t.levels[d] {
			f := uint32(0)
			if d > 1 {
				f = next[int(fail[t.parent[s]])*w+int(t.cls[s])]
			}
			fail[s] = f
			copy(next[int(s)*w:int(s+1)*w], next[int(f)*w:int(f+1)*w])
		}
		if d+1 < len(t.levels) {
			for _, child := range t.levels[d+1] {
				next[int(t.parent[child])*w+int(t.cls[child])] = child
			}
		}
	}
	m.outAt, m.outs = outputs(t, fail, len(needles))
	// Each transition gives the next state's row, so that reading a byte multiplies
	// nothing, and is marked when that state ends a needle, now that every state's
	// outputs are known.
	for i, to := range next {
		next[i] = to * m.width
		if m.outAt[to] != m.outAt[to+1] {
			next[i] |= hasOut
		}
	}
	m.next = next
	return m
}

// trie is the needles' trie, its states numbered from the root, 0.
type trie struct {
	parent []uint32 // of each state
	cls    []uint8  // the class of the byte that leads to each state from its parent
	end    []uint32 // the state each needle ends in, by id
	levels [][]uint32
}

// buildTrie numbers the trie's states without looking any up: in the needles' order
// by their classes, each needle shares with the one before it exactly the states of
// their common prefix.
func buildTrie(needles []string, class *[256]uint8) trie {
	size := 1 // states at most: the root and a state per byte of every needle
	for _, n := range needles {
		size += len(n)
	}
	// Each needle's classes, in one buffer.
	keys, buf := make([][]byte, len(needles)), make([]byte, 0, size)
	order := make([]int, len(needles))
	for id, n := range needles {
		for i := 0; i < len(n); i++ {
			buf = append(buf, class[n[i]])
		}
		keys[id], order[id] = buf[len(buf)-len(n):], id
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(keys[a], keys[b]) })
	t := trie{parent: make([]uint32, 1, size), cls: make([]uint8, 1, size), end: make([]uint32, len(needles))}
	path := []uint32{0} // the states of the previous needle, the root first
	var prev []byte
	for _, id := range order {
		key := keys[id]
		common := 0
		for common < len(key) && common < len(prev) && key[common] == prev[common] {
			common++
		}
		path = path[:common+1]
		for d := common; d < len(key); d++ {
			path = append(path, uint32(len(t.parent)))
			t.parent = append(t.parent, path[d])
			t.cls = append(t.cls, key[d])
		}
		t.end[id] = path[len(key)]
		prev = key
	}
	// The levels by depth: a state's depth is its parent's plus one, and parents are
	// numbered before their children.
	depth := make([]uint16, len(t.parent)) // a needle is shorter than maxNeedleStates
	counts := []int{1}
	for s := 1; s < len(t.parent); s++ {
		depth[s] = depth[t.parent[s]] + 1
		if int(depth[s]) == len(counts) {
			counts = append(counts, 0)
		}
		counts[depth[s]]++
	}
	all := make([]uint32, len(t.parent))
	t.levels = make([][]uint32, len(counts))
	at := 0
	for d, c := range counts {
		t.levels[d] = all[at : at : at+c]
		at += c
	}
	for s := range t.parent {
		t.levels[depth[s]] = append(t.levels[depth[s]], uint32(s))
	}
	return t
}

// outputs lists, by state, the needles that end there: its own, then its failure
// state's, in one slice with offsets.
func outputs(t trie, fail []uint32, needles int) (outAt, outs []uint32) {
	states := len(t.parent)
	own := make([]uint32, states+1)
	for _, s := range t.end {
		own[s+1]++
	}
	count := make([]uint32, states)
	for _, level := range t.levels[1:] {
		for _, s := range level {
			count[s] = own[s+1] + count[fail[s]]
		}
	}
	for s := range states {
		own[s+1] += own[s]
	}
	ownIDs := make([]uint32, needles)
	fill := slices.Clone(own[:states])
	for id, s := range t.end {
		ownIDs[fill[s]] = uint32(id)
		fill[s]++
	}
	outAt = make([]uint32, states+1)
	for s := range states {
		outAt[s+1] = outAt[s] + count[s]
	}
	outs = make([]uint32, outAt[states])
	for _, level := range t.levels[1:] {
		for _, s := range level {
			n := copy(outs[outAt[s]:], ownIDs[own[s]:own[s+1]])
			f := fail[s]
			copy(outs[outAt[s]+uint32(n):outAt[s+1]], outs[outAt[f]:outAt[f+1]])
		}
	}
	return outAt, outs
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
