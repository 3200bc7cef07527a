package server

import (
	"context"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"go.lsp.dev/protocol"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Hover explains what is under the cursor: the findings whose range contains it, and
// the knowledge entry of the API it resolves to, in one hover.
func (s *Server) Hover(ctx context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	sn, ok := s.current(ctx, string(params.TextDocument.URI))
	if !ok {
		return nil, nil
	}
	defer sn.mu.Unlock()
	format := explain.Plain
	kind := protocol.MarkupKindPlainText
	if s.markdownHover {
		format, kind = explain.Markdown, protocol.MarkupKindMarkdown
	}
	offset := uint(sn.lines.Offset(source.Position{Line: params.Position.Line, Character: params.Position.Character}, s.encoding))
	here := sn.at(offset)
	var parts []string
	var start, end uint
	for _, f := range here.findings {
		parts = append(parts, explain.Finding(rules.ByName(f.Rule), f, format))
		start, end = f.Start, f.End
	}
	if here.entry != nil {
		parts = append(parts, explain.API(here.entry, here.api, format))
		start, end = here.node.StartByte(), here.node.EndByte()
	}
	if len(parts) == 0 {
		return nil, nil
	}
	r := s.toRange(sn.lines, start, end)
	return &protocol.Hover{
		Contents: &protocol.MarkupContent{Kind: kind, Value: explain.Join(parts, format)},
		Range:    &r,
	}, nil
}

// atCursor is what the knowledge base has to say about one offset of a document.
type atCursor struct {
	findings []analysis.Finding // one per rule, of known rules only
	api      string
	entry    *entries.Entry
	node     *sitter.Node // the resolved expression, when entry is set
}

// at collects the findings covering offset and the entry of the API under it. The
// caller holds sn.mu.
func (sn *snapshot) at(offset uint) atCursor {
	var here atCursor
	seen := map[string]bool{}
	for _, f := range sn.result.Findings {
		if f.Start <= offset && offset < f.End && !seen[f.Rule] && rules.ByName(f.Rule) != nil {
			seen[f.Rule] = true
			here.findings = append(here.findings, f)
		}
	}
	r := sn.result.Resolver
	if v, n := r.At(sn.file.Tree.RootNode(), offset); n != nil {
		api := v.Canonical()
		if api == "" && syntax.Kind(n) == "identifier" && explain.IsHandlerNext(r, n) {
			api = explain.NextAPI // the resolver leaves a handler's next a local
		}
		if e := entries.ByAPI(api); e != nil {
			here.api, here.entry, here.node = api, e, n
		}
	}
	return here
}
