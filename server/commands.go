package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/explain"
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
	URI      string             `json:"uri"`
	Position *protocol.Position `json:"position"`
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
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, commandExplain+` takes one argument: {"rule": ID}, {"api": NAME} or {"uri": URI, "position": {...}}`)
	}
	res := s.explain(ctx, args)
	if res == nil {
		return protocol.LSPAny("null"), nil
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
	case args.API != "":
		if e := entries.ByAPI(args.API); e != nil {
			return &explainResult{Title: e.Title, Markdown: e.Markdown()}
		}
	case args.URI != "" && args.Position != nil:
		return s.explainAt(ctx, args.URI, *args.Position)
	}
	return nil
}

// explainAt explains every rule with a finding at the position and the API under it.
func (s *Server) explainAt(ctx context.Context, uri string, pos protocol.Position) *explainResult {
	d := s.doc(uri)
	if d == nil {
		return nil
	}
	sn := s.analyze(ctx, d)
	if sn == nil {
		return nil
	}
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.file == nil || sn.file.Tree == nil {
		return nil
	}
	here := sn.at(uint(sn.lines.Offset(source.Position{Line: pos.Line, Character: pos.Character}, s.encoding)))
	var titles, parts []string
	for _, f := range here.findings {
		r := rules.ByName(f.Rule)
		titles = append(titles, r.Name)
		parts = append(parts, explain.Rule(r))
	}
	if here.entry != nil && (len(here.findings) == 0 || entries.ByRule(here.findings[0].Rule) != here.entry) {
		titles = append(titles, here.entry.Title)
		parts = append(parts, here.entry.Markdown())
	}
	if len(parts) == 0 {
		return nil
	}
	return &explainResult{Title: strings.Join(titles, " · "), Markdown: explain.Join(parts, explain.Markdown)}
}
