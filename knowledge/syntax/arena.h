// Parse arenas: see arena.go for why they exist and who may use them.
#ifndef NC_ARENA_H
#define NC_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct nc_arena nc_arena;

// nc_arena_install makes tree-sitter allocate through this file's functions: from the
// calling thread's arena while it has one, from malloc otherwise. It reserves the
// address range arenas are carved from; nc_arenas_available is false when that failed
// (or on a system without arenas), and nc_arena_new must then not be called.
void nc_arena_install(void);
bool nc_arenas_available(void);

// nc_arena_new is an arena with one reference; nc_arena_retain adds one, and
// nc_arena_release drops one and gives the arena's memory back with the last.
nc_arena *nc_arena_new(void);
void nc_arena_retain(nc_arena *a);
void nc_arena_release(nc_arena *a);

// nc_arena_enter makes tree-sitter's allocations on this thread come from a, until
// nc_arena_leave; both within one call from Go, which keeps one thread throughout.
void nc_arena_enter(nc_arena *a);
void nc_arena_leave(void);

// nc_arena_release_idle gives the system back the memory of the chunks no arena holds.
void nc_arena_release_idle(void);

// nc_arena_live is the number of arenas not yet released; nc_arena_idle_bytes the
// bytes of the free chunks whose pages are still in memory.
long nc_arena_live(void);
size_t nc_arena_idle_bytes(void);

#endif
