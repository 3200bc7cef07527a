package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// Hover explains what is under the cursor: the findings whose range contains it, and
// the knowledge entry of the API it resolves to, in one hover.
func (s *Server) Hover(ctx context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	d := s.doc(string(params.TextDocument.URI))
	if d == nil {
		return nil, nil
	}
	sn := s.analyze(ctx, d)
	if sn == nil {
		return nil, nil
	}
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.file == nil || sn.file.Tree == nil {
		return nil, nil
	}
	format := explain.Plain
	kind := protocol.MarkupKindPlainText
	if s.markdownHover {
		format, kind = explain.Markdown, protocol.MarkupKindMarkdown
	}
	offset := uint(sn.lines.Offset(source.Position{Line: params.Position.Line, Character: params.Position.Character}, s.encoding))

	var parts []string
	var start, end uint
	seen := map[string]bool{}
	for _, f := range sn.result.Findings {
		if f.Start <= offset && offset < f.End && !seen[f.Rule] {
			seen[f.Rule] = true
			if r := rules.ByName(f.Rule); r != nil {
				parts = append(parts, explain.Finding(r, f, format))
				start, end = f.Start, f.End
			}
		}
	}
	if v, n := sn.result.Resolver.At(sn.file.Tree.RootNode(), offset); n != nil {
		if e := entries.ByAPI(v.Canonical()); e != nil {
			parts = append(parts, explain.API(e, v.Canonical(), format))
			start, end = n.StartByte(), n.EndByte()
		}
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
