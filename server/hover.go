package server

import (
	"context"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"go.lsp.dev/protocol"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
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
	// snapshot's lock is released.
	if head.ok {
		if routes := s.routesOf(ctx, string(params.TextDocument.URI), head.start); len(routes) > 0 {
			parts = append(parts, explain.HandlerRoutes(routes, head.async, s.expressVersion(string(params.TextDocument.URI)), s.baseDir(), format))
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

// hoverParts is what the document's snapshot says under the cursor.
func (s *Server) hoverParts(ctx context.Context, params *protocol.HoverParams, format explain.Format) (parts []string, rng *protocol.Range, head functionHead, ok bool) {
	sn, ok := s.current(ctx, string(params.TextDocument.URI))
	if !ok {
		return nil, nil, head, false
	}
	defer sn.mu.Unlock()
	offset := uint(sn.lines.Offset(source.Position{Line: params.Position.Line, Character: params.Position.Character}, s.encoding))
	here := sn.at(offset)
	var start, end uint
	for _, f := range here.findings {
		parts = append(parts, explain.Finding(rules.ByName(f.Rule), f, format))
		start, end = f.Start, f.End
	}
	if here.entry != nil {
		parts = append(parts, explain.API(here.entry, here.api, format))
		start, end = here.node.StartByte(), here.node.EndByte()
	}
	if len(parts) > 0 {
		r := s.toRange(sn.lines, start, end)
		rng = &r
	}
	if fn := syntax.FunctionHeadAt(sn.file.Tree.RootNode(), offset); fn != nil {
		head = functionHead{ok: true, start: fn.StartByte(), async: syntax.IsAsync(fn), rng: s.toRange(sn.lines, fn.StartByte(), fn.StartByte())}
	}
	return parts, rng, head, true
}

// routesOf are the package's routes whose handler is the function of the document
// starting at start.
func (s *Server) routesOf(ctx context.Context, docURI string, start uint) []resolve.FullRoute {
	d := s.doc(docURI)
	if d == nil {
		return nil
	}
	p := s.packageFor(d)
	if p == nil {
		return nil
	}
	var out []resolve.FullRoute
	for _, r := range resolve.JoinRoutes(s.packageRoutes(ctx, p.Dir)[p.Dir]) {
		if r.HandlerFile == d.path && r.Handler.At.Start == start {
			out = append(out, r)
		}
	}
	return out
}

// expressVersion is the Express version of the document's package.
func (s *Server) expressVersion(docURI string) pkginfo.Version {
	if d := s.doc(docURI); d != nil {
		if p := s.packageFor(d); p != nil {
			return p.Version("express")
		}
	}
	return pkginfo.Version{}
}

// baseDir is what paths in hovers are shown relative to: the first workspace folder.
func (s *Server) baseDir() string {
	if len(s.folders) > 0 {
		return s.folders[0]
	}
	return ""
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
