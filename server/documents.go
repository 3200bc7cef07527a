package server

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	sitter "github.com/tree-sitter/go-tree-sitter"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// document is one open text document. Edits are applied under mu in arrival order;
// analysis runs elsewhere on a copy and is keyed by version, so a slow analysis never
// blocks the next edit and a stale one is never published.
type document struct {
	uri  string
	path string // file system path, or the URI's path for untitled: and other schemes
	lang syntax.Language

	mu      sync.Mutex
	text    []byte
	lines   *source.Lines // text's line index, carried through the edits
	version int32
	edits   []source.Edit // made since snap's text, for an incremental reparse
	snap    *snapshot     // latest analysis
	pending bool          // a change awaits analysis
	running bool          // drain is running for this document
	closed  bool
	force   bool        // re-analyse the whole file even at the same version: the settings changed
	idle    *time.Timer // checks the whole file again once typing stops (see settle)

	analyzing chan struct{} // holds a token during an analysis (one at a time); see acquire
	// stale cancels the analysis drain runs, once an edit makes its version old: the
	// rules stop between two of them and the next version starts sooner.
	stale context.CancelFunc

	// life ends when the document is closed: the analyses it starts itself stop
	// then, instead of running on for a document nobody sees (see lifetime).
	life context.Context
	end  context.CancelFunc
}

func (s *Server) DidOpen(ctx context.Context, params *protocol.DidOpenTextDocumentParams) error {
	item := params.TextDocument
	uri := string(item.URI)
	path, _ := pathOf(uri)
	text := []byte(item.Text)
	doc := &document{uri: uri, path: path, lang: syntax.ForLanguageID(string(item.LanguageID), path),
		text: text, lines: source.NewLines(text), version: item.Version}
	s.mu.Lock()
	if old := s.docs[uri]; old != nil {
		old.close()
	}
	s.docs[uri] = doc
	s.mu.Unlock()
	s.schedule(doc)
	return nil
}

func (s *Server) DidChange(ctx context.Context, params *protocol.DidChangeTextDocumentParams) error {
	doc := s.doc(string(params.TextDocument.URI))
	if doc == nil {
		s.log.Warn("didChange for a document that is not open", zap.String("uri", string(params.TextDocument.URI)))
		return nil
	}
	changes := make([]source.Change, 0, len(params.ContentChanges))
	for _, c := range params.ContentChanges {
		switch c := c.(type) {
		case *protocol.TextDocumentContentChangePartial:
			r := source.Range{
				Start: source.Position{Line: c.Range.Start.Line, Character: c.Range.Start.Character},
				End:   source.Position{Line: c.Range.End.Line, Character: c.Range.End.Character},
			}
			changes = append(changes, source.Change{Range: &r, Text: c.Text})
		case *protocol.TextDocumentContentChangeWholeDocument:
			changes = append(changes, source.Change{Text: c.Text})
		}
	}
	doc.mu.Lock()
	if params.TextDocument.Version <= doc.version {
		doc.mu.Unlock()
		s.log.Warn("ignored a didChange older than the document", zap.String("uri", doc.uri),
			zap.Int32("version", params.TextDocument.Version), zap.Int32("current", doc.version))
		return nil
	}
	lines, edits, err := doc.lines.Apply(changes, s.encoding)
	if err != nil {
		doc.mu.Unlock()
		s.log.Warn("ignored an invalid didChange", zap.String("uri", doc.uri), zap.Error(err))
		return nil
	}
	doc.text, doc.lines, doc.version = lines.Text(), lines, params.TextDocument.Version
	doc.edits = append(doc.edits, edits...)
	if doc.stale != nil {
		doc.stale()
	}
	doc.mu.Unlock()
	s.schedule(doc)
	return nil
}

func (s *Server) DidClose(ctx context.Context, params *protocol.DidCloseTextDocumentParams) error {
	uri := string(params.TextDocument.URI)
	s.mu.Lock()
	doc := s.docs[uri]
	delete(s.docs, uri)
	s.mu.Unlock()
	if doc != nil {
		doc.close()
	}
	var err error
	if !s.pullDiags {
		err = s.client.PublishDiagnostics(ctx, &protocol.PublishDiagnosticsParams{URI: params.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	}
	if doc != nil && len(s.folders) > 0 && s.idx.roots.Contains(doc.path) {
		// The saved file is the index's again: it was skipped while open, and without
		// this the workspace's findings and topics would lack it until it changes.
		go s.indexFile(doc.path)
	}
	return err
}

func (s *Server) doc(uri string) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[uri]
}

// close marks the document closed and returns at once. The read loop calls it for
// didClose, a reopen and shutdown, and every later message waits behind it: so a
// running analysis is cancelled, never awaited, and the last snapshot is freed when
// its readers are done.
func (d *document) close() {
	d.mu.Lock()
	d.closed = true
	if d.idle != nil {
		d.idle.Stop()
	}
	if d.end != nil {
		d.end()
	}
	snap := d.snap
	d.snap = nil
	d.mu.Unlock()
	if snap != nil {
		snap.release() // the document's hold: freed now, or by its last reader
	}
}

// lifetime is the context of the analyses the document starts itself (after an
// edit, once typing stops): it ends when the document is closed.
func (d *document) lifetime() context.Context {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.life == nil {
		d.life, d.end = context.WithCancel(context.Background())
		if d.closed {
			d.end()
		}
	}
	return d.life
}

func (s *Server) closeAll() {
	s.mu.Lock()
	docs := s.docs
	s.docs = map[string]*document{}
	s.mu.Unlock()
	for _, d := range docs {
		d.close()
	}
}

// acquire waits for the document's analysis slot, unless ctx ends first: a request
// cancelled behind a long analysis is answered at once, not when that one ends.
func (d *document) acquire(ctx context.Context) bool {
	d.mu.Lock()
	if d.analyzing == nil {
		d.analyzing = make(chan struct{}, 1)
	}
	slot := d.analyzing
	d.mu.Unlock()
	if ctx.Err() != nil {
		return false
	}
	select {
	case slot <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (d *document) release() { <-d.analyzing }

// defaultMaxFileSize bounds the analysis of one document unless the setting
// nodecoach.maxFileSize says otherwise: past it (a minified bundle, a generated file)
// the document is served without findings and says why.
const defaultMaxFileSize = 2 << 20

// analyze brings the document's snapshot up to its current version and returns it
// acquired (the caller releases it); nil when the document was closed meanwhile, or
// when ctx ended before the analysis did (the document keeps its previous snapshot,
// and the next analysis starts over).
func (s *Server) analyze(ctx context.Context, d *document) *snapshot {
	if !d.acquire(ctx) {
		return nil // cancelled while another analysis ran
	}
	defer d.release()
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	prev, text, lines, version, edits, force := d.snap, d.text, d.lines, d.version, d.edits, d.force
	// The document holds its latest snapshot, so prev can be acquired here: the
	// analysis builds on its tree and result while features may still read them.
	if prev != nil && !prev.acquire() {
		prev = nil
	}
	if prev != nil && prev.version == version && !force {
		d.mu.Unlock()
		return prev
	}
	d.edits, d.force = nil, false
	d.mu.Unlock()
	if prev != nil {
		defer prev.release()
	}

	next := &snapshot{version: version, lines: lines}
	switch limit := s.maxFileSize(); {
	case d.lang == syntax.Unknown:
		next.skipped = "not a JavaScript or TypeScript file"
	case len(text) > limit:
		next.skipped = fmt.Sprintf("the file is %s, over the %s of nodecoach.maxFileSize", safefs.Size(int64(len(text))), safefs.Size(int64(limit)))
		next.notice = "nodecoach did not analyse this file: it is " + safefs.Size(int64(len(text))) + ", over the " + safefs.Size(int64(limit)) +
			" of the nodecoach.maxFileSize setting (minified bundles and generated files are skipped); raise the setting to analyse it."
	default:
		pkg := s.packageFor(d)
		if isFileURI(d.uri) {
			s.textChanged(d.path, packageDir(pkg), text) // the facts its text makes read are recorded first
		}
		opts := s.optionsIn(d, pkg)
		file, result, err := func() (*analysis.File, analysis.Result, error) {
			var old *sitter.Tree
			var last *analysis.Result
			if prev != nil && prev.file != nil && prev.file.Tree != nil && len(edits) > 0 {
				old = analysis.Edited(prev.file.Tree, edits)
				defer syntax.Close(old)
				if !force {
					last = &prev.result
				}
			}
			return analysis.Recheck(ctx, d.path, d.lang, text, old, edits, last, pkg, s.rules, opts)
		}()
		if err != nil && ctx.Err() != nil {
			// A cancelled request: this is no result for the version. Give the edits
			// back, ahead of any made meanwhile, so that the next analysis can still
			// reparse incrementally from prev.
			d.mu.Lock()
			d.edits = append(edits[:len(edits):len(edits)], d.edits...)
			d.force = d.force || force
			d.mu.Unlock()
			return nil
		}
		if err != nil {
			next.skipped = "parse failed: " + err.Error()
			break
		}
		if result.Skipped != "" {
			// Hover would walk the same depth: keep no tree for it.
			syntax.Close(file.Tree)
			next.skipped = result.Skipped
			next.notice = analysis.SkippedMessage(result.Skipped)
			break
		}
		next.file, next.result = file, result
		for _, p := range result.Problems {
			s.log.Error("a rule failed; its findings are missing", zap.String("uri", d.uri), zap.Error(p))
		}
		if s.excluded(d, pkg, opts.Exclude, file.Src) {
			// As in check: an excluded file gives no findings and no facts.
			next.result.Findings = nil
			next.skipped = "excluded by default (tests, scripts, build output)"
			s.recordFacts(d, pkg, nil)
		} else {
			s.recordFacts(d, pkg, result.Facts)
		}
	}
	if next.skipped != "" {
		s.log.Info("document not analysed", zap.String("uri", d.uri), zap.String("reason", next.skipped))
	}
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		next.free() // never published: nobody else holds it
		return nil
	}
	next.refs.Store(2) // the document's hold and the caller's
	superseded := d.snap
	d.snap = next
	d.mu.Unlock()
	if superseded != nil {
		superseded.release() // the document's hold on it
	}
	return next
}

// schedule asks for the document to be analysed and, for push clients, its
// diagnostics published. Work starts at once when the document is idle; changes that
// arrive while an analysis runs coalesce into one more run after it. So the first
// keystroke after a pause is answered right away, and fast typing never queues more
// than one analysis: the analysis time itself is the debounce.
func (s *Server) schedule(d *document) {
	d.mu.Lock()
	d.pending = true
	start := !d.running && !d.closed
	d.running = d.running || start
	d.mu.Unlock()
	if start {
		go s.drain(d)
	}
}

// drain analyses the document until no change is pending.
func (s *Server) drain(d *document) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("recovered from a panic during analysis", zap.String("uri", d.uri), zap.Any("panic", p))
			d.mu.Lock()
			d.running = false
			d.mu.Unlock()
		}
	}()
	for {
		life := d.lifetime()
		d.mu.Lock()
		if !d.pending || d.closed {
			d.running = false
			d.mu.Unlock()
			return
		}
		d.pending = false
		ctx, cancel := context.WithCancel(life)
		d.stale = cancel
		d.mu.Unlock()
		snap := s.analyze(ctx, d)
		d.mu.Lock()
		d.stale = nil
		d.mu.Unlock()
		cancel()
		if snap != nil {
			if !s.pullDiags {
				s.publish(d, snap)
			}
			s.settleLater(d, snap)
			snap.release()
		}
	}
}

// settleDelay is how long a document must stay unchanged after an analysis of one
// statement before the whole file is checked again.
const settleDelay = 300 * time.Millisecond

// settleLater arranges for settle to run once the document has been idle for
// settleDelay after snap, when snap checked one statement only; the caller holds snap.
func (s *Server) settleLater(d *document, snap *snapshot) {
	if !snap.result.Incremental() {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.idle != nil {
		d.idle.Stop()
	}
	d.idle = time.AfterFunc(settleDelay, func() { s.settle(d, snap.version) })
}

// settle checks the whole file of a document that stopped changing at version. The
// analyses of one statement at a time build on the last whole check; a fresh one
// lets the next edit, wherever it is, be checked alone again, and frees what the old
// one kept. Its findings must be those already published: when they are not, the
// difference is logged as a bug and published.
func (s *Server) settle(d *document, version int32) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("recovered from a panic while checking an idle document", zap.String("uri", d.uri), zap.Any("panic", p))
		}
	}()
	d.mu.Lock()
	if d.closed || d.running || d.version != version || d.snap == nil || d.snap.version != version {
		d.mu.Unlock()
		return
	}
	d.force = true
	published := d.snap.result.Findings // never changed once published
	d.mu.Unlock()
	snap := s.analyze(d.lifetime(), d)
	if snap == nil {
		return
	}
	defer snap.release()
	if snap.version != version {
		return
	}
	same := reflect.DeepEqual(snap.result.Findings, published)
	if !same {
		s.log.Warn("a check of one statement disagreed with a whole check; publishing the whole check's findings", zap.String("uri", d.uri))
		if !s.pullDiags {
			s.publish(d, snap)
		}
	}
}

// isFileURI tells whether package.json knowledge can apply.
func isFileURI(uri string) bool { return strings.HasPrefix(uri, "file:") }
