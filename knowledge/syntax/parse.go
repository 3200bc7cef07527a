package syntax

import (
	"bytes"
	"context"
	"fmt"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/cores"
)

// idleParsers keeps a few parsers per grammar for reuse: a parser is not safe for
// concurrent use, and creating one per file would cost more than parsing a small file.
// A bounded channel rather than a sync.Pool, because a pool drops idle items without
// closing them and a parser holds C memory that only Close frees.
var idleParsers = map[Language]chan *sitter.Parser{
	JavaScript: make(chan *sitter.Parser, maxIdleParsers),
	TypeScript: make(chan *sitter.Parser, maxIdleParsers),
	TSX:        make(chan *sitter.Parser, maxIdleParsers),
}

var maxIdleParsers = cores.Workers() * 2

func getParser(lang Language) (*sitter.Parser, error) {
	select {
	case p := <-idleParsers[lang]:
		return p, nil
	default:
	}
	p := sitter.NewParser()
	liveParsers.Add(1)
	if err := p.SetLanguage(lang.Grammar()); err != nil {
		closeParser(p)
		return nil, fmt.Errorf("tree-sitter %s grammar: %w", lang, err)
	}
	return p, nil
}

// putParser returns a parser for reuse, or closes it when enough are idle.
func putParser(lang Language, p *sitter.Parser) {
	select {
	case idleParsers[lang] <- p:
	default:
		closeParser(p)
	}
}

func closeParser(p *sitter.Parser) {
	p.Close()
	liveParsers.Add(-1)
}

// Parse parses text with the grammar of lang. old, when not nil, must already carry the
// edits that turned its text into text (Tree.Edit); tree-sitter then reuses its unchanged
// subtrees. ctx cancels a long parse. The caller owns the returned tree and frees it with
// Close (this package's, so that Live counts it).
func Parse(ctx context.Context, lang Language, text []byte, old *sitter.Tree) (*sitter.Tree, error) {
	if lang == Unknown {
		return nil, fmt.Errorf("no grammar for this file type")
	}
	if bytes.IndexByte(text, 0) >= 0 {
		// The grammars' lexers take a NUL byte for the end of the input: a NUL inside
		// a string literal (legal JavaScript) makes the rest of the line, or of the
		// function, a syntax error and its findings disappear. The parser sees a space
		// instead, which keeps every offset; the file's text is unchanged.
		text = bytes.ReplaceAll(text, []byte{0}, []byte{' '})
	}
	if old == nil && arenasAsked(ctx) {
		return parseNewInArena(ctx, lang, text)
	}
	p, err := getParser(lang)
	if err != nil {
		return nil, err
	}
	tree := parseText(ctx, p, text, old)
	if tree == nil {
		// A parse that returns no tree was stopped part-way, and the parser is never
		// reused: tree-sitter 0.25.0 keeps a "balancing was cancelled" flag through
		// Reset, and the next parse on that parser, for any file, then fails an
		// assertion that aborts the whole process. A new parser costs microseconds.
		closeParser(p)
		return nil, noTree(ctx)
	}
	putParser(lang, p)
	// A tree parsed from an arena tree shares its unchanged nodes, so it holds the
	// arena too (see arena.go).
	var a arena
	if old != nil {
		if s := stateOf(old.RootNode()); s != nil {
			a = s.arena
			retainArena(a)
		}
	}
	remember(tree, lang, a, false)
	return tree, nil
}

// parseNewInArena is Parse of a new tree in an arena of its own.
func parseNewInArena(ctx context.Context, lang Language, text []byte) (*sitter.Tree, error) {
	tree, a := parseInArena(ctx, lang, text)
	if tree == nil {
		return nil, noTree(ctx)
	}
	remember(tree, lang, a, true)
	arenaParses.Add(1)
	return tree, nil
}

// noTree is the error of a parse that returned no tree: ctx's when it ended (the
// parse was stopped), else tree-sitter's failure.
func noTree(ctx context.Context) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("tree-sitter returned no tree")
}
