package server

import (
	"context"
	"encoding/json"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/features"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// CodeAction offers the quick fixes of the findings in the range (see
// features.Actions): edits, or the command that explains a rule.
func (s *Server) CodeAction(ctx context.Context, params *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	if len(params.Context.Only) > 0 && !wantsQuickFix(params.Context.Only) {
		return nil, nil
	}
	sn, ok := s.current(ctx, string(params.TextDocument.URI))
	if !ok {
		return nil, nil
	}
	start := uint(sn.lines.Offset(source.Position{Line: params.Range.Start.Line, Character: params.Range.Start.Character}, s.encoding))
	end := uint(sn.lines.Offset(source.Position{Line: params.Range.End.Line, Character: params.Range.End.Character}, s.encoding))
	found := features.Actions(sn.file, sn.result, sn.lines, start, end)
	sn.release()
	docURI := string(params.TextDocument.URI)
	var actions []protocol.CommandOrCodeAction
	quickfix := protocol.CodeActionKindQuickFix
	for _, a := range found {
		action := &protocol.CodeAction{Title: a.Title, Kind: &quickfix, Diagnostics: []protocol.Diagnostic{s.diagnosticOf(sn, a.Finding)}}
		if a.Preferred {
			preferred := true
			action.IsPreferred = &preferred
		}
		if a.ExplainRule != "" {
			action.Command = explainCommand(a.ExplainRule)
		} else {
			action.Edit = s.workspaceEdit(docURI, sn, a.Edits)
		}
		actions = append(actions, action)
	}
	return actions, nil
}

func wantsQuickFix(only []protocol.CodeActionKind) bool {
	for _, k := range only {
		if k == protocol.CodeActionKindQuickFix || strings.HasPrefix(string(protocol.CodeActionKindQuickFix), string(k)+".") || k == "" {
			return true
		}
	}
	return false
}

// explainCommand opens the rule's explanation in the editor.
func explainCommand(rule string) protocol.Command {
	arg, _ := json.Marshal(explainArgs{Rule: rule, Open: true})
	return protocol.Command{Title: "Explain " + rule, Command: commandExplain, Arguments: []protocol.LSPAny{arg}}
}

func (s *Server) workspaceEdit(docURI string, sn *snapshot, edits []analysis.Edit) *protocol.WorkspaceEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: s.toRange(sn.lines, e.Start, e.End), NewText: e.NewText})
	}
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{uri.URI(docURI): out}}
}
