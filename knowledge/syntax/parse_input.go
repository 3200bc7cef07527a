package syntax

/*
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

// tree-sitter's input and parse-option structs, as tree_sitter/api.h declares them
// (part of its stable C API); the parser and trees stay opaque.
typedef struct { uint32_t row; uint32_t column; } nc_point;
typedef struct {
	void *payload;
	const char *(*read)(void *payload, uint32_t byte_index, nc_point position, uint32_t *bytes_read);
	int encoding; // TSInputEncodingUTF8 is 0
	void *decode;
} nc_input;
typedef struct { void *payload; uint32_t current_byte_offset; bool has_error; } nc_parse_state;
typedef struct { void *payload; bool (*progress_callback)(nc_parse_state *state); } nc_parse_options;

void *ts_parser_parse_with_options(void *parser, const void *old_tree, nc_input input, nc_parse_options options);
void *ts_parser_new(void);
void ts_parser_delete(void *parser);
bool ts_parser_set_language(void *parser, const void *language);

// ncParseStopped is Go's answer to a progress report (parse_progress.go).
extern bool ncParseStopped(uintptr_t ctx);

typedef struct { const char *text; uint32_t len; } nc_text;

// nc_read hands the lexer the rest of the text where it asks: the text stays where
// the caller holds it for the whole call, so nothing is copied.
static const char *nc_read(void *payload, uint32_t at, nc_point position, uint32_t *bytes_read) {
	const nc_text *t = payload;
	if (at >= t->len) {
		*bytes_read = 0;
		return "";
	}
	*bytes_read = t->len - at;
	return t->text + at;
}

static bool nc_progress(nc_parse_state *state) {
	return ncParseStopped((uintptr_t)state->payload);
}

// nc_parse parses text[0:len] in UTF-8; ctx, when not 0, is asked at every progress
// report whether to stop (a NULL tree then).
static void *nc_parse(void *parser, void *old_tree, const char *text, uint32_t len, uintptr_t ctx) {
	nc_text t = {text, len};
	nc_input in = {&t, nc_read, 0, NULL};
	nc_parse_options opts = {NULL, NULL};
	if (ctx) {
		opts.payload = (void *)ctx;
		opts.progress_callback = nc_progress;
	}
	return ts_parser_parse_with_options(parser, old_tree, in, opts);
}

// nc_parse_in_arena parses text[0:len] as nc_parse does, with a parser made for this
// parse and deleted before it returns, every allocation of both in a.
static void *nc_parse_in_arena(nc_arena *a, const void *language, const char *text, uint32_t len, uintptr_t ctx) {
	nc_arena_enter(a);
	void *parser = ts_parser_new();
	void *tree = NULL;
	if (ts_parser_set_language(parser, language)) {
		tree = nc_parse(parser, NULL, text, len, ctx);
	}
	ts_parser_delete(parser);
	nc_arena_leave();
	return tree;
}
*/
import "C"

import (
	"context"
	"runtime"
	"runtime/cgo"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// parseText is p.ParseWithOptions over the whole of text, nil when ctx stopped it.
// The binding's read callback is a call from C into Go that copies each chunk it
// returns twice (into a Go string, then into C memory, kept until the parse ends);
// here the lexer reads the caller's bytes in place, which cgo allows for the length
// of the call, and a file costs no copy and no callback for its text. The parser
// keeps the last chunk's address after the call, as it kept the binding's freed copy,
// but never reads it again: the next parse's input replaces it first, and a stopped
// parse's parser is closed (see Parse).
func parseText(ctx context.Context, p *sitter.Parser, text []byte, old *sitter.Tree) *sitter.Tree {
	h, done := progressHandle(ctx)
	defer done()
	var oldInner unsafe.Pointer
	if old != nil {
		oldInner = innerOf(unsafe.Pointer(old))
	}
	inner := C.nc_parse(innerOf(unsafe.Pointer(p)), oldInner, textStart(text), C.uint32_t(len(text)), C.uintptr_t(h))
	runtime.KeepAlive(text)
	if inner == nil {
		return nil
	}
	return wrapTree(inner)
}

// parseInArena parses text as parseText does, in a new arena that holds every
// allocation of the parse (see arena.go), with a parser made for it: a parser kept
// for reuse would keep arena memory in its pools after the arena is gone. The tree
// is nil when the parse was stopped, and its arena is then released.
func parseInArena(ctx context.Context, lang Language, text []byte) (*sitter.Tree, arena) {
	h, done := progressHandle(ctx)
	defer done()
	a := C.nc_arena_new()
	inner := C.nc_parse_in_arena(a, unsafe.Pointer(lang.Grammar().Inner), textStart(text), C.uint32_t(len(text)), C.uintptr_t(h))
	runtime.KeepAlive(text)
	if inner == nil {
		releaseArena(a)
		return nil, nil
	}
	return wrapTree(inner), a
}

// progressHandle is what nc_parse asks at its progress reports: 0 for a ctx that can
// never end, since each report is a call from C back into Go; done frees it.
func progressHandle(ctx context.Context) (h uintptr, done func()) {
	if ctx.Done() == nil {
		return 0, func() {}
	}
	handle := cgo.NewHandle(ctx)
	return uintptr(handle), handle.Delete
}

// textStart is text's first byte for C, nil for an empty text.
func textStart(text []byte) *C.char {
	if len(text) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(&text[0]))
}

// wrapTree is the binding's Tree around a C tree.
func wrapTree(inner unsafe.Pointer) *sitter.Tree {
	tree := new(sitter.Tree)
	*(*unsafe.Pointer)(unsafe.Pointer(tree)) = inner
	return tree
}

// innerOf is the C object a binding's Parser or Tree wraps: each is a struct holding
// that one pointer (checked below).
func innerOf(wrapper unsafe.Pointer) unsafe.Pointer { return *(*unsafe.Pointer)(wrapper) }

// sitter.Parser and sitter.Tree hold only their C pointer, which parseText relies on;
// this fails to compile if the binding's layout ever changes size.
var (
	_ = [1]struct{}{}[unsafe.Sizeof(sitter.Parser{})-unsafe.Sizeof(unsafe.Pointer(nil))]
	_ = [1]struct{}{}[unsafe.Sizeof(sitter.Tree{})-unsafe.Sizeof(unsafe.Pointer(nil))]
)
