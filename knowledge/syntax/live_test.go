package syntax

import (
	"context"
	"sync"
	"testing"
)

func TestLiveCountsTreesAndParsers(t *testing.T) {
	before := Live()
	src := []byte("const fs = require('fs');\nfs.readFileSync('a');\n")
	tree, err := Parse(context.Background(), JavaScript, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	clone := Clone(tree)
	if got := Live().Trees - before.Trees; got != 2 {
		t.Errorf("a parsed tree and its clone: %d live trees more, want 2", got)
	}
	Close(clone)
	Close(tree)
	Close(nil) // ignored
	if Clone(nil) != nil {
		t.Error("Clone(nil) must be nil")
	}

	// Parse on every core at once: more parsers than are kept idle get made, and the
	// extra ones are closed when they come back.
	var wg sync.WaitGroup
	for range 4 * maxIdleParsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, lang := range []Language{JavaScript, TypeScript, TSX} {
				tree, err := Parse(context.Background(), lang, src, nil)
				if err != nil {
					t.Error(err)
					return
				}
				Close(tree)
			}
		}()
	}
	wg.Wait()
	after := Live()
	if after.Trees != before.Trees {
		t.Errorf("live trees %d after closing them all, want %d", after.Trees, before.Trees)
	}
	if after.Parsers != after.IdleParsers {
		t.Errorf("%d parsers alive but only %d idle: some were never returned", after.Parsers, after.IdleParsers)
	}
	if max := int64(3 * maxIdleParsers); after.IdleParsers > max {
		t.Errorf("%d idle parsers kept, want at most %d", after.IdleParsers, max)
	}
}

func TestCancelledParseLeaksNothing(t *testing.T) {
	before := Live()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if tree, err := Parse(ctx, JavaScript, []byte("let a = [1, 2, 3];"), nil); err == nil {
		Close(tree) // a tiny file may finish before the first progress check
	}
	if after := Live(); after.Trees != before.Trees || after.Parsers != after.IdleParsers {
		t.Errorf("after a cancelled parse: %+v, before %+v", after, before)
	}
}

// A NUL byte inside a string literal is legal JavaScript, but the grammars' lexers
// take it for the end of the input; Parse hides it from them.
func TestNULInStringParses(t *testing.T) {
	src := []byte("app.get('/', (req, res) => {\n  const s = '\x00é😀'; res.send(s);\n});\n")
	orig := string(src)
	tree, err := Parse(context.Background(), JavaScript, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(tree)
	if tree.RootNode().HasError() {
		t.Errorf("a NUL in a string literal made a syntax error: %s", tree.RootNode().ToSexp())
	}
	if string(src) != orig {
		t.Error("Parse must not modify the text")
	}
}
