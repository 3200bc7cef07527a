package server

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"
)

// CodeLens shows, at the top of a file, the interview topics the file touches
// ("Interview topics: The Node.js event loop | CORS | ..."); each lens opens its entry.
func (s *Server) CodeLens(ctx context.Context, params *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	sn, ok := s.current(ctx, string(params.TextDocument.URI))
	if !ok {
		return nil, nil
	}
	found := sn.topics()
	sn.release()
	lenses := make([]protocol.CodeLens, 0, len(found))
	for i, t := range found {
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
