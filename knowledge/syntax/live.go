package syntax

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
}

// Live reports the tree-sitter trees and parsers alive right now.
func Live() Counts {
	idle := 0
	for _, ch := range idleParsers {
		idle += len(ch)
	}
	return Counts{Trees: liveTrees.Load(), Parsers: liveParsers.Load(), IdleParsers: int64(idle)}
}

// Close frees a tree made by Parse or Clone. A nil tree is ignored.
func Close(tree *sitter.Tree) {
	if tree == nil {
		return
	}
	forget(tree)
	tree.Close()
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
		// The copy gets its own index when asked: the caller may edit it.
		keep(&treeState{tables: s.tables, tree: c, size: s.size})
	}
	liveTrees.Add(1)
	return c
}
