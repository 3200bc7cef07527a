package topics

import (
	"fmt"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/entries"
)

// Practice is an entry as an interview drill: the question to answer first, then, on
// demand, the entry's answer and what the interview answer gets wrong.
type Practice struct {
	Questions   []string // "R2.3 What are streams…?"; a question of nodecoach's own when the entry has no seed question
	Answer      string   // Markdown: every section but the corrections
	Corrections string   // Markdown: "What the interview answer gets wrong", "" when the entry has none
}

// PracticeOf returns the entry as a drill.
func PracticeOf(e *entries.Entry) Practice {
	var p Practice
	for _, id := range e.Source {
		if q := entries.Question(id); q != "" {
			p.Questions = append(p.Questions, id+" "+q)
		}
	}
	if len(p.Questions) == 0 {
		p.Questions = []string{fmt.Sprintf("Explain %s: what it is, and why it matters in a Node.js backend.", e.Title)}
	}
	var answer strings.Builder
	for _, s := range e.Sections {
		if s.Title == entries.SecGetsWrong {
			p.Corrections = s.Body
			continue
		}
		if answer.Len() > 0 {
			answer.WriteString("\n")
		}
		fmt.Fprintf(&answer, "## %s\n\n%s\n", s.Title, s.Body)
	}
	p.Answer = answer.String()
	return p
}
