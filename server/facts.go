package server

import (
	"slices"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// recordFacts stores what a file establishes for its package p (packageFor). When that
// changes, the package's other open documents are analysed again: a mitigation added in
// one file (app.disable('x-powered-by'), app.set('trust proxy', 1)) clears findings in
// another.
func (s *Server) recordFacts(d *document, p *pkginfo.Package, facts []analysis.Fact) {
	if p == nil {
		return
	}
	if s.facts.Update(d.path, p.Dir, facts) {
		s.reanalyzePackage(p.Dir, d.uri)
	}
}

// reanalyzePackageOf re-checks the open documents of the package a path belongs to.
func (s *Server) reanalyzePackageOf(path string) {
	if p := s.pkgs.For(path); p != nil {
		s.reanalyzePackage(p.Dir, string(uri.File(path)))
	}
}

// reanalyzePackage re-checks the open documents of one package, except one, and the
// closed files whose findings depend on the others (unless a full walk is under way,
// which does that once at its end).
func (s *Server) reanalyzePackage(dir, except string) {
	if !s.idx.indexing.Load() {
		// Queued behind the file events, so that one file's judgements stay in order.
		dependent := slices.DeleteFunc(s.dependentFiles(dir), func(path string) bool { return string(uri.File(path)) == except })
		if len(dependent) > 0 {
			s.queueFileWork(fileWork{paths: dependent})
		}
	}
	s.mu.Lock()
	var docs []*document
	for u, d := range s.docs {
		if u != except {
			docs = append(docs, d)
		}
	}
	s.mu.Unlock()
	for _, d := range docs {
		if p := s.packageFor(d); p == nil || p.Dir != dir {
			continue
		}
		d.mu.Lock()
		d.force = true
		d.mu.Unlock()
		s.schedule(d)
	}
}

// related converts a finding's pointers into other files.
func (s *Server) related(f analysis.Finding) []protocol.DiagnosticRelatedInformation {
	out := make([]protocol.DiagnosticRelatedInformation, 0, len(f.Related))
	for _, r := range f.Related {
		w := r.Where
		start, end := w.Col16, w.EndCol16
		if s.encoding == source.UTF8 {
			start, end = w.Col8, w.EndCol8
		}
		out = append(out, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{URI: uri.File(w.Path), Range: protocol.Range{
				Start: protocol.Position{Line: uint32(w.Line), Character: uint32(start)},
				End:   protocol.Position{Line: uint32(w.EndLine), Character: uint32(end)},
			}},
			Message: r.Message,
		})
	}
	return out
}
