package server

import (
	"context"
	"encoding/json"
	"fmt"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// optionsFor merges the configuration file that governs a document with the editor's
// settings, which win.
func (s *Server) optionsFor(d *document) analysis.Options {
	return s.optionsIn(d, s.packageFor(d))
}

// optionsIn is optionsFor for a document whose package (packageFor) was looked up
// already: an analysis looks it up once, as each lookup asks the file system.
func (s *Server) optionsIn(d *document, p *pkginfo.Package) analysis.Options {
	var file *config.Config
	if isFileURI(d.uri) {
		file = s.configs.For(d.path)
	}
	s.mu.Lock()
	settings := s.settings
	s.mu.Unlock()
	opts := analysis.OptionsFrom(config.Merge(file, settings))
	if p != nil {
		opts.Facts = s.facts.For(d.path, p.Dir)
	}
	return opts
}

// reportConfigProblem tells the user once about a configuration that cannot be used;
// the defaults apply meanwhile.
func (s *Server) reportConfigProblem(where string, err error) {
	msg := fmt.Sprintf("nodecoach: %s is invalid, using the defaults: %v", where, err)
	s.log.Warn("invalid configuration", zap.String("source", where), zap.Error(err))
	s.showWarning(msg)
}

// showWarning tells the user through the editor, once connected.
func (s *Server) showWarning(msg string) {
	if s.client != nil {
		_ = s.client.ShowMessage(context.Background(), &protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: msg})
	}
}

// fetchSettings asks the client for the "nodecoach" section. It must run off the read
// loop: the answer arrives through the same connection.
func (s *Server) fetchSettings() {
	if !s.configRequests {
		return
	}
	section := "nodecoach"
	res, err := s.client.Configuration(context.Background(), &protocol.ConfigurationParams{Items: []protocol.ConfigurationItem{{Section: &section}}})
	if err != nil || len(res) != 1 {
		s.log.Warn("workspace/configuration failed", zap.Error(err))
		return
	}
	s.applySettings(res[0])
}

// applySettings installs new editor settings and re-checks every open document.
func (s *Server) applySettings(raw []byte) {
	var editor struct {
		Enable               *bool  `json:"enable"`
		WorkspaceDiagnostics *bool  `json:"workspaceDiagnostics"`
		MaxFileSize          *int64 `json:"maxFileSize"` // bytes
		Cache                *bool  `json:"cache"`       // the index's persistent cache
	}
	if len(raw) == 0 || string(raw) == "null" {
		raw = []byte("{}")
	}
	cfg, err := config.ParseSettings(raw, rules.Known())
	if err == nil {
		err = json.Unmarshal(raw, &editor)
	}
	if err == nil && editor.MaxFileSize != nil && (*editor.MaxFileSize <= 0 || *editor.MaxFileSize > maxFrameBytes) {
		err = fmt.Errorf("maxFileSize must be a number of bytes between 1 and %d, not %d", maxFrameBytes, *editor.MaxFileSize)
	}
	if err != nil {
		s.reportConfigProblem("the nodecoach settings", err)
		cfg, editor.MaxFileSize = nil, nil
	}
	s.mu.Lock()
	s.settings = cfg
	s.disabled = editor.Enable != nil && !*editor.Enable
	s.workspaceDiags = editor.WorkspaceDiagnostics != nil && *editor.WorkspaceDiagnostics
	s.maxBytes = defaultMaxFileSize
	if editor.MaxFileSize != nil {
		s.maxBytes = int(*editor.MaxFileSize)
	}
	s.mu.Unlock()
	if editor.Cache != nil {
		s.idx.cacheOff.Store(!*editor.Cache)
	}
	s.reanalyzeOpen()
}

// reanalyzeOpen re-checks every open document although its text did not change:
// settings or package knowledge did.
func (s *Server) reanalyzeOpen() {
	s.rescheduleOpen()
	// Pull clients ask again only when told: without this they would keep showing the
	// findings (and topics) of the old settings until the next edit. These are requests,
	// so they must not wait on the read loop.
	if s.pullDiags && s.diagRefresh {
		go func() {
			if err := s.client.DiagnosticRefresh(context.Background()); err != nil {
				s.log.Warn("workspace/diagnostic/refresh failed", zap.Error(err))
			}
		}()
	}
	if s.lensRefresh {
		go func() {
			if err := s.client.CodeLensRefresh(context.Background()); err != nil {
				s.log.Warn("workspace/codeLens/refresh failed", zap.Error(err))
			}
		}()
	}
}

// DidChangeConfiguration takes the settings pushed with the notification when they
// carry a nodecoach section, and asks for them otherwise.
func (s *Server) DidChangeConfiguration(_ context.Context, params *protocol.DidChangeConfigurationParams) error {
	var pushed map[string]json.RawMessage
	if json.Unmarshal(params.Settings, &pushed) == nil {
		if section, ok := pushed["nodecoach"]; ok {
			s.applySettings(section)
			return nil
		}
	}
	go s.fetchSettings()
	return nil
}

// maxFileSize is the size in bytes past which a file is not analysed.
func (s *Server) maxFileSize() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxBytes
}

// applyInitOptions reads the initializationOptions the server takes before any
// settings arrive: "cache" (alone or under "nodecoach"), which the first index needs.
func (s *Server) applyInitOptions(raw []byte) {
	var opts struct {
		Cache     *bool `json:"cache"`
		Nodecoach struct {
			Cache *bool `json:"cache"`
		} `json:"nodecoach"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &opts) != nil {
		return
	}
	if c := opts.Cache; c != nil {
		s.idx.cacheOff.Store(!*c)
	} else if c := opts.Nodecoach.Cache; c != nil {
		s.idx.cacheOff.Store(!*c)
	}
}
