package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/project"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
	"github.com/nodecoach/nodecoach/knowledge/walkgc"
	"github.com/nodecoach/nodecoach/knowledge/workspace"
)

// index holds the diagnostics of the workspace's files that are not open, found by a
// background walk of the workspace folders and kept fresh by file-change events.
type index struct {
	mu    sync.Mutex
	files map[string][]protocol.Diagnostic // by URI
	runs  atomic.Int32                     // numbers progress tokens
	// dependent are the files whose result depends on other files of their package
	// (cross-file rules): analysed again when those files' facts change.
	dependent map[string]bool // by path
	// indexing is set during a full walk, which judges dependent files once at its end
	// instead of after every file.
	indexing atomic.Bool
	// roots are the workspace folders: every project file is read within them.
	roots *safefs.Roots

	// One full walk runs at a time. A request while one runs cancels it, and one new
	// walk follows once it has stopped, however many requests came meanwhile.
	runMu   sync.Mutex
	running bool               // the indexing goroutine is alive
	pending bool               // a walk was asked for since the current one started
	cancel  context.CancelFunc // stops the current walk
	// walked, when set (by tests), sees the file list between the walk and the reads.
	walked func(files []string)
	// saving, when set (by tests), is called after a complete walk's progress ends,
	// before its cache is written.
	saving func()
	// saveMu is held from a complete walk's end of progress until its cache is written.
	saveMu sync.Mutex
	// recording, when set (by tests), is called in the walk's record callback, after
	// the file is read and before its result is kept.
	recording func(path string)
	// judged, when set (by tests), sees each closed file's judgement outside a walk,
	// in the order they are kept.
	judged func(r project.FileResult)
	// events orders the work of file-change events (see fileEvents).
	events fileEvents
	// looks keep the request-path gate of the walk exact as files change (gateLooks).
	looks gateLooks

	driverOnce sync.Once
	drv        *project.Driver
	// lastCacheReads is how many files the last complete walk took from the cache.
	lastCacheReads atomic.Int64
	// cacheOff is nodecoach.cache set to false: the index keeps no persistent cache.
	cacheOff atomic.Bool
	// untabled are the closed files the index checked without parsing them, by path,
	// with their package's directory, whose route tables are not built yet: they are
	// when a request first needs their package's (tableUntabled).
	untabled map[string]string
	// tabling is held while their tables are built: a request meanwhile waits for the
	// tables another one is building instead of reading without them.
	tabling sync.Mutex
}

// indexWorkspace asks for every checkable file of the workspace folders to be analysed
// again, and returns at once. A package.json change event storm once started a full
// walk per event, all at the same time; now they collapse into one.
func (s *Server) indexWorkspace() {
	if len(s.folders) == 0 {
		return
	}
	s.idx.runMu.Lock()
	defer s.idx.runMu.Unlock()
	s.idx.pending = true
	if s.idx.cancel != nil {
		s.idx.cancel()
	}
	if !s.idx.running {
		s.idx.running = true
		go s.indexLoop()
	}
}

// stopIndex cancels the running walk and drops any that was asked for: shutdown
// calls it, so that the walk stops at once rather than at its next progress report.
func (s *Server) stopIndex() {
	s.idx.runMu.Lock()
	defer s.idx.runMu.Unlock()
	s.idx.pending = false
	if s.idx.cancel != nil {
		s.idx.cancel()
	}
}

// waitIndexSave returns once the cache of a complete walk is written, when one is
// being written: shutdown waits for it.
func (s *Server) waitIndexSave() {
	s.idx.saveMu.Lock()
	defer s.idx.saveMu.Unlock()
}

// indexLoop runs walks while they are asked for, one after the other.
func (s *Server) indexLoop() {
	for {
		s.idx.runMu.Lock()
		if !s.idx.pending || s.state.Load() == stateShutdown || s.hasExited() {
			s.idx.running, s.idx.pending, s.idx.cancel = false, false, nil
			s.idx.runMu.Unlock()
			return
		}
		s.idx.pending = false
		ctx, cancel := context.WithCancel(context.Background())
		s.idx.cancel = cancel
		s.idx.runMu.Unlock()
		s.runIndex(ctx)
		cancel()
	}
}

// runIndex analyses every checkable file of the workspace folders through the
// workspace driver check uses, reporting work-done progress when the client shows it,
// until ctx is cancelled. A cancelled walk stops between files: the file being
// analysed is finished, so the index stays whole.
func (s *Server) runIndex(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cache := s.openIndexCache() // its verdicts spare the walk a read of unchanged files
	defer walkgc.Begin(walkgc.Floor(cache != nil))()
	go func() { // shutdown and exit end the walk too
		select {
		case <-s.exited:
			cancel()
		case <-ctx.Done():
		}
	}()
	files, _ := cache.Discover(s.folders, func(sk workspace.Skipped) {
		s.log.Info("not indexed", zap.String("file", sk.Path), zap.String("reason", sk.Reason))
	})
	if s.idx.walked != nil {
		s.idx.walked(files)
	}
	progress := s.beginProgress("nodecoach: indexing", fmt.Sprintf("%d files", len(files)))
	var findings atomic.Int64
	s.idx.indexing.Store(true)
	s.beginWalkEvents()
	// The driver's reads check each directory for links once in a run; the
	// configuration and package stores read through the server's own roots, which do
	// the same while the walk runs (they looked at every name of a path for every
	// package.json and configuration lookup: a tenth of a cold index's CPU).
	forget := s.idx.roots.Remember()
	err := s.driver().Run(ctx, files, project.RunOptions{
		Cache: cache,
		Facts: s.facts,
		Busy:  s.typing,
		Looks: s.keepLooks,
		Progress: func(done, total int) {
			if s.state.Load() == stateShutdown {
				cancel() // shutdown stops the walk; exit would too
			}
			if total == len(files) {
				progress.report(done, total)
			}
		},
	}, func(r project.FileResult) {
		if s.idx.recording != nil {
			s.idx.recording(r.Path)
		}
		findings.Add(int64(s.recordIndexed(r)))
	})
	forget()
	// The walk parsed in arenas; the chunks it freed are the system's again, not
	// kept for parses that may come much later.
	syntax.ReleaseIdleArenas()
	s.idx.indexing.Store(false)
	// Files changed meanwhile are judged again, after every record of the walk (a
	// stopped walk's too: the next one may come much later).
	s.endWalkEvents()
	if err != nil || s.state.Load() == stateShutdown {
		progress.end("stopped: the workspace changed")
		s.log.Info("workspace indexing stopped", zap.Int("files", len(files)))
		return
	}
	s.idx.lastCacheReads.Store(int64(cache.Reads()))
	// Every file's facts are known now: the open documents see them.
	s.rescheduleOpen()
	// The index is complete once every file is judged: the cache is written after its
	// progress ends (check, which the index is measured against, writes none). A
	// shutdown meanwhile waits for the write (see waitIndexSave), so a client that
	// stops the server once the index is built still finds it next time; exit gives
	// the write up, leaving the file in place as it was.
	s.idx.saveMu.Lock()
	progress.end(fmt.Sprintf("%d files, %d findings", len(files), findings.Load()))
	if s.idx.saving != nil {
		s.idx.saving()
	}
	saveCtx, stopSave := context.WithCancel(context.Background())
	go func() {
		select {
		case <-s.exited:
			stopSave()
		case <-saveCtx.Done():
		}
	}()
	cache.SaveContext(saveCtx)
	stopSave()
	s.idx.saveMu.Unlock()
	s.log.Info("workspace indexed", zap.Int("files", len(files)), zap.Int64("findings", findings.Load()),
		zap.Int("from cache", cache.Reads()))
}

// indexFile analyses one file from disk with the facts of the rest of its package, and
// records (and, when asked to, publishes) its diagnostics. It returns how many there
// are. The files whose facts its new text makes read are judged first (textChanged).
func (s *Server) indexFile(path string) int {
	if s.doc(string(uri.File(path))) != nil {
		return 0 // open documents speak for themselves
	}
	src, err := s.driver().ReadFile(path)
	if err != nil {
		src = nil // judged without it, which reports the error
	}
	s.textChanged(path, packageDir(s.pkgs.For(path)), src)
	return s.recordJudged(s.driver().Judge(context.Background(), path, src, s.facts))
}

// recordJudged keeps a closed file's judgement with every fact: its facts, and when
// they changed, the package's open documents and the files depending on them are
// analysed again; then its diagnostics (recordIndexed).
func (s *Server) recordJudged(r project.FileResult) int {
	if s.idx.judged != nil {
		s.idx.judged(r)
	}
	changed := false
	if r.Checked && r.Err == nil && r.PkgDir != "" {
		changed = s.facts.Update(r.Abs, r.PkgDir, r.Facts)
	} else {
		changed = s.facts.Remove(r.Abs)
	}
	if changed {
		s.reanalyzePackageOf(r.Abs)
	}
	return s.recordIndexed(r)
}

// recordIndexed keeps what the driver found for a closed file: that its route table is
// to be built when asked for (noteTable), whether it depends on the other files, and its
// diagnostics, published when asked to. A file that was not analysed (gone, excluded,
// refused) publishes an empty list only to clear what it had. It returns how many
// diagnostics the file has.
func (s *Server) recordIndexed(r project.FileResult) int {
	path := r.Path
	docURI := string(uri.File(path))
	if s.doc(docURI) != nil {
		return 0 // open documents speak for themselves
	}
	if r.Err != nil && !errors.Is(r.Err, fs.ErrNotExist) {
		s.log.Info("not indexed", zap.String("file", path), zap.Error(r.Err))
	}
	var diags []protocol.Diagnostic
	analysed := r.Checked && r.Err == nil
	s.noteTable(path, r.PkgDir, analysed && r.PkgDir != "")
	if analysed {
		sn := &snapshot{result: analysis.Result{Findings: r.Findings}}
		if len(r.Findings) > 0 {
			// Only findings need the lines (their ranges): indexing them for every file
			// was a scan of every byte the index read.
			sn.lines = source.NewLines(r.Src)
		}
		diags = s.diagnostics(sn)
	}
	s.idx.mu.Lock()
	if analysed && r.Again {
		s.idx.dependent[path] = true
	} else {
		delete(s.idx.dependent, path)
	}
	_, had := s.idx.files[docURI]
	if diags == nil {
		delete(s.idx.files, docURI)
	} else {
		s.idx.files[docURI] = diags
	}
	s.idx.mu.Unlock()
	if s.publishClosed() && (diags != nil || had) {
		if diags == nil {
			diags = []protocol.Diagnostic{}
		}
		_ = s.client.PublishDiagnostics(context.Background(), &protocol.PublishDiagnosticsParams{URI: uri.URI(docURI), Diagnostics: diags})
	}
	return len(diags)
}

// publishClosed: push diagnostics of closed files only when the user asked for it
// (nodecoach.workspaceDiagnostics) and the client does not pull them.
func (s *Server) publishClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.workspaceDiags && !s.pullDiags
}

// DiagnosticWorkspace answers workspace/diagnostic with every indexed file that is not
// open; open files are reported through document pulls.
func (s *Server) DiagnosticWorkspace(_ context.Context, _ *protocol.WorkspaceDiagnosticParams) (*protocol.WorkspaceDiagnosticReport, error) {
	report := &protocol.WorkspaceDiagnosticReport{Items: []protocol.WorkspaceDocumentDiagnosticReport{}}
	s.idx.mu.Lock()
	defer s.idx.mu.Unlock()
	for docURI, diags := range s.idx.files {
		item := &protocol.WorkspaceFullDocumentDiagnosticReport{URI: uri.URI(docURI)}
		item.Kind = string(protocol.DocumentDiagnosticReportKindFull)
		item.Items = diags
		report.Items = append(report.Items, item)
	}
	return report, nil
}

// watchedGlobs are the files whose changes nodecoach must see: sources, and what
// decides versions and settings.
var watchedGlobs = []string{
	"**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}", "**/package.json", "**/package-lock.json",
	"**/pnpm-lock.yaml", "**/pnpm-workspace.yaml", "**/yarn.lock", "**/.nodecoach.json",
}

// registerWatchers asks the client to report file changes (off the read loop: the
// registration is a request to the client).
func (s *Server) registerWatchers() {
	if !s.watchFiles {
		return
	}
	watchers := make([]protocol.FileSystemWatcher, 0, len(watchedGlobs))
	for _, g := range watchedGlobs {
		watchers = append(watchers, protocol.FileSystemWatcher{GlobPattern: protocol.Pattern(g)})
	}
	opts, err := protocol.Marshal(&protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: watchers})
	if err == nil {
		err = s.client.RegisterCapability(context.Background(), &protocol.RegistrationParams{Registrations: []protocol.Registration{{
			ID: "nodecoach-watch", Method: protocol.MethodWorkspaceDidChangeWatchedFiles, RegisterOptions: opts,
		}}})
	}
	if err != nil {
		s.log.Warn("could not register file watchers", zap.Error(err))
	}
}

// DidChangeWatchedFiles refreshes what a change affects: package and configuration
// files change the analysis of every file, a source file only its own. The work is
// queued and done in order (see fileEvents); the notification returns at once.
func (s *Server) DidChangeWatchedFiles(_ context.Context, params *protocol.DidChangeWatchedFilesParams) error {
	var sources []string
	everything := false
	for _, c := range params.Changes {
		path, ok := pathOf(string(c.URI))
		if !ok {
			continue
		}
		switch name := filepath.Base(path); {
		case name == "package.json" || name == "package-lock.json" || name == "pnpm-lock.yaml" || name == "pnpm-workspace.yaml" ||
			name == "yarn.lock" || name == ".nodecoach.json":
			s.pkgs.Invalidate(path)
			s.workspaceFileChanged(path)
			everything = true
		case syntax.ForPath(path) != syntax.Unknown && s.idx.roots.Contains(path) &&
			!strings.Contains(path, string(filepath.Separator)+"node_modules"+string(filepath.Separator)):
			// Only the workspace's own files: an event may name any path.
			sources = append(sources, path)
			if c.Type != protocol.FileChangeTypeChanged {
				// A file created or deleted may be the one another package's import
				// names: its importers are tabled again.
				sources = append(sources, s.workspaceFileChanged(path)...)
			}
		}
	}
	if everything {
		s.indexWorkspace() // coalesced: returns at once
		s.queueFileWork(fileWork{everything: true})
		return nil
	}
	if len(sources) > 0 {
		// A file's importers may be named by several events, or be events themselves.
		slices.Sort(sources)
		sources = slices.Compact(sources)
		s.noteDuringWalk(sources)
		s.queueFileWork(fileWork{paths: sources})
	}
	return nil
}

// progress reports work-done progress, or nothing when the client does not show it.
type progress struct {
	s       *Server
	token   protocol.ProgressToken
	lastPct uint32
}

func (s *Server) beginProgress(title, message string) *progress {
	if !s.workDoneProgress {
		return &progress{}
	}
	token := protocol.String(fmt.Sprintf("nodecoach-index-%d", s.idx.runs.Add(1)))
	if err := s.client.WorkDoneProgressCreate(context.Background(), &protocol.WorkDoneProgressCreateParams{Token: token}); err != nil {
		return &progress{}
	}
	p := &progress{s: s, token: token}
	zero := uint32(0)
	p.send(&protocol.WorkDoneProgressBegin{Kind: "begin", Title: title, Message: &message, Percentage: &zero})
	return p
}

// report sends a percentage when it moved by at least 5 points: a report per file
// would flood the client on a large workspace.
func (p *progress) report(done, total int) {
	if p.s == nil || total == 0 {
		return
	}
	pct := uint32(done * 100 / total)
	if pct < p.lastPct+5 && done != total {
		return
	}
	p.lastPct = pct
	msg := fmt.Sprintf("%d/%d files", done, total)
	p.send(&protocol.WorkDoneProgressReport{Kind: "report", Message: &msg, Percentage: &pct})
}

func (p *progress) end(message string) {
	if p.s != nil {
		p.send(&protocol.WorkDoneProgressEnd{Kind: "end", Message: &message})
	}
}

func (p *progress) send(value any) {
	raw, err := protocol.Marshal(value)
	if err == nil {
		err = p.s.client.Progress(context.Background(), &protocol.ProgressParams{Token: p.token, Value: raw})
	}
	if err != nil {
		p.s.log.Warn("progress notification failed", zap.Error(err))
	}
}

// dependentFiles lists the indexed files that depend on other files, in the package
// dir ("" for every package).
func (s *Server) dependentFiles(dir string) []string {
	s.idx.mu.Lock()
	var paths []string
	for path := range s.idx.dependent {
		paths = append(paths, path)
	}
	s.idx.mu.Unlock()
	if dir == "" {
		return paths
	}
	var out []string
	for _, path := range paths {
		if p := s.pkgs.For(path); p != nil && p.Dir == dir {
			out = append(out, path)
		}
	}
	return out
}
