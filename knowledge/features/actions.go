package features

import (
	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// Action is one quick fix offered for a finding.
type Action struct {
	Title   string
	Finding analysis.Finding // the finding it answers
	// Edits change the file; none for an action that runs ExplainRule instead.
	Edits     []analysis.Edit
	Preferred bool
	// ExplainRule, when set, is the rule whose explanation the action opens.
	ExplainRule string
}

// Actions offers, for each finding that touches [start, end]: its fix (preferred),
// "Disable <rule> for this line" (a comment where a comment is code, see
// analysis.DisableNextLine), and "Explain <rule>". lines is the file's line index.
func Actions(f *analysis.File, res analysis.Result, lines *source.Lines, start, end uint) []Action {
	var out []Action
	for _, fd := range res.Findings {
		if fd.End < start || fd.Start > end {
			continue
		}
		if fd.Fix != nil {
			out = append(out, Action{Title: fd.Fix.Title, Finding: fd, Edits: fd.Fix.Edits, Preferred: true})
		}
		if fd.Rule == analysis.UnusedSuppression {
			continue // its fix removes it; disabling or explaining it makes no sense
		}
		out = append(out,
			Action{Title: "Disable " + fd.Rule + " for this line", Finding: fd,
				Edits: []analysis.Edit{analysis.DisableNextLine(f.Tree.RootNode(), lines, fd.Rule, fd.Start)}},
			Action{Title: "Explain " + fd.Rule, Finding: fd, ExplainRule: fd.Rule})
	}
	return out
}
