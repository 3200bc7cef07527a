package syntax

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// arenaSources are texts of every grammar, from a few bytes to one whose parse needs
// chunks of every size and moves large arrays between them.
func arenaSources() map[string]struct {
	lang Language
	src  []byte
} {
	var big strings.Builder
	for i := range 4000 {
		fmt.Fprintf(&big, "app.get('/r%d', async (req, res) => { const v%d = await db.find({ id: req.params.id }); res.json([v%d, `t${%d}`]); });\n", i, i, i, i)
	}
	return map[string]struct {
		lang Language
		src  []byte
	}{
		"empty":    {JavaScript, nil},
		"small js": {JavaScript, []byte("const fs = require('fs');\nfs.readFileSync('a');\n")},
		"ts":       {TypeScript, []byte("export async function f(a: number): Promise<string> { return `${a}`; }\ninterface I { x?: string }\n")},
		"tsx":      {TSX, []byte("export const C = ({ n }: { n: number }) => <div className=\"a\">{n}</div>;\n")},
		"broken":   {JavaScript, []byte("function (a, { b = [1, 2\nclass { x = }\n")},
		"big":      {JavaScript, []byte(big.String())},
	}
}

// sexp is the tree's S-expression, read whole: every node's kind, field and span.
func sexp(tree *sitter.Tree) string { return tree.RootNode().ToSexp() }

func TestArenaParseGivesTheSameTree(t *testing.T) {
	if !arenasAsked(WithArenas(context.Background())) {
		t.Skip("no parse arenas on this system: every parse takes the path the other tests cover")
	}
	for name, c := range arenaSources() {
		t.Run(name, func(t *testing.T) {
			want := parseSexp(t, context.Background(), c.lang, c.src)
			before := Live().Arenas
			tree, err := Parse(WithArenas(context.Background()), c.lang, c.src, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := Live().Arenas - before; got != 1 {
				t.Errorf("a tree parsed in an arena: %d arenas more, want 1", got)
			}
			if got := sexp(tree); got != want {
				t.Errorf("the arena's tree differs from malloc's:\n%.300s\nwant\n%.300s", got, want)
			}
			nodes, _ := Flatten(tree.RootNode(), 1<<15, nil)
			if len(nodes) == 0 && len(c.src) > 0 {
				t.Error("the arena's tree flattens to nothing")
			}
			Close(tree)
			if got := Live().Arenas; got != before {
				t.Errorf("%d arenas after closing the tree, want %d", got, before)
			}
		})
	}
}

func TestParsesNotAskingForArenasUseNone(t *testing.T) {
	before := Live().Arenas
	tree, err := Parse(context.Background(), JavaScript, []byte("let a = 1;"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(tree)
	if got := Live().Arenas; got != before {
		t.Errorf("a parse without WithArenas made an arena (%d, was %d)", got, before)
	}
}

// churn parses and closes other texts in arenas, so that a released arena's chunks
// are reused and overwritten.
func churn(t *testing.T) {
	t.Helper()
	var src strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&src, "class K%d extends Base { m(x) { return this.y%d(x) ?? [x, %d]; } }\n", i, i, i)
	}
	for range 4 {
		tree, err := Parse(WithArenas(context.Background()), JavaScript, []byte(src.String()), nil)
		if err != nil {
			t.Fatal(err)
		}
		Close(tree)
	}
}

// parseBigInArena parses arenaSources' big text in an arena, and gives the arenas
// held before it.
func parseBigInArena(t *testing.T) (tree *sitter.Tree, before int64) {
	t.Helper()
	before = Live().Arenas
	c := arenaSources()["big"]
	tree, err := Parse(WithArenas(context.Background()), c.lang, c.src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tree, before
}

func TestAnArenaTreesCloneOutlivesIt(t *testing.T) {
	if !arenasAsked(WithArenas(context.Background())) {
		t.Skip("no parse arenas on this system")
	}
	c := arenaSources()["big"]
	want := parseSexp(t, context.Background(), c.lang, c.src)
	tree, before := parseBigInArena(t)
	clone := Clone(tree)
	Close(tree)
	outlivesArenaTree(t, "the clone of a closed arena tree", clone, want, before)
}

// outlivesArenaTree checks that tree, made from an arena tree now closed, holds that
// arena, and reads as want after other parses reuse every free chunk; it closes
// tree, and checks that no arena is held then beyond the before ones.
func outlivesArenaTree(t *testing.T, what string, tree *sitter.Tree, want string, before int64) {
	t.Helper()
	if got := Live().Arenas - before; got != 1 {
		t.Errorf("%s: %d arenas more, want 1 (its nodes are in it)", what, got)
	}
	churn(t)
	if got := sexp(tree); got != want {
		t.Errorf("%s changed once the arena tree was closed:\n%.300s\nwant\n%.300s", what, got, want)
	}
	Close(tree)
	if got := Live().Arenas; got != before {
		t.Errorf("%s closed: %d arenas, want %d", what, got, before)
	}
}

func TestATreeParsedFromAnArenaTreeHoldsItsArena(t *testing.T) {
	if !arenasAsked(WithArenas(context.Background())) {
		t.Skip("no parse arenas on this system")
	}
	c := arenaSources()["big"]
	edited := append([]byte("const added = 1;\n"), c.src...)
	want := parseSexp(t, context.Background(), c.lang, edited)
	tree, before := parseBigInArena(t)
	old := Clone(tree)
	old.Edit(&sitter.InputEdit{StartByte: 0, OldEndByte: 0, NewEndByte: 17, StartPosition: sitter.Point{}, OldEndPosition: sitter.Point{}, NewEndPosition: sitter.Point{Row: 1}})
	// An incremental parse shares the old tree's unchanged nodes, which are in the
	// arena; it is not itself made in one.
	reparsed, err := Parse(context.Background(), c.lang, edited, old)
	if err != nil {
		t.Fatal(err)
	}
	Close(old)
	Close(tree)
	outlivesArenaTree(t, "a tree parsed from an arena tree", reparsed, want, before)
}

func TestAStoppedArenaParseReleasesItsArena(t *testing.T) {
	before := Live()
	ctx, cancel := context.WithCancel(WithArenas(context.Background()))
	cancel()
	if tree, err := Parse(ctx, JavaScript, arenaSources()["big"].src, nil); err == nil {
		t.Error("a parse of a large file under an ended context gave a tree")
		Close(tree)
	}
	if after := Live(); after.Arenas != before.Arenas || after.Trees != before.Trees {
		t.Errorf("after a stopped arena parse: %+v, before %+v", after, before)
	}
	// The next parse in an arena works: no parser survived the stopped one.
	c := arenaSources()["ts"]
	want := parseSexp(t, context.Background(), c.lang, c.src)
	if got := parseSexp(t, WithArenas(context.Background()), c.lang, c.src); got != want {
		t.Errorf("after a stopped parse, an arena parse gives\n%s\nwant\n%s", got, want)
	}
}

func TestArenaParsesOnEveryCoreAtOnce(t *testing.T) {
	sources := arenaSources()
	want := map[string]string{}
	for name, c := range sources {
		want[name] = parseSexp(t, context.Background(), c.lang, c.src)
	}
	before := Live()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 3 {
				for name, c := range sources {
					if name == "big" && (g+round)%4 != 0 {
						continue // a quarter of the rounds: the big text takes most of the time
					}
					if got := parseSexp(t, WithArenas(context.Background()), c.lang, c.src); got != want[name] {
						t.Errorf("%s, parsed beside others: the tree differs", name)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	if after := Live(); after.Arenas != before.Arenas || after.Trees != before.Trees {
		t.Errorf("after the parses: %+v, before %+v", after, before)
	}
}

// parseSexp parses src under ctx and gives its tree's S-expression, the tree closed.
func parseSexp(t *testing.T, ctx context.Context, lang Language, src []byte) string {
	t.Helper()
	tree, err := Parse(ctx, lang, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(tree)
	return sexp(tree)
}
