package server

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/features"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// Hover explains what is under the cursor: the findings whose range contains it, the
// knowledge entry of the API it resolves to, and, on the head of a request handler,
// the routes that run it, in one hover.
func (s *Server) Hover(ctx context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	format := explain.Plain
	kind := protocol.MarkupKindPlainText
	if s.markdownHover {
		format, kind = explain.Markdown, protocol.MarkupKindMarkdown
	}
	parts, rng, head, ok := s.hoverParts(ctx, params, format)
	if !ok {
		return nil, nil
	}
	// The route map spans the package's files, open ones included: read it once the
	// snapshot is released.
	if head.ok {
		if routes, express := s.routesOf(ctx, string(params.TextDocument.URI), head.start); len(routes) > 0 {
			parts = append(parts, explain.HandlerRoutes(routes, head.async, express, s.baseDir(), format))
			if rng == nil {
				rng = &head.rng
			}
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: kind, Value: explain.Join(parts, format)}, Range: rng}, nil
}

// functionHead is the function whose head (name, parameters) is under the cursor.
type functionHead struct {
	ok    bool
	start uint // the function node's start
	async bool
	rng   protocol.Range
}

// hoverParts is what the document's snapshot says under the cursor: the knowledge
// side answers while the hover holds the snapshot, and the translation to LSP runs
// after it is released (lines never change, and outlive the tree).
func (s *Server) hoverParts(ctx context.Context, params *protocol.HoverParams, format explain.Format) (parts []string, rng *protocol.Range, head functionHead, ok bool) {
	sn, ok := s.current(ctx, string(params.TextDocument.URI))
	if !ok {
		return nil, nil, head, false
	}
	offset := uint(sn.lines.Offset(source.Position{Line: params.Position.Line, Character: params.Position.Character}, s.encoding))
	h := features.HoverAt(sn.file, sn.result, offset, format)
	sn.release()
	if len(h.Parts) > 0 {
		r := s.toRange(sn.lines, h.Start, h.End)
		rng = &r
	}
	if h.Head != nil {
		head = functionHead{ok: true, start: h.Head.Start, async: h.Head.Async, rng: s.toRange(sn.lines, h.Head.Start, h.Head.Start)}
	}
	return h.Parts, rng, head, true
}

// routesOf are the package's routes whose handler is the function of the document
// starting at start, and the Express version of that package.
func (s *Server) routesOf(ctx context.Context, docURI string, start uint) ([]resolve.FullRoute, pkginfo.Version) {
	d := s.doc(docURI)
	if d == nil {
		return nil, pkginfo.Version{}
	}
	p := s.packageFor(d)
	if p == nil {
		return nil, pkginfo.Version{}
	}
	var out []resolve.FullRoute
	for _, r := range resolve.JoinRoutes(s.packageRoutes(ctx, p.Dir)[p.Dir]) {
		if r.HandlerFile == d.path && r.Handler.At.Start == start {
			out = append(out, r)
		}
	}
	return out, p.Version("express")
}

// baseDir is what paths in hovers are shown relative to: the first workspace folder.
func (s *Server) baseDir() string {
	if len(s.folders) > 0 {
		return s.folders[0]
	}
	return ""
}
