package server

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// Every rule's diagnostic links the documentation of the rule's entry, and a finding
// of no rule (the unused-suppression hint) links nothing.
func TestDiagnosticLinksItsRuleEntryDocs(t *testing.T) {
	s := New(Options{Name: "nodecoach"})
	sn := &snapshot{lines: source.NewLines([]byte("x\n"))}
	linked := 0
	for _, r := range rules.All() {
		want := ""
		if e := entries.ByID(r.Entry); e != nil {
			want = e.Docs
		}
		got := string(s.diagnosticOf(sn, analysis.Finding{Rule: r.Name, Start: 0, End: 1}).CodeDescription.Href)
		if got != want {
			t.Errorf("%s: codeDescription.href %q, want %q", r.Name, got, want)
		}
		if got != "" {
			linked++
		}
	}
	if linked == 0 {
		t.Error("no rule's diagnostic links documentation")
	}
	if href := s.diagnosticOf(sn, analysis.Finding{Rule: analysis.UnusedSuppression}).CodeDescription.Href; href != "" {
		t.Errorf("the unused-suppression hint links %q", href)
	}
}
