// Package explain renders knowledge for people: hovers in an editor and entries in a
// terminal. It decides what comes first (short, then an example, then where it comes
// from) so every client shows the same explanation.
package explain

import (
	"fmt"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
)

// Format is Markdown or plain text, for clients that cannot render Markdown.
type Format int

const (
	Markdown Format = iota
	Plain
)

// maxHoverLines is the most lines a hover part may have: a hover is read in passing,
// and the whole entry is one `nodecoach explain` away.
const maxHoverLines = 22

// maxExampleLines caps the code of an API hover even when the budget has room.
const maxExampleLines = 10

// API renders the hover for an API: title, the short form, the part of the example
// that uses the API the right way (see excerptFor), the interview question it comes
// from and a docs link.
func API(e *entries.Entry, api string, f Format) string {
	var head, tail strings.Builder
	heading(&head, f, e.Title)
	fmt.Fprintf(&head, "%s: %s\n\n", code(f, api), e.Short())
	x, ok := excerptFor(e, []string{api})
	if ok && !x.uses {
		fmt.Fprintf(&head, "%s\n\n", noExample(f, api))
	}
	writeSources(&tail, e)
	writeLink(&tail, f, e.Docs, "More: "+code(f, "nodecoach explain "+e.ID))
	return assemble(f, head.String(), x, ok, tail.String())
}

// noExample says that the code shown does not use the hovered API.
func noExample(f Format, api string) string {
	return fmt.Sprintf("No example of this entry uses %s; the entry's example:", code(f, shownName(api)))
}

// assemble puts the excerpt between head and tail, cut to the lines the hover budget
// leaves it.
func assemble(f Format, head string, x excerpt, ok bool, tail string) string {
	body := head
	if ok {
		room := maxHoverLines - strings.Count(head, "\n") - strings.Count(strings.TrimRight(tail, "\n"), "\n") - 2
		if f == Markdown {
			room -= 2 // the fences
		}
		if room >= 3 {
			body += block(f, x.lang, x.lines(min(room, maxExampleLines))) + "\n\n"
		}
	}
	return strings.TrimSpace(body + tail)
}

// block renders code as a fenced block, or as bare lines in plain text.
func block(f Format, lang string, lines []string) string {
	body := strings.Join(lines, "\n")
	if f == Markdown {
		return "```" + lang + "\n" + body + "\n```"
	}
	return body
}

// Finding renders the explanation of one finding, fix first: the message, why it
// matters in a sentence or two, what to write instead (the rule's advice and the right
// part of its entry's example), then the concept and where to read on. What the rule
// does and does not flag stays in `nodecoach explain RULE`: it is for deciding about
// the rule, not for someone in the middle of typing.
func Finding(r *analysis.Rule, fd analysis.Finding, f Format) string {
	var head, tail strings.Builder
	heading(&head, f, fmt.Sprintf("%s (%s)", r.Name, fd.Severity))
	head.WriteString(fd.Message + "\n\n")
	doc := parseDoc(r.Doc)
	if doc.why != "" {
		head.WriteString(prose(f, doc.why) + "\n\n")
	}
	switch {
	case doc.instead != "":
		fmt.Fprintf(&head, "%s %s\n\n", bold(f, "Use instead:"), prose(f, doc.instead))
	case doc.insteadCode != nil:
		fmt.Fprintf(&head, "%s\n\n%s\n\n", bold(f, "Use instead:"), block(f, "js", doc.insteadCode))
	}
	e := entries.ByRule(r.Name)
	if e == nil {
		e = entries.ByID(r.Entry)
	}
	if e == nil {
		return strings.TrimSpace(head.String())
	}
	x, ok := excerptFor(e, fixAPIs(r))
	fmt.Fprintf(&tail, "%s: %s\n\n", bold(f, e.Title), e.Short())
	writeSources(&tail, e)
	writeLink(&tail, f, e.Docs, "More: "+code(f, "nodecoach explain "+r.Name))
	return assemble(f, head.String(), x, ok && (x.uses || hasGood(e)), tail.String())
}

// fixAPIs are the APIs a rule looks at, by which a finding's hover finds the part of
// the fix that concerns it; patterns such as "fs.*" name no single API and are left out.
func fixAPIs(r *analysis.Rule) []string {
	var out []string
	for _, c := range r.Calls {
		if !strings.Contains(c, "*") {
			out = append(out, c)
		}
	}
	return out
}

// hasGood: the entry marks a block of its example as the fix.
func hasGood(e *entries.Entry) bool {
	for _, b := range e.Examples() {
		if b.Mark == entries.MarkGood {
			return true
		}
	}
	return false
}

func bold(f Format, s string) string {
	if f == Markdown {
		return "**" + s + "**"
	}
	return s
}

// prose is rule text as it reads in the format: in Markdown, emphasis characters are
// escaped outside code spans.
func prose(f Format, s string) string {
	if f == Markdown {
		return escapeEmphasis(s)
	}
	return s
}

// Join puts several hover parts together, with a rule between them.
func Join(parts []string, f Format) string {
	sep := "\n\n---\n\n"
	if f == Plain {
		sep = "\n\n" + strings.Repeat("-", 40) + "\n\n"
	}
	return strings.Join(parts, sep)
}

func heading(b *strings.Builder, f Format, title string) {
	if f == Markdown {
		fmt.Fprintf(b, "### %s\n\n", title)
		return
	}
	fmt.Fprintf(b, "%s\n\n", title)
}

func code(f Format, s string) string {
	if f == Markdown {
		return "`" + s + "`"
	}
	return s
}

func writeSources(b *strings.Builder, e *entries.Entry) {
	for _, id := range e.Source {
		if q := entries.Question(id); q != "" {
			fmt.Fprintf(b, "Interview %s: %s\n", id, q)
		}
	}
	if e.Answer == entries.AnswerNodecoach {
		b.WriteString("(The interview lists this question without an answer; nodecoach wrote this one.)\n")
	}
	b.WriteString("\n")
}

// writeLink ends a hover with the docs link and, when given, a pointer to more.
func writeLink(b *strings.Builder, f Format, href, more string) {
	if href == "" {
		return
	}
	if f == Markdown {
		fmt.Fprintf(b, "[Docs](%s)", href)
	} else {
		fmt.Fprintf(b, "Docs: %s", href)
	}
	if more != "" {
		b.WriteString(" · " + more)
	}
	b.WriteString("\n")
}

// Rule renders a rule in full: what it flags and why, then the entry it teaches.
func Rule(r *analysis.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\nDefault severity: %s\n\n%s\n", r.Name, r.Severity, escapeEmphasis(strings.TrimSpace(r.Doc)))
	if e := entries.ByID(r.Entry); e != nil {
		b.WriteString("\n" + e.Markdown() + "\n")
	}
	return b.String()
}

// escapeEmphasis keeps rule docs, which are plain prose, from turning into Markdown
// emphasis: `*Sync ... setup*` would otherwise render in italics. Code spans are left
// as they are.
func escapeEmphasis(text string) string {
	var b strings.Builder
	inCode := false
	for _, r := range text {
		switch {
		case r == '`':
			inCode = !inCode
		case !inCode && (r == '*' || r == '_'):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
