// Package server is nodecoach's LSP layer: it keeps open documents, negotiates
// capabilities and turns the knowledge package's findings and entries into
// diagnostics and hovers. The analysis itself lives in knowledge.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/exp/zapslog"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/topics"
)

// Options configure a Server.
type Options struct {
	Name, Version string
	Logger        *zap.Logger
}

// Server implements protocol.Server for nodecoach.
type Server struct {
	protocol.UnimplementedServer

	opts    Options
	log     *zap.Logger
	client  protocol.Client
	pkgs    *pkginfo.Store
	configs *config.Store
	rules   []*analysis.Rule

	state     atomic.Int32 // lifecycle, see dispatch.go
	lifecycle sync.RWMutex // held by initialize and shutdown, see dispatch.go
	exited    chan struct{}
	exitOnce  sync.Once

	// Negotiated at initialize, read-only afterwards.
	encoding         source.Encoding
	markdownHover    bool
	pullDiags        bool
	configRequests   bool     // the client answers workspace/configuration
	showDocument     bool     // the client opens documents on request
	codeActions      bool     // the client takes code action literals
	diagRefresh      bool     // the client re-pulls diagnostics on workspace/diagnostic/refresh
	lensRefresh      bool     // the client re-requests code lenses on workspace/codeLens/refresh
	workDoneProgress bool     // the client shows $/progress
	watchFiles       bool     // the client registers file watchers dynamically
	folders          []string // workspace folder paths

	idx    index
	facts  *analysis.FactIndex // what each file establishes for its package (cross-file rules)
	routes routeIndex          // the route tables of closed files (document and workspace symbols)
	// wsModules reads other workspace packages for the route tables (routes_workspace.go).
	wsModules *resolve.WorkspaceModules
	wsOnce    sync.Once

	explainDocs explainFiles // the explanations opened in the editor, removed when Serve ends
	topicUses   topicUses    // the API uses of closed files, for nodecoach/topics

	mu             sync.Mutex
	docs           map[string]*document // by URI
	settings       *config.Config       // the editor's nodecoach settings
	disabled       bool                 // nodecoach.enable is false
	workspaceDiags bool                 // nodecoach.workspaceDiagnostics: push closed files' diagnostics
	maxBytes       int                  // nodecoach.maxFileSize: larger files are not analysed
}

// New returns a server ready to Serve.
func New(opts Options) *Server {
	log := opts.Logger
	if log == nil {
		log = zap.NewNop()
	}
	s := &Server{opts: opts, log: log, exited: make(chan struct{}), docs: map[string]*document{}, maxBytes: defaultMaxFileSize}
	// topics.Collect reports nothing: it makes the analysis walk also collect the member
	// expressions the code lens needs.
	s.rules = append(rules.All(), topics.Collect)
	s.idx.files = map[string][]protocol.Diagnostic{}
	s.idx.dependent = map[string]bool{}
	s.facts = analysis.NewFactIndex()
	// Project files are read only within the workspace folders, known at initialize.
	s.idx.roots = safefs.Lazy(func() []string { return s.folders })
	s.configs = config.NewStore(rules.Known(), func(path string, err error) { s.reportConfigProblem(path, err) })
	s.configs.Note = func(path, note string) {
		s.log.Info("configuration note", zap.String("source", path), zap.String("note", note))
		s.showWarning("nodecoach: " + path + ": " + note)
	}
	s.configs.Confine(s.idx.roots)
	s.pkgs = pkginfo.NewStore(func(path string, err error) {
		if errors.Is(err, pkginfo.ErrWorkspaceDeclaration) {
			log.Warn("workspace declaration skipped: "+pkginfo.Consequence(err), zap.String("file", path), zap.Error(err))
			s.showWarning(fmt.Sprintf("nodecoach: %s cannot be used, %s: %v", path, pkginfo.Consequence(err), err))
			return
		}
		log.Warn("package.json knowledge unavailable; versions from it count as unknown", zap.String("file", path), zap.Error(err))
		s.showWarning(fmt.Sprintf("nodecoach: %s cannot be used, the versions it gives count as unknown: %v", path, err))
	})
	s.pkgs.Confine(s.idx.roots)
	return s
}

// Serve speaks LSP over rwc until the client sends exit or closes the stream. It
// returns the process exit code the protocol asks for: 0 after shutdown, 1 otherwise.
// Malformed messages are answered and skipped, and writes never wait for the client:
// see stream.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) int {
	return s.serveStream(ctx, newStream(rwc, s.log), s)
}

// serveStream serves impl (the server itself, or a test's wrapper of it) on stream.
func (s *Server) serveStream(ctx context.Context, stream jsonrpc2.Stream, impl protocol.Server) int {
	ctx = protocol.WithLogger(ctx, slog.New(zapslog.NewHandler(s.log.Core())))
	conn := jsonrpc2.NewConn(stream, jsonrpc2.WithCodec(codec{}))
	s.client = protocol.ClientDispatcher(conn)
	conn.Go(ctx, s.handler(impl))
	select {
	case <-s.exited:
		// Closing the connection waits for its reader, which may sit in a blocking read
		// of stdin that only the process's exit ends; so close it without waiting.
		go conn.Close()
	case <-conn.Done():
		if err := conn.Err(); err != nil {
			s.log.Warn("connection ended", zap.Error(err))
		}
	}
	s.exitOnce.Do(func() { close(s.exited) }) // background work stops either way
	s.closeAll()
	if err := s.explainDocs.removeAll(); err != nil {
		s.log.Warn("the session's explanation files could not be removed", zap.Error(err))
	}
	if s.state.Load() == stateShutdown {
		return 0
	}
	return 1
}
