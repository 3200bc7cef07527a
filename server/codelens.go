package server

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/topics"
)

// CodeLens shows, at the top of a file, the interview topics the file touches
// ("Interview topics: The Node.js event loop | CORS | ..."); each lens opens its entry.
func (s *Server) CodeLens(ctx context.Context, params *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	sn, ok := s.current(ctx, string(params.TextDocument.URI))
	if !ok {
		return nil, nil
	}
	defer sn.mu.Unlock()
	if sn.topics == nil {
		res := sn.result.Resolver
		if res.IsWindow() {
			// An edit was analysed one statement at a time; topics span the file.
			res = resolve.Build(sn.file.Tree.RootNode(), sn.file.Src, topics.Kinds, resolve.Options{})
		}
		sn.topics = topics.ForFile(res, sn.result.Findings)
	}
	lenses := make([]protocol.CodeLens, 0, len(sn.topics))
	for i, t := range sn.topics {
		title := t.Entry.Title
		if i == 0 {
			title = "Interview topics: " + title
		}
		arg, _ := json.Marshal(explainArgs{Entry: t.Entry.ID, Open: true})
		lenses = append(lenses, protocol.CodeLens{
			Range:   protocol.Range{},
			Command: protocol.Command{Title: title, Command: commandExplain, Arguments: []protocol.LSPAny{arg}},
		})
	}
	return lenses, nil
}
