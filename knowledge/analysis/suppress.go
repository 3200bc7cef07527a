package analysis

import (
	"bytes"
	"strings"
	"unicode"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// UnusedSuppression is the id of the hint that reports a suppression comment which
// suppressed nothing, so stale comments do not pile up.
const UnusedSuppression = "unused-suppression"

// directive is one suppression comment:
//
//	// nodecoach-disable-next-line rule-a, rule-b -- why
//	// nodecoach-disable-line rule-a
//	/* nodecoach-disable rule-a */   (the whole file)
//
// Without rule ids it covers every rule.
type directive struct {
	kind       string // "next-line", "line" or "file"
	rules      []string
	start, end uint // the comment
	line       int  // the line the directive covers; -1 for the file
	used       map[string]bool
}

func (d *directive) covers(rule string) bool {
	if len(d.rules) == 0 {
		return true
	}
	for _, r := range d.rules {
		if r == rule {
			return true
		}
	}
	return false
}

// parseDirective reads a comment; ok is false for ordinary comments.
func parseDirective(text string) (kind string, rules []string, ok bool) {
	switch {
	case strings.HasPrefix(text, "//"):
		text = text[2:]
	case strings.HasPrefix(text, "/*"):
		text = strings.TrimSuffix(text[2:], "*/")
	default:
		return "", nil, false
	}
	text = strings.TrimSpace(text)
	if before, _, found := strings.Cut(text, " -- "); found {
		text = before // the reason is for people
	}
	word, rest, _ := strings.Cut(text, " ")
	switch word {
	case "nodecoach-disable-next-line":
		kind = "next-line"
	case "nodecoach-disable-line":
		kind = "line"
	case "nodecoach-disable":
		kind = "file"
	default:
		return "", nil, false
	}
	// Any white space separates ids: a block comment may list them on several lines.
	for _, id := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		rules = append(rules, id)
	}
	return kind, rules, true
}

// mayBeDirective tells whether a comment's text can be a suppression directive: one
// that cannot is never parsed as one.
func mayBeDirective(comment []byte) bool {
	return bytes.Contains(comment, []byte("nodecoach-disable"))
}

// suppress drops the findings that suppression comments cover and adds a hint for each
// directive, or rule id in one, that covered nothing. Lines are counted as LSP counts
// them ("\n", "\r\n" or a lone "\r"), so a file with old Mac line breaks suppresses as
// the editor shows it. A line directive covers a finding on its line, and one whose
// line begins inside a literal that starts on its line (see CommentLine).
func suppress(root *sitter.Node, src []byte, comments []resolve.Span, findings []Finding) []Finding {
	var dirs []*directive
	var lines *source.Lines // made at the first line directive: most files have none
	for _, c := range comments {
		if !mayBeDirective(src[c.Start:c.End]) {
			continue // most comments: not copied to be parsed
		}
		kind, ids, ok := parseDirective(string(src[c.Start:c.End]))
		if !ok {
			continue
		}
		d := &directive{kind: kind, rules: ids, start: c.Start, end: c.End, line: -1, used: map[string]bool{}}
		if kind != "file" && lines == nil {
			lines = source.NewLines(src)
		}
		switch kind {
		case "next-line":
			d.line = lineAt(lines, c.End) + 1
		case "line":
			d.line = lineAt(lines, c.Start)
		}
		dirs = append(dirs, d)
	}
	if len(dirs) == 0 {
		return findings
	}
	kept := findings[:0]
	for _, f := range findings {
		at := findingLines{root: root, lines: lines, offset: f.Start}
		suppressed := false
		for _, d := range dirs {
			if !d.covers(f.Rule) || d.line >= 0 && !at.on(d.line) {
				continue
			}
			d.used[f.Rule] = true
			suppressed = true
		}
		if !suppressed {
			kept = append(kept, f)
		}
	}
	for _, d := range dirs {
		switch {
		case len(d.rules) == 0 && len(d.used) == 0:
			kept = append(kept, unused(src, d, "this nodecoach-disable comment suppresses nothing"))
		default:
			for _, id := range d.rules {
				if !d.used[id] {
					kept = append(kept, unused(src, d, "no "+id+" finding here: this suppression is unused"))
				}
			}
		}
	}
	return kept
}

// findingLines are the lines a line directive may name to cover a finding: its own
// line and its comment line, each worked out when first asked.
type findingLines struct {
	root          *sitter.Node
	lines         *source.Lines
	offset        uint
	own, comment  int
	known, walked bool
}

func (a *findingLines) on(line int) bool {
	if !a.known {
		a.own, a.known = lineAt(a.lines, a.offset), true
	}
	if a.own == line {
		return true
	}
	if line > a.own {
		return false // a comment line is never below the finding's own
	}
	if !a.walked {
		a.comment, a.walked = CommentLine(a.root, a.lines, a.offset), true
	}
	return a.comment == line
}

func unused(src []byte, d *directive, msg string) Finding {
	return Finding{Rule: UnusedSuppression, Severity: Hint, Start: d.start, End: d.end, Message: msg, Unnecessary: true,
		Fix: &Fix{Title: "Remove the unused suppression", Edits: []Edit{removeComment(src, d.start, d.end)}}}
}

// removeComment deletes a comment, and its whole line when the comment is alone on it.
func removeComment(src []byte, start, end uint) Edit {
	ls := start
	for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
		ls--
	}
	le := end
	for int(le) < len(src) && (src[le] == ' ' || src[le] == '\t' || src[le] == '\r') {
		le++
	}
	if (ls == 0 || src[ls-1] == '\n') && (int(le) == len(src) || src[le] == '\n') {
		if int(le) < len(src) {
			le++
		}
		return Edit{Start: ls, End: le}
	}
	return Edit{Start: start, End: end}
}
