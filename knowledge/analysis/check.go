package analysis

import (
	"context"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Check parses src and runs rules on it: the one path by which the CLI and the language
// server analyse a file, so both report the same findings. old, when given, must carry
// the edits made since it was parsed (Tree.Edit); parsing then reuses its unchanged
// parts. The caller owns the returned file's tree and must close it.
func Check(ctx context.Context, path string, lang syntax.Language, src []byte, old *sitter.Tree, pkg *pkginfo.Package, rules []*Rule, opts Options) (*File, Result, error) {
	f, skipped, err := parseWithin(ctx, path, lang, src, old)
	if err != nil || skipped != "" {
		return f, Result{Skipped: skipped}, err
	}
	return f, Run(f, pkg, rules, opts), nil
}
