package server

import (
	"context"
	"encoding/json"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// CodeAction offers, for each finding in the range: its fix (preferred), "Disable
// <rule> for this line" (a comment where a comment is code, see
// analysis.DisableNextLine), and "Explain <rule>".
func (s *Server) CodeAction(ctx context.Context, params *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	if len(params.Context.Only) > 0 && !wantsQuickFix(params.Context.Only) {
		return nil, nil
	}
	sn, ok := s.current(ctx, string(params.TextDocument.URI))
	if !ok {
		return nil, nil
	}
	defer sn.mu.Unlock()
	docURI := string(params.TextDocument.URI)
	start := uint(sn.lines.Offset(source.Position{Line: params.Range.Start.Line, Character: params.Range.Start.Character}, s.encoding))
	end := uint(sn.lines.Offset(source.Position{Line: params.Range.End.Line, Character: params.Range.End.Character}, s.encoding))
	var actions []protocol.CommandOrCodeAction
	quickfix := protocol.CodeActionKindQuickFix
	for _, f := range sn.result.Findings {
		if f.End < start || f.Start > end {
			continue
		}
		diag := s.diagnosticOf(sn, f)
		if f.Fix != nil {
			preferred := true
			actions = append(actions, &protocol.CodeAction{
				Title: f.Fix.Title, Kind: &quickfix, Diagnostics: []protocol.Diagnostic{diag}, IsPreferred: &preferred,
				Edit: s.workspaceEdit(docURI, sn, f.Fix.Edits),
			})
		}
		if f.Rule == analysis.UnusedSuppression {
			continue // its fix removes it; disabling or explaining it makes no sense
		}
		actions = append(actions,
			&protocol.CodeAction{
				Title: "Disable " + f.Rule + " for this line", Kind: &quickfix, Diagnostics: []protocol.Diagnostic{diag},
				Edit: s.workspaceEdit(docURI, sn, []analysis.Edit{analysis.DisableNextLine(sn.file.Tree.RootNode(), sn.lines, f.Rule, f.Start)}),
			},
			&protocol.CodeAction{
				Title: "Explain " + f.Rule, Kind: &quickfix, Diagnostics: []protocol.Diagnostic{diag},
				Command: explainCommand(f.Rule),
			})
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
