package server

import (
	"strings"
	"sync"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// TestAnEditCancelsTheStaleAnalysis: an edit made while the previous version is being
// analysed stops that analysis between two rules. The rules after the running one
// never see the old text, and only the new version's diagnostics are published.
func TestAnEditCancelsTheStaleAnalysis(t *testing.T) {
	ss := newSession(t)
	ss.initialize(false, false)
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var mu sync.Mutex
	var seen []string
	blocks := &analysis.Rule{Name: "blocks", Severity: analysis.Warning, Kinds: []string{"program"},
		Run: func(p *analysis.Pass, _ *sitter.Node) {
			if strings.Contains(string(p.File.Src), "first") {
				once.Do(func() { close(entered); <-release })
			}
		}}
	after := &analysis.Rule{Name: "after", Severity: analysis.Warning, Kinds: []string{"program"},
		Run: func(p *analysis.Pass, n *sitter.Node) {
			mu.Lock()
			seen = append(seen, string(p.File.Src))
			mu.Unlock()
			p.ReportNode(n, 0, "seen", nil)
		}}
	ss.s.rules = []*analysis.Rule{blocks, after}

	doc := uri.URI("untitled:stale.js")
	ss.open(doc, "javascript", "first();\n")
	<-entered
	ss.change(doc, 2, &protocol.TextDocumentContentChangeWholeDocument{Text: "second();\n"})
	// The change is a notification: the server may not have read it yet. The rule is
	// released once it has (the version and the cancellation are set under one lock),
	// else a slower server (the race detector's) lets the stale check go on.
	eventually(t, "the edit applied", func() bool { _, v := ss.text(doc); return v == 2 })
	close(release)
	eventually(t, "version 2's diagnostics", func() bool {
		ss.client.mu.Lock()
		defer ss.client.mu.Unlock()
		for _, p := range ss.client.diags {
			if v, _ := p.Version.Get(); v == 2 {
				return true
			}
		}
		return false
	})
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0] != "second();\n" {
		t.Errorf("the rule after the cancelled one saw %q, want only the new text", seen)
	}
	ss.client.mu.Lock()
	defer ss.client.mu.Unlock()
	for _, p := range ss.client.diags {
		if v, _ := p.Version.Get(); v == 1 {
			t.Errorf("the stale version's diagnostics were published: %+v", p)
		}
	}
}
