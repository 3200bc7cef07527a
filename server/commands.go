package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/features"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// commandExplain returns the full explanation of a rule, an API, or whatever is at a
// document position, for editors to show as a Markdown document.
const commandExplain = "nodecoach.explain"

// explainArgs is the one argument of nodecoach.explain: a rule id, an API name, or a
// document position.
type explainArgs struct {
	Rule     string             `json:"rule"`
	API      string             `json:"api"`
	Entry    string             `json:"entry"`
	URI      string             `json:"uri"`
	Position *protocol.Position `json:"position"`
	// Open asks the server to show the explanation itself: as a Markdown document
	// when the client can open one, else as a message.
	Open bool `json:"open"`
}

type explainResult struct {
	Title    string `json:"title"`
	Markdown string `json:"markdown"`
}

func (s *Server) ExecuteCommand(ctx context.Context, params *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	if params.Command != commandExplain {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("unknown command %q", params.Command))
	}
	var args explainArgs
	if len(params.Arguments) != 1 || json.Unmarshal(params.Arguments[0], &args) != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, commandExplain+` takes one argument: {"rule": ID}, {"api": NAME}, {"entry": ID} or {"uri": URI, "position": {...}}`)
	}
	res := s.explain(ctx, args)
	if res == nil {
		return protocol.LSPAny("null"), nil
	}
	if args.Open {
		s.show(ctx, res)
	}
	out, err := json.Marshal(res)
	return protocol.LSPAny(out), err
}

func (s *Server) explain(ctx context.Context, args explainArgs) *explainResult {
	switch {
	case args.Rule != "":
		if r := rules.ByName(args.Rule); r != nil {
			return &explainResult{Title: r.Name, Markdown: explain.Rule(r)}
		}
	case args.API != "" || args.Entry != "":
		e := entries.ByAPI(args.API)
		if args.Entry != "" {
			e = entries.ByID(args.Entry)
		}
		if e != nil {
			return &explainResult{Title: e.Title, Markdown: e.Markdown()}
		}
	case args.URI != "" && args.Position != nil:
		return s.explainAt(ctx, args.URI, *args.Position)
	}
	return nil
}

// explainAt explains every rule with a finding at the position and the API under it.
func (s *Server) explainAt(ctx context.Context, uri string, pos protocol.Position) *explainResult {
	sn, ok := s.current(ctx, uri)
	if !ok {
		return nil
	}
	e := features.ExplainAt(sn.file, sn.result, uint(sn.lines.Offset(source.Position{Line: pos.Line, Character: pos.Character}, s.encoding)))
	sn.release()
	if e == nil {
		return nil
	}
	return &explainResult{Title: e.Title, Markdown: e.Markdown}
}

// show opens an explanation in the editor: a Markdown file of the session's own
// (see explainFiles; never in the user's tree) through window/showDocument, or, for
// clients that cannot open documents or when the file cannot be written, a message with
// its first paragraph.
func (s *Server) show(ctx context.Context, res *explainResult) {
	if s.showDocument {
		path, err := s.explainDocs.write(res.Title, res.Markdown)
		if err == nil {
			takeFocus := true
			if _, err := s.client.ShowDocument(ctx, &protocol.ShowDocumentParams{URI: uri.File(path), TakeFocus: &takeFocus}); err == nil {
				return
			}
		} else {
			s.log.Warn("the explanation could not be written; showing its summary instead", zap.Error(err))
		}
	}
	summary := res.Markdown
	if i := strings.Index(summary, "\n\n"); i > 0 {
		if j := strings.Index(summary[i+2:], "\n\n"); j > 0 {
			summary = summary[:i+2+j]
		}
	}
	_ = s.client.ShowMessage(ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: strings.TrimSpace(summary)})
}
