package syntax

/*
#include "arena.h"
*/
import "C"

import (
	"context"
	"sync/atomic"
)

// Tree-sitter allocates every node of a tree with its own malloc call, and frees a tree
// by walking it and freeing each node. For a check, which parses a file, reads its tree
// and closes it, that bookkeeping was a tenth of the CPU of the big benchmark tree:
// malloc and free 4.5 %, the walk that frees 3.3 %, and the page faults of a heap
// that grows and shrinks with each tree. A parse in an arena takes its memory from
// chunks in one bump, and its tree is freed by handing the chunks back whole for the
// next parse, whose pages are then already in memory.
//
// The arena holds a parse's garbage too (about thirteen bytes per byte of source in
// all, against a tree alone of about half that), so only trees that live briefly are
// parsed in one: a caller asks with WithArenas, and a tree that an incremental parse
// starts from (an editor's document) is never one. A tree made from an arena tree
// holds its arena as well: Clone's copy, and a tree parsed with one as the old tree,
// which shares its unchanged nodes. The arena goes back when the last of them is
// closed.
//
// The allocator is installed for every tree-sitter allocation of the process (the Go
// binding's own calls back from C into Go for each one, twice the cgo crossing for
// nothing; outside an arena this one calls malloc directly, as tree-sitter's own
// does). Package initialisation runs after the binding's, so its setting is replaced.
func init() {
	C.nc_arena_install()
}

// arenasKey marks a context whose parses may use arenas.
type arenasKey struct{}

// WithArenas is ctx with its parses of new trees (no old tree) done in arenas: for a
// caller that closes each tree soon after reading it, such as a check's walk.
func WithArenas(ctx context.Context) context.Context {
	return context.WithValue(ctx, arenasKey{}, true)
}

// ArenasAvailable reports whether this system parses in arenas when asked.
func ArenasAvailable() bool { return bool(C.nc_arenas_available()) }

// arenaParses counts the trees parsed in arenas since the process began.
var arenaParses atomic.Int64

// ArenaParses is the number of trees parsed in arenas so far, for tests.
func ArenaParses() int64 { return arenaParses.Load() }

// arenasAsked reports whether ctx's parses may use arenas, and this system has them.
func arenasAsked(ctx context.Context) bool {
	return ctx.Value(arenasKey{}) != nil && ArenasAvailable()
}

// arena is a C nc_arena; nil for none.
type arena = *C.nc_arena

func retainArena(a arena) {
	if a != nil {
		C.nc_arena_retain(a)
	}
}

func releaseArena(a arena) {
	if a != nil {
		C.nc_arena_release(a)
	}
}

// ReleaseIdleArenas gives the system back the memory of the arena chunks that no tree
// holds, which a process otherwise keeps for its next parses: for a long-lived process
// once a walk that parsed in arenas is over.
func ReleaseIdleArenas() { C.nc_arena_release_idle() }
