package explain

import (
	"strings"
	"unicode"
)

// ruleDoc is what a finding's hover takes from a rule's Doc: the reason, in at most
// two sentences about the code (sentences about the rule itself, what it flags or
// skips, are scope notes and stay in `nodecoach explain`), and the advice that follows
// "Use instead:", as prose or, when it is indented lines of its own, as code.
type ruleDoc struct {
	why, instead string
	insteadCode  []string
}

const insteadLabel = "Use instead:"

// maxWhySentences keeps "why it matters" to one or two sentences.
const maxWhySentences = 2

// parseDoc reads a rule Doc: a summary line, then the reasons, scope notes and the
// advice, which runs from "Use instead:" to the next blank line.
func parseDoc(doc string) ruleDoc {
	before, after, _ := strings.Cut(strings.TrimSpace(doc), insteadLabel)
	var d ruleDoc
	if _, reasons, ok := strings.Cut(before, "\n"); ok {
		d.why = whySentences(oneLine(reasons))
	}
	advice, _, _ := strings.Cut(after, "\n\n")
	first, rest, _ := strings.Cut(advice, "\n")
	if strings.TrimSpace(first) == "" && strings.TrimSpace(rest) != "" {
		d.insteadCode = dedent(strings.Split(strings.TrimRight(rest, " \n"), "\n"))
	} else {
		d.instead = oneLine(advice)
	}
	return d
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// whySentences keeps the first sentences that speak of the code, not of the rule.
func whySentences(text string) string {
	var kept []string
	for _, s := range sentences(text) {
		if aboutTheRule(s) {
			continue
		}
		kept = append(kept, s)
		if len(kept) == maxWhySentences {
			break
		}
	}
	return strings.Join(kept, " ")
}

// aboutTheRule: the sentence says what the rule reports, skips or how loud it is.
func aboutTheRule(s string) bool {
	l := strings.ToLower(s)
	for _, w := range []string{"flag", "the rule", "finding", "not reported", "is silent", "only informs"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// sentences splits prose at a full stop, question or exclamation mark followed by a
// space or line break and a capital letter, outside parentheses and code spans, so
// "e.g. a" and "(... etc.) Then" stay whole where they should.
func sentences(text string) []string {
	var out []string
	rs := []rune(text)
	depth, inCode, start := 0, false, 0
	for i, r := range rs {
		switch {
		case r == '`':
			inCode = !inCode
		case inCode:
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0 && (r == '.' || r == '!' || r == '?') && i+2 < len(rs) && (rs[i+1] == ' ' || rs[i+1] == '\n') && unicode.IsUpper(rs[i+2]):
			out = append(out, strings.TrimSpace(string(rs[start:i+1])))
			start = i + 2
		}
	}
	if rest := strings.TrimSpace(string(rs[start:])); rest != "" {
		out = append(out, rest)
	}
	return out
}
