package analysis

import (
	"bytes"
	"slices"
)

// compile builds the automaton of needles (lower case, non-empty).
func compile(needles []string) *matcher {
	m := &matcher{ids: make(map[string]int, len(needles)), names: needles, width: 1}
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
	// first. A level's edges go into the rows of the level above, complete by then;
	// each of its states' rows starts as a copy of the row of its longest proper
	// suffix in the trie (its failure state, a level up or more), then gets its own
	// edges with the next level: a transition the trie lacks is its failure state's.
	next := make([]uint32, states*w)
	fail := make([]uint32, states)
	for d := 1; d < len(t.levels); d++ {
		for _, s := range t.levels[d] {
			next[int(t.parent[s])*w+int(t.cls[s])] = s
		}
		for _, s := range t.levels[d] {
			f := uint32(0) // a first byte's only proper suffix is empty
			if d > 1 {
				f = next[int(fail[t.parent[s]])*w+int(t.cls[s])]
			}
			fail[s] = f
			copy(next[int(s)*w:int(s+1)*w], next[int(f)*w:int(f+1)*w])
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
