package syntax

import (
	"context"
	"fmt"
	"sync"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// parserPools keep one pool of parsers per grammar: a parser is not safe for concurrent
// use, and creating one per file would cost more than the parse of a small file.
var parserPools sync.Map // Language -> *sync.Pool

func pool(lang Language) *sync.Pool {
	if p, ok := parserPools.Load(lang); ok {
		return p.(*sync.Pool)
	}
	p, _ := parserPools.LoadOrStore(lang, &sync.Pool{})
	return p.(*sync.Pool)
}

func getParser(lang Language) (*sitter.Parser, error) {
	if p, ok := pool(lang).Get().(*sitter.Parser); ok {
		return p, nil
	}
	p := sitter.NewParser()
	if err := p.SetLanguage(lang.Grammar()); err != nil {
		p.Close()
		return nil, fmt.Errorf("tree-sitter %s grammar: %w", lang, err)
	}
	return p, nil
}

// Parse parses text with the grammar of lang. old, when not nil, must already carry the
// edits that turned its text into text (Tree.Edit); tree-sitter then reuses its unchanged
// subtrees. ctx cancels a long parse. The caller owns and must Close the returned tree.
func Parse(ctx context.Context, lang Language, text []byte, old *sitter.Tree) (*sitter.Tree, error) {
	if lang == Unknown {
		return nil, fmt.Errorf("no grammar for this file type")
	}
	p, err := getParser(lang)
	if err != nil {
		return nil, err
	}
	tree := p.ParseWithOptions(func(i int, _ sitter.Point) []byte {
		if i < len(text) {
			return text[i:]
		}
		return nil
	}, old, &sitter.ParseOptions{ProgressCallback: func(sitter.ParseState) bool { return ctx.Err() != nil }})
	if tree == nil {
		// A cancelled parse leaves the parser mid-way; reset it before reuse.
		p.Reset()
		pool(lang).Put(p)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("tree-sitter returned no tree")
	}
	pool(lang).Put(p)
	return tree, nil
}
