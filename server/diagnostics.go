package server

import (
	"context"
	"path/filepath"
	"sync"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// packageFor is the package.json knowledge of a document, nil for untitled buffers.
func (s *Server) packageFor(d *document) *pkginfo.Package {
	if !isFileURI(d.uri) {
		return nil
	}
	return s.pkgs.For(d.path)
}

// excluded applies the default exclusions (tests, scripts, build output, bin/ files
// that are command-line tools) relative to the package root, as `nodecoach check`
// does; p is the document's package (packageFor), src its text.
func (s *Server) excluded(d *document, p *pkginfo.Package, extra []string, src []byte) bool {
	rel := filepath.Base(d.path)
	if p != nil {
		if r, err := filepath.Rel(p.Dir, d.path); err == nil {
			rel = r
		}
	}
	return analysis.Excluded(filepath.ToSlash(rel), extra, p, func() []byte { return src })
}

// diagnostics converts a snapshot's findings to LSP diagnostics.
func (s *Server) diagnostics(sn *snapshot) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(sn.result.Findings))
	s.mu.Lock()
	disabled := s.disabled
	s.mu.Unlock()
	if disabled {
		return out
	}
	if sn.notice != "" {
		out = append(out, protocol.Diagnostic{
			Severity: protocol.DiagnosticSeverityInformation,
			Code:     protocol.String(analysis.SkippedRule), // as check reports it
			Source:   protocol.NewOptional("nodecoach"),
			Message:  protocol.String(sn.notice),
		}) // at 0:0, the start of the first line
	}
	for _, f := range sn.result.Findings {
		out = append(out, s.diagnosticOf(sn, f))
	}
	return out
}

// diagnosticOf converts one finding.
func (s *Server) diagnosticOf(sn *snapshot, f analysis.Finding) protocol.Diagnostic {
	d := protocol.Diagnostic{
		Range:    s.toRange(sn.lines, f.Start, f.End),
		Severity: protocol.DiagnosticSeverity(f.Severity),
		Code:     protocol.String(f.Rule),
		Source:   protocol.NewOptional("nodecoach"),
		Message:  protocol.String(f.Message),
	}
	var tags []protocol.DiagnosticTag
	if f.Unnecessary {
		tags = append(tags, protocol.DiagnosticTagUnnecessary)
	}
	if f.Deprecated {
		tags = append(tags, protocol.DiagnosticTagDeprecated)
	}
	if len(tags) > 0 {
		d.Tags = protocol.NewDiagnosticTags(tags...)
	}
	if len(f.Related) > 0 {
		d.RelatedInformation = s.related(f)
	}
	if href, ok := ruleDocs()[f.Rule]; ok {
		d.CodeDescription = protocol.CodeDescription{Href: href}
	}
	return d
}

// ruleDocs maps each rule to the documentation page of its entry, for the rules whose
// entry has one. Rules and entries are built into the program, so the map is made
// once: a publish converts every finding of the file on each keystroke, and looking
// each rule up by name among all of them cost more than the rest of the conversion.
var ruleDocs = sync.OnceValue(func() map[string]uri.URI {
	docs := map[string]uri.URI{}
	for _, r := range rules.All() {
		if e := entries.ByID(r.Entry); e != nil && e.Docs != "" {
			docs[r.Name] = uri.URI(e.Docs)
		}
	}
	return docs
})

func (s *Server) toRange(lines *source.Lines, start, end uint) protocol.Range {
	a := lines.Position(int(start), s.encoding)
	b := lines.Position(int(end), s.encoding)
	return protocol.Range{
		Start: protocol.Position{Line: a.Line, Character: a.Character},
		End:   protocol.Position{Line: b.Line, Character: b.Character},
	}
}

// publish pushes a snapshot's diagnostics unless the document moved on meanwhile: a
// newer version is on its way and this one would only flicker.
func (s *Server) publish(d *document, sn *snapshot) {
	d.mu.Lock()
	current := !d.closed && d.version == sn.version
	d.mu.Unlock()
	if !current {
		return
	}
	diags := s.diagnostics(sn) // what it reads never changes: no lock (see snapshot)
	err := s.client.PublishDiagnostics(context.Background(), &protocol.PublishDiagnosticsParams{
		URI: uri.URI(d.uri), Version: protocol.NewOptional(sn.version), Diagnostics: diags,
	})
	if err != nil {
		s.log.Warn("publishing diagnostics failed", zap.String("uri", d.uri), zap.Error(err))
	}
}

// Diagnostic answers a pull request with the current version's findings.
func (s *Server) Diagnostic(ctx context.Context, params *protocol.DocumentDiagnosticParams) (protocol.DocumentDiagnosticReport, error) {
	report := &protocol.RelatedFullDocumentDiagnosticReport{}
	report.Kind = string(protocol.DocumentDiagnosticReportKindFull)
	report.Items = []protocol.Diagnostic{}
	d := s.doc(string(params.TextDocument.URI))
	if d == nil {
		return report, nil
	}
	if sn := s.analyze(ctx, d); sn != nil {
		report.Items = s.diagnostics(sn)
		sn.release()
	}
	return report, nil
}
