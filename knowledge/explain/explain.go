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

// maxExampleLines keeps a hover short (about 20 lines in all): the full example is one
// `nodecoach explain` away.
const maxExampleLines = 8

// API renders the hover for an API: title, the short form, the best example, the
// interview question it comes from and a docs link.
func API(e *entries.Entry, api string, f Format) string {
	var b strings.Builder
	heading(&b, f, e.Title)
	fmt.Fprintf(&b, "%s: %s\n\n", code(f, api), e.Short())
	if ex := shorten(e.Example(), maxExampleLines); ex != "" {
		if f == Plain {
			ex = stripFences(ex)
		}
		b.WriteString(ex + "\n\n")
	}
	writeSources(&b, e)
	writeLink(&b, f, e.Docs, "More: "+code(f, "nodecoach explain "+e.ID))
	return strings.TrimSpace(b.String())
}

// shorten cuts a fenced example to at most n lines of code, marking the cut.
func shorten(example string, n int) string {
	lines := strings.Split(example, "\n")
	if len(lines) <= n+2 { // the two fence lines do not count
		return example
	}
	cut := append(lines[:n+1:n+1], "// …", lines[len(lines)-1])
	return strings.Join(cut, "\n")
}

// Finding renders the explanation of one finding: the rule, its message, why it
// matters (the rule's doc) and where to read on.
func Finding(r *analysis.Rule, fd analysis.Finding, f Format) string {
	var b strings.Builder
	heading(&b, f, fmt.Sprintf("%s (%s)", r.Name, fd.Severity))
	b.WriteString(fd.Message + "\n\n")
	doc := strings.TrimSpace(r.Doc)
	if f == Markdown {
		doc = escapeEmphasis(doc)
	}
	b.WriteString(doc + "\n\n")
	if e := entries.ByRule(r.Name); e != nil {
		writeSources(&b, e)
		writeLink(&b, f, e.Docs, "")
	}
	return strings.TrimSpace(b.String())
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

// stripFences drops the ``` lines of a fenced block for plain-text clients.
func stripFences(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "```") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
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
