package server

import (
	"context"
	"slices"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nodecoach/nodecoach/knowledge/source"
)

// Initialize negotiates the position encoding and advertises only what works.
func (s *Server) Initialize(_ context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	caps := params.Capabilities
	s.encoding = source.UTF16
	encodingKind := protocol.PositionEncodingKindUTF16
	if caps.General != nil && slices.Contains(caps.General.PositionEncodings, protocol.PositionEncodingKindUTF8) {
		// UTF-8 positions are byte offsets: no conversion at all.
		s.encoding, encodingKind = source.UTF8, protocol.PositionEncodingKindUTF8
	}
	if ws := caps.Workspace; ws != nil {
		s.configRequests = ws.Configuration != nil && *ws.Configuration
		s.diagRefresh = ws.Diagnostics != nil && ws.Diagnostics.RefreshSupport != nil && *ws.Diagnostics.RefreshSupport
		s.lensRefresh = ws.CodeLens != nil && ws.CodeLens.RefreshSupport != nil && *ws.CodeLens.RefreshSupport
		s.watchFiles = ws.DidChangeWatchedFiles != nil && ws.DidChangeWatchedFiles.DynamicRegistration != nil && *ws.DidChangeWatchedFiles.DynamicRegistration
	}
	if w := caps.Window; w != nil {
		s.showDocument = w.ShowDocument != nil && w.ShowDocument.Support
		s.workDoneProgress = w.WorkDoneProgress != nil && *w.WorkDoneProgress
	}
	if folders, ok := params.WorkspaceFolders.Get(); ok {
		for _, f := range folders {
			if p, isFile := pathOf(string(f.URI)); isFile {
				s.folders = append(s.folders, p)
			}
		}
	} else if params.RootURI != nil {
		if p, isFile := pathOf(string(*params.RootURI)); isFile {
			s.folders = append(s.folders, p)
		}
	}
	s.applyInitOptions(params.InitializationOptions)
	if td := caps.TextDocument; td != nil {
		s.codeActions = td.CodeAction != nil && len(td.CodeAction.CodeActionLiteralSupport.CodeActionKind.ValueSet) > 0
		s.markdownHover = td.Hover != nil && slices.Contains(td.Hover.ContentFormat, protocol.MarkupKindMarkdown)
		s.pullDiags = td.Diagnostic != nil
	}
	change := protocol.TextDocumentSyncKindIncremental
	openClose := true
	result := &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			PositionEncoding:        encodingKind,
			TextDocumentSync:        &protocol.TextDocumentSyncOptions{OpenClose: &openClose, Change: &change},
			HoverProvider:           protocol.Boolean(true),
			CodeLensProvider:        &protocol.CodeLensOptions{},
			DocumentSymbolProvider:  protocol.Boolean(true),
			WorkspaceSymbolProvider: protocol.Boolean(true),
			ExecuteCommandProvider:  protocol.ExecuteCommandOptions{Commands: []string{commandExplain}},
		},
		ServerInfo: protocol.ServerInfo{Name: s.opts.Name, Version: protocol.NewOptional(s.opts.Version)},
	}
	if s.codeActions {
		// Clients without code action literals could only get bare commands, which
		// cannot carry the edits of a fix: offer nothing rather than half.
		result.Capabilities.CodeActionProvider = &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}}
	}
	if s.pullDiags {
		id := "nodecoach"
		result.Capabilities.DiagnosticProvider = &protocol.DiagnosticOptions{Identifier: &id, WorkspaceDiagnostics: len(s.folders) > 0}
	}
	s.state.CompareAndSwap(stateNew, stateInitialized)
	s.log.Info("initialized", zap.String("client", params.ClientInfo.Name),
		zap.String("positionEncoding", string(encodingKind)), zap.Bool("pullDiagnostics", s.pullDiags))
	return result, nil
}

// Initialized fetches the editor's settings and indexes the workspace, off the read
// loop (both need answers from the client).
func (s *Server) Initialized(context.Context, *protocol.InitializedParams) error {
	go func() {
		// Settings first: they decide what the index reports.
		s.fetchSettings()
		s.registerWatchers()
		s.indexWorkspace()
	}()
	return nil
}

// Shutdown stops analysis, once the index's cache being written is; only exit is
// accepted afterwards.
func (s *Server) Shutdown(context.Context) error {
	s.state.Store(stateShutdown)
	s.stopIndex()
	s.waitIndexSave()
	s.closeAll()
	return nil
}

// Exit ends Serve; the exit code depends on whether shutdown came first.
func (s *Server) Exit(context.Context) error {
	s.exitOnce.Do(func() { close(s.exited) })
	return nil
}

// hasExited tells background work (indexing) that the session is over.
func (s *Server) hasExited() bool {
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}

// SetTrace is accepted and ignored: logs go to stderr or the log file.
func (s *Server) SetTrace(context.Context, *protocol.SetTraceParams) error { return nil }
