// Parse arenas (see arena.go). An arena is a list of chunks carved from one address
// range reserved at start, so that whether a pointer is arena memory is one
// comparison. Chunks are powers of two from NC_SLOT up; a freed chunk goes on its
// size's free list and is reused as it is, its pages already in memory.

#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ts_set_allocator(void *(*new_malloc)(size_t), void *(*new_calloc)(size_t, size_t), void *(*new_realloc)(void *, size_t), void (*new_free)(void *));

// The allocations made outside arenas are malloc's, failing as tree-sitter's own
// allocator does: a message and an abort, never a NULL it would not check.
static void *nc_or_abort(void *p, size_t n) {
	if (p == NULL && n > 0) {
		fprintf(stderr, "tree-sitter failed to allocate %zu bytes\n", n);
		abort();
	}
	return p;
}

#if defined(__linux__)

#include <pthread.h>
#include <sys/mman.h>

#define NC_SLOT_SHIFT 15                   // the smallest chunk, 32 KB
#define NC_SLOT ((size_t)1 << NC_SLOT_SHIFT)
#define NC_REGION ((size_t)8 << 30)         // address space only: nothing is mapped
#define NC_SLOTS (NC_REGION >> NC_SLOT_SHIFT)
#define NC_CLASSES 19                      // 32 KB << 18 = 8 GB
#define NC_GROWN_CLASS 5                   // an arena's chunks double up to 1 MB
#define NC_HOT_LIMIT ((size_t)16 << 20)    // free chunks kept in memory, at most

struct nc_arena {
	uint32_t *chunks; // the start slots of its chunks
	size_t count, cap;
	char *cur, *end;  // what is left of its newest chunk
	int next_class;
	long refs;
};

static char *region;
static size_t region_top; // the bytes of the region carved so far
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
// For the slot at the start of a chunk, its class; for every slot of a chunk, the
// chunk's first slot. Only the entries of carved chunks are ever touched.
static uint8_t class_of[NC_SLOTS];
static uint32_t chunk_of[NC_SLOTS];
// Free chunks by class, linked by start slot + 1 (0 ends a list); cold ones have had
// their pages given back.
static uint32_t free_head[NC_CLASSES];
static uint32_t free_next[NC_SLOTS];
static uint8_t cold[NC_SLOTS];
static size_t hot_free;
static long live;
static __thread nc_arena *current;

// in_region: the whole range is reserved for arenas, so no other memory lies in it.
static inline bool in_region(const void *p) {
	return region != NULL && (const char *)p >= region && (const char *)p < region + NC_REGION;
}

static inline size_t class_size(int cls) { return NC_SLOT << cls; }

// slot_addr is where slot s begins.
static inline char *slot_addr(uint32_t s) { return region + ((size_t)s << NC_SLOT_SHIFT); }

// cool gives the system back the pages of the free chunk at s, of size bytes, which
// reads as zeros when it is used again (the lock held).
static void cool(uint32_t s, size_t size) {
	madvise(slot_addr(s), size, MADV_DONTNEED);
	cold[s] = 1;
}

// chunk_get is a chunk of class cls, its start slot in *slot; false when the region
// is spent or the system refuses the memory.
static bool chunk_get(int cls, uint32_t *slot) {
	size_t size = class_size(cls);
	pthread_mutex_lock(&mu);
	if (free_head[cls]) {
		uint32_t s = free_head[cls] - 1;
		free_head[cls] = free_next[s];
		if (!cold[s]) hot_free -= size;
		cold[s] = 0;
		pthread_mutex_unlock(&mu);
		*slot = s;
		return true;
	}
	if (region_top + size > NC_REGION || mprotect(region + region_top, size, PROT_READ | PROT_WRITE) != 0) {
		pthread_mutex_unlock(&mu);
		return false;
	}
	uint32_t s = (uint32_t)(region_top >> NC_SLOT_SHIFT);
	for (size_t i = 0; i < (size >> NC_SLOT_SHIFT); i++) chunk_of[s + i] = s;
	class_of[s] = (uint8_t)cls;
	region_top += size;
	pthread_mutex_unlock(&mu);
	*slot = s;
	return true;
}

// chunk_put frees a chunk; past NC_HOT_LIMIT of free chunks, its pages go back to
// the system.
static void chunk_put(uint32_t s) {
	size_t size = class_size(class_of[s]);
	pthread_mutex_lock(&mu);
	if (hot_free + size > NC_HOT_LIMIT) {
		cool(s, size);
	} else {
		hot_free += size;
	}
	free_next[s] = free_head[class_of[s]];
	free_head[class_of[s]] = s + 1;
	pthread_mutex_unlock(&mu);
}

void nc_arena_release_idle(void) {
	pthread_mutex_lock(&mu);
	for (int cls = 0; cls < NC_CLASSES; cls++) {
		for (uint32_t at = free_head[cls]; at; at = free_next[at - 1]) {
			uint32_t s = at - 1;
			if (!cold[s]) cool(s, class_size(cls));
		}
	}
	hot_free = 0;
	pthread_mutex_unlock(&mu);
}

// bump takes n bytes from a, adding a chunk when its newest is too full. NULL only
// when no chunk can be had (see nc_malloc).
static void *bump(nc_arena *a, size_t n) {
	n = (n + 15) & ~(size_t)15;
	if ((size_t)(a->end - a->cur) < n) {
		int cls = a->next_class;
		while (class_size(cls) < n && cls < NC_CLASSES - 1) cls++;
		if (class_size(cls) < n) return NULL;
		if (a->count == a->cap) {
			size_t cap = a->cap ? a->cap * 2 : 8;
			uint32_t *grown = realloc(a->chunks, cap * sizeof *grown);
			if (!grown) return NULL;
			a->chunks = grown;
			a->cap = cap;
		}
		uint32_t s;
		if (!chunk_get(cls, &s)) return NULL;
		a->chunks[a->count++] = s;
		a->cur = slot_addr(s);
		a->end = a->cur + class_size(cls);
		if (a->next_class < NC_GROWN_CLASS) a->next_class++;
	}
	void *p = a->cur;
	a->cur += n;
	return p;
}

// Allocations fall back to malloc when an arena can have no more chunks: the region
// is 8 GB of live trees, or the system refuses memory, so the process is out of
// memory either way. Such a block stays with the tree and is not reclaimed with the
// arena.
static void *nc_malloc(size_t n) {
	if (current) {
		void *p = bump(current, n);
		if (p) return p;
	}
	return nc_or_abort(malloc(n), n);
}

static void *nc_calloc(size_t k, size_t n) {
	if (current && (n == 0 || k <= SIZE_MAX / n)) {
		void *p = bump(current, k * n);
		if (p) {
			memset(p, 0, k * n); // a reused chunk holds an earlier tree's bytes
			return p;
		}
	}
	return nc_or_abort(calloc(k, n), k * n);
}

// nc_free frees malloc's blocks only: an arena's memory goes back with the arena.
static void nc_free(void *p) {
	if (p != NULL && !in_region(p)) free(p);
}

// nc_realloc moves an arena block without knowing its size: it copies what the new
// size asks, as far as the block's chunk goes (bytes past the old block are ones
// realloc leaves undefined anyway). A block of malloc's stays malloc's: in an arena
// parse every block is the arena's (its parser is made in it), but for the fallback
// of nc_malloc.
static void *nc_realloc(void *p, size_t n) {
	if (p == NULL) return nc_malloc(n);
	if (!in_region(p)) return nc_or_abort(realloc(p, n), n);
	uint32_t s = chunk_of[(size_t)((char *)p - region) >> NC_SLOT_SHIFT];
	char *end = slot_addr(s) + class_size(class_of[s]);
	size_t avail = (size_t)(end - (char *)p);
	void *q = nc_malloc(n);
	memcpy(q, p, n < avail ? n : avail);
	return q;
}

void nc_arena_install(void) {
	void *p = mmap(NULL, NC_REGION, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p != MAP_FAILED) region = p;
	ts_set_allocator(nc_malloc, nc_calloc, nc_realloc, nc_free);
}

bool nc_arenas_available(void) { return region != NULL; }

nc_arena *nc_arena_new(void) {
	nc_arena *a = nc_or_abort(calloc(1, sizeof *a), sizeof *a);
	a->refs = 1;
	__atomic_add_fetch(&live, 1, __ATOMIC_RELAXED);
	return a;
}

void nc_arena_retain(nc_arena *a) { __atomic_add_fetch(&a->refs, 1, __ATOMIC_RELAXED); }

void nc_arena_release(nc_arena *a) {
	if (__atomic_sub_fetch(&a->refs, 1, __ATOMIC_ACQ_REL) != 0) return;
	for (size_t i = 0; i < a->count; i++) chunk_put(a->chunks[i]);
	free(a->chunks);
	free(a);
	__atomic_sub_fetch(&live, 1, __ATOMIC_RELAXED);
}

void nc_arena_enter(nc_arena *a) { current = a; }
void nc_arena_leave(void) { current = NULL; }
long nc_arena_live(void) { return __atomic_load_n(&live, __ATOMIC_RELAXED); }

size_t nc_arena_idle_bytes(void) {
	pthread_mutex_lock(&mu);
	size_t n = hot_free;
	pthread_mutex_unlock(&mu);
	return n;
}

#else

// Elsewhere tree-sitter allocates from malloc, as its own allocator does, and no
// arena is ever made.
static void *nc_malloc(size_t n) { return nc_or_abort(malloc(n), n); }
static void *nc_calloc(size_t k, size_t n) { return nc_or_abort(calloc(k, n), k * n); }
static void *nc_realloc(void *p, size_t n) { return nc_or_abort(realloc(p, n), n); }

void nc_arena_install(void) { ts_set_allocator(nc_malloc, nc_calloc, nc_realloc, free); }
bool nc_arenas_available(void) { return false; }
nc_arena *nc_arena_new(void) { abort(); }
void nc_arena_retain(nc_arena *a) {}
void nc_arena_release(nc_arena *a) {}
void nc_arena_enter(nc_arena *a) {}
void nc_arena_leave(void) {}
void nc_arena_release_idle(void) {}
long nc_arena_live(void) { return 0; }
size_t nc_arena_idle_bytes(void) { return 0; }

#endif
