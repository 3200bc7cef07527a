package syntax

// #include "arena.h"
import "C"

import (
	"sync/atomic"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// Trees and parsers hold C memory that only Close frees, and the garbage collector
// does not see it; so every tree and parser nodecoach makes is counted here, and
// tests check that a long session returns to where it started.
var (
	liveTrees   atomic.Int64 // made by Parse or Clone, not yet Closed
	liveParsers atomic.Int64 // made by getParser, not yet closed
)

// Counts is a snapshot of the live tree-sitter objects.
type Counts struct {
	// Trees returned by Parse and Clone and not yet passed to Close.
	Trees int64
	// Parsers created and not yet closed, idle ones included.
	Parsers int64
	// IdleParsers are kept for reuse (at most a few per grammar); Parsers minus
	// IdleParsers are parsing right now.
	IdleParsers int64
	// Arenas are parse arenas that a tree still holds (see arena.go).
	Arenas int64
	// IdleArenaBytes are the bytes of arena chunks no tree holds whose memory the
	// process keeps for the next parses (see ReleaseIdleArenas).
	IdleArenaBytes int64
}

// Live reports the tree-sitter trees and parsers alive right now.
func Live() Counts {
	idle := 0
	for _, ch := range idleParsers {
		idle += len(ch)
	}
	return Counts{Trees: liveTrees.Load(), Parsers: liveParsers.Load(), IdleParsers: int64(idle),
		Arenas: int64(C.nc_arena_live()), IdleArenaBytes: int64(C.nc_arena_idle_bytes())}
}

// Close frees a tree made by Parse or Clone. A nil tree is ignored.
func Close(tree *sitter.Tree) {
	if tree == nil {
		return
	}
	s := forget(tree)
	if s == nil || !s.inArena {
		tree.Close()
	}
	if s != nil {
		releaseArena(s.arena)
	}
	liveTrees.Add(-1)
}

// Clone returns a copy of tree (cheap: tree-sitter shares the nodes) that the caller
// must Close; nil for a nil tree.
func Clone(tree *sitter.Tree) *sitter.Tree {
	if tree == nil {
		return nil
	}
	c := tree.Clone()
	if s := stateOf(tree.RootNode()); s != nil {
		// The copy gets its own index when asked: the caller may edit it. It shares
		// the tree's nodes, so it holds their arena too.
		retainArena(s.arena)
		keep(&treeState{tables: s.tables, tree: c, size: s.size, arena: s.arena})
	}
	liveTrees.Add(1)
	return c
}
