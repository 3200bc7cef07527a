package explain

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/entries"
)

// ReferenceCommand is the command that writes the rules reference, docs/rules.md.
const ReferenceCommand = "make docs"

// RulesReference renders the rules reference: an index, then one section per rule
// with fixed headings (What it does, Why, Not flagged, Use instead, Off by default,
// Options, Entry), all taken from the rule's own Name, Severity, Doc and knowledge entry, so
// the reference says what the code does.
func RulesReference(rs []*analysis.Rule) string {
	var b strings.Builder
	b.WriteString("# Rules\n\n")
	fmt.Fprintf(&b, "Generated from each rule's own documentation (its `Doc` in `knowledge/rules/`) and "+
		"its knowledge entry by `%s` (`nodecoach rules --format markdown`); edit those, not this file. "+
		"A rule's level can be changed in `.nodecoach.json`, the editor's `nodecoach.rules` setting "+
		"or with `--rule ID=LEVEL`.\n\n", ReferenceCommand)
	b.WriteString("| rule | default | what it flags |\n|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s |\n", r.Name, r.Name, r.Severity, tableCell(SplitRuleDoc(r.Doc).Summary))
	}
	for _, r := range rs {
		b.WriteString("\n")
		writeRuleSection(&b, r)
	}
	return b.String()
}

func writeRuleSection(b *strings.Builder, r *analysis.Rule) {
	d := SplitRuleDoc(r.Doc)
	fmt.Fprintf(b, "## %s\n\n", r.Name)
	fmt.Fprintf(b, "Default severity: **%s**.", r.Severity)
	if r.Severity == analysis.Off {
		b.WriteString(" Off by default (see below).")
	}
	if r.Deprecated {
		b.WriteString(" Its findings carry the deprecated tag, so editors strike the code through.")
	}
	if r.SharesFacts {
		b.WriteString(" Cross-file: what the package's other files do can silence it.")
	}
	b.WriteString("\n\n")
	section(b, "What it does", append([]string{d.Summary}, d.Details...))
	section(b, "Why", d.Why)
	section(b, "Not flagged", d.NotFlagged)
	section(b, "Use instead", []string{d.UseInstead})
	section(b, "Off by default", d.After)
	writeOptions(b, r)
	writeEntry(b, r)
}

// writeOptions lists the rule's options and how the configuration sets them.
func writeOptions(b *strings.Builder, r *analysis.Rule) {
	if len(r.Options) == 0 {
		return
	}
	b.WriteString("### Options\n\n| option | type | default | values | what it does |\n|---|---|---|---|---|\n")
	example := map[string]any{}
	for _, o := range r.Options {
		fmt.Fprintf(b, "| `%s` | %s | `%s` | %s | %s |\n", o.Name, o.Type, OptionDefault(o), tableCell(o.AllowedText()), tableCell(o.Doc))
		example[o.Name] = exampleValue(o)
	}
	set, _ := json.Marshal(map[string]any{"rules": map[string]any{r.Name: []any{config.DefaultLevel, example}}})
	fmt.Fprintf(b, "\nSet in `.nodecoach.json` after the rule's level, for example `%s` "+
		"(a level other than `%s` also replaces the severity of each of its findings).\n\n", set, config.DefaultLevel)
}

// exampleValue is a value worth showing for o: an enum's first value other than its
// default, else the default.
func exampleValue(o analysis.Option) any {
	for _, v := range o.Allowed {
		if v != o.Default {
			return v
		}
	}
	return o.Default
}

// OptionDefault is an option's default as the configuration writes it (JSON).
func OptionDefault(o analysis.Option) string {
	if o.Default == nil {
		return "none"
	}
	text, err := json.Marshal(o.Default)
	if err != nil {
		return fmt.Sprint(o.Default)
	}
	return string(text)
}

// section writes a heading and its paragraphs, nothing when there are none.
func section(b *strings.Builder, title string, paras []string) {
	var body []string
	for _, p := range paras {
		if strings.TrimSpace(p) != "" {
			body = append(body, docMarkdown(p))
		}
	}
	if len(body) == 0 {
		return
	}
	fmt.Fprintf(b, "### %s\n\n%s\n\n", title, strings.Join(body, "\n\n"))
}

// writeEntry links the knowledge entry the rule teaches, with its references.
func writeEntry(b *strings.Builder, r *analysis.Rule) {
	e := entries.ByID(r.Entry)
	if e == nil {
		return
	}
	fmt.Fprintf(b, "### Entry\n\n[%s](../knowledge/entries/%s.md) (`nodecoach explain %s`)", e.Title, e.ID, e.ID)
	if e.Docs != "" {
		fmt.Fprintf(b, "; official docs: <%s>", e.Docs)
	}
	b.WriteString("\n\n")
	if refs := e.Section(entries.SecReferences); refs != "" {
		fmt.Fprintf(b, "References:\n\n%s\n", refs)
	}
}

// docMarkdown renders a part of a Doc, which is plain prose, as Markdown: emphasis
// characters are escaped, list items stay list items, and lines indented outside a
// list (a Doc's code examples) become a code block.
func docMarkdown(text string) string {
	var out, code []string
	inList := false
	flush := func() {
		if len(code) > 0 {
			out = append(out, "", "```js")
			out = append(out, code...)
			out = append(out, "```", "")
			code = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		indented := strings.HasPrefix(line, "  ")
		switch {
		case strings.HasPrefix(line, "- "):
			flush()
			inList = true
			out = append(out, escapeEmphasis(line))
		case indented && !inList:
			code = append(code, strings.TrimPrefix(line, "  "))
		default:
			flush()
			if inList && !indented {
				out = append(out, "") // prose after a list is a paragraph of its own
			}
			inList = inList && indented
			out = append(out, escapeEmphasis(line))
		}
	}
	flush()
	return strings.Trim(strings.Join(out, "\n"), "\n")
}

// tableCell keeps a summary on one table row.
func tableCell(s string) string {
	return strings.ReplaceAll(escapeEmphasis(s), "|", `\|`)
}
