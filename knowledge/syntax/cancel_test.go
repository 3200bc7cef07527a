package syntax

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

// cancelAtTick is a context whose Err turns non-nil at the n-th time it is asked, which
// Parse does once per progress report: a test can stop a parse at any tick, the ones
// during tree balancing (the last of a parse) included.
type cancelAtTick struct {
	context.Context
	n, asked atomic.Int64
}

func newCancelAtTick(n int64) *cancelAtTick {
	c := &cancelAtTick{Context: context.Background()}
	c.n.Store(n)
	return c
}

func (c *cancelAtTick) Done() <-chan struct{} { return make(chan struct{}) }

func (c *cancelAtTick) Err() error {
	if c.asked.Add(1) >= c.n.Load() {
		return context.Canceled
	}
	return nil
}

// balancedSource is large enough that tree-sitter reports progress many times while it
// balances the finished tree (long statement lists and argument lists are balanced).
func balancedSource(statements int) []byte {
	var b strings.Builder
	b.WriteString("const express = require('express');\nconst app = express();\n")
	for i := range statements {
		fmt.Fprintf(&b, "app.get('/r%d', async (req, res) => { const v = await load(%d, [1, 2, 3]); res.json({ v, i: %d }); });\n", i, i, i)
	}
	return []byte(b.String())
}

// A parse cancelled at any tick, during tree balancing included, must leave no parser
// behind that aborts the process on its next parse (tree-sitter 0.25.0 keeps a
// "balancing was cancelled" flag that a reset does not clear). Every idle parser is
// used again after each cancellation, so a poisoned one would be reached.
func TestParseCancelledAtEveryTickLeavesNoPoisonedParser(t *testing.T) {
	for _, lang := range []Language{JavaScript, TypeScript} {
		src := balancedSource(100)
		count := newCancelAtTick(1 << 62)
		tree, err := Parse(count, lang, src, nil)
		if err != nil {
			t.Fatal(err)
		}
		Close(tree)
		ticks := count.asked.Load()
		if ticks < 20 {
			t.Fatalf("%s: only %d progress reports for %d bytes: the test would not reach balancing", lang, ticks, len(src))
		}
		cancelled := 0
		for n := int64(1); n <= ticks; n++ {
			tree, err := Parse(newCancelAtTick(n), lang, src, nil)
			switch {
			case err == nil:
				Close(tree)
			case errors.Is(err, context.Canceled):
				cancelled++
			default:
				t.Fatalf("%s: tick %d: %v", lang, n, err)
			}
			useEveryIdleParser(t, lang)
		}
		if cancelled == 0 {
			t.Errorf("%s: no parse was cancelled in %d ticks", lang, ticks)
		}
		t.Logf("%s: %d bytes, cancelled at each of %d progress ticks (%d parses stopped)", lang, len(src), ticks, cancelled)
	}
	if c := Live(); c.Parsers != c.IdleParsers {
		t.Errorf("after the cancellations: %+v, want every parser idle", c)
	}
}

// useEveryIdleParser parses once with each idle parser of lang (the pool is first in,
// first out, so as many parses as there are idle parsers, plus one, reach them all).
func useEveryIdleParser(t *testing.T, lang Language) {
	t.Helper()
	for range len(idleParsers[lang]) + 1 {
		tree, err := Parse(context.Background(), lang, []byte("app.get('/', (req, res) => res.end());"), nil)
		if err != nil {
			t.Fatal(err)
		}
		Close(tree)
	}
}
