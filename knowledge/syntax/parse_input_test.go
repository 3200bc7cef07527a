package syntax

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// bindingSexp is the tree the binding's own Parse gives for src, as an S-expression
// with every node's span, so that two parses agree only when every node does.
func bindingSexp(t *testing.T, lang Language, src []byte) string {
	t.Helper()
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(lang.Grammar()); err != nil {
		t.Fatal(err)
	}
	tree := p.Parse(src, nil)
	defer tree.Close()
	return spannedSexp(tree)
}

// spannedSexp lists every node, named or not, with its kind and byte span.
func spannedSexp(tree *sitter.Tree) string {
	var b strings.Builder
	walkAll(tree, func(n *sitter.Node, depth int) {
		fmt.Fprintf(&b, "%d %s/%s", depth, n.GrammarName(), n.Kind())
		fmt.Fprintf(&b, " %d-%d %v %v", n.StartByte(), n.EndByte(), n.StartPosition(), n.EndPosition())
		if n.IsError() || n.IsMissing() {
			b.WriteString(" !")
		}
		b.WriteByte('\n')
	})
	return b.String()
}

// Parse reads the caller's bytes in place; its trees are the binding's, node for
// node, on the testdata apps, each grammar's sample, text with multi-byte characters
// (and 200 KB of it, read at once where the binding's reads came in pieces), a syntax
// error, empty text, and with a context that can end as without.
func TestParseAgreesWithTheBinding(t *testing.T) {
	type source struct {
		name string
		lang Language
		src  []byte
	}
	var sources []source
	err := filepath.WalkDir(filepath.Join("..", "..", "testdata"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || ForPath(p) == Unknown {
			return err
		}
		src, err := os.ReadFile(p)
		sources = append(sources, source{p, ForPath(p), src})
		return err
	})
	if err != nil || len(sources) < 5 {
		t.Fatalf("testdata: %d files, %v", len(sources), err)
	}
	for lang, src := range samples {
		sources = append(sources, source{lang.String(), lang, []byte(src)})
	}
	wide := []byte("const s = 'é€😀'; app.get('/ü', (req, res) => res.send(`ñ${req.query.q}`));\n")
	sources = append(sources,
		source{"multi-byte", JavaScript, wide},
		source{"200 KB", JavaScript, bytes.Repeat(wide, 200<<10/len(wide))},
		source{"syntax error", TypeScript, []byte("function f( { return [1, 2\nconst x: = ;\n")},
		source{"empty", JavaScript, nil},
	)
	cancellable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, s := range sources {
		want := bindingSexp(t, s.lang, s.src)
		for _, ctx := range []context.Context{context.Background(), cancellable} {
			tree, err := Parse(ctx, s.lang, s.src, nil)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if got := spannedSexp(tree); got != want {
				t.Errorf("%s: Parse's tree differs from the binding's", s.name)
			}
			Close(tree)
		}
	}
}

// An edited tree passed as old gives the tree a fresh parse of the new text gives.
func TestParseReusesAnEditedTree(t *testing.T) {
	before := []byte("app.get('/a', (req, res) => res.send('a'));\nfunction f() { return 1; }\n")
	after := []byte("app.get('/abc', (req, res) => res.send('a'));\nfunction f() { return 1; }\n")
	old, err := Parse(context.Background(), JavaScript, before, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(old)
	old.Edit(&sitter.InputEdit{StartByte: 11, OldEndByte: 11, NewEndByte: 13,
		StartPosition: sitter.Point{Row: 0, Column: 11}, OldEndPosition: sitter.Point{Row: 0, Column: 11},
		NewEndPosition: sitter.Point{Row: 0, Column: 13}})
	tree, err := Parse(context.Background(), JavaScript, after, old)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(tree)
	if got, want := spannedSexp(tree), bindingSexp(t, JavaScript, after); got != want {
		t.Errorf("incremental parse differs from a fresh one:\n%s\nwant\n%s", got, want)
	}
	// The function the edit did not touch is the old tree's own subtree: old was read,
	// not left aside for a fresh parse (which would agree on the text as well).
	if kept, reused := old.RootNode().NamedChild(1), tree.RootNode().NamedChild(1); kept.Id() != reused.Id() {
		t.Errorf("the untouched %s was parsed again, not reused from the old tree", Kind(reused))
	}
}
