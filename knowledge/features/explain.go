package features

import (
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// Explanation is a document explaining what is at an offset, in Markdown.
type Explanation struct {
	Title    string
	Markdown string
}

// ExplainAt explains every rule with a finding at offset and the API under it; nil
// when there is nothing to explain. The API's entry is left out when it is the first
// rule's own entry, which the rule's explanation already carries.
func ExplainAt(f *analysis.File, res analysis.Result, offset uint) *Explanation {
	here := AtOffset(f, res, offset)
	var titles, parts []string
	for _, fd := range here.Findings {
		r := rules.ByName(fd.Rule)
		titles = append(titles, r.Name)
		parts = append(parts, explain.Rule(r))
	}
	if here.Entry != nil && (len(here.Findings) == 0 || entries.ByRule(here.Findings[0].Rule) != here.Entry) {
		titles = append(titles, here.Entry.Title)
		parts = append(parts, here.Entry.Markdown())
	}
	if len(parts) == 0 {
		return nil
	}
	return &Explanation{Title: strings.Join(titles, " · "), Markdown: explain.Join(parts, explain.Markdown)}
}
