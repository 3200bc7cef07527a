package explain

import "strings"

// RuleDoc is a rule's Doc split along the conventions every rule's Doc follows: a
// summary line; then prose on the harm, on which cases get which severity, and on
// what the rule leaves alone; then a line starting "Use instead"; then, for a rule
// that is off by default, a paragraph that says why and how to turn it on. Every word
// of the Doc lands in exactly one part, in its original order within that part.
type RuleDoc struct {
	Summary    string   // the first line: what the rule flags
	Why        []string // the first paragraph after the summary, less what it leaves alone
	Details    []string // later paragraphs on what is flagged and at which severity
	NotFlagged []string // paragraphs and sentences about what the rule leaves alone
	UseInstead string   // the fix, without its "Use instead:" label
	After      []string // paragraphs after the fix (off by default, how to turn it on)
}

// useInsteadLine starts the line of a Doc that gives the fix.
const useInsteadLine = "Use instead"

// SplitRuleDoc splits doc into its parts (see RuleDoc).
func SplitRuleDoc(doc string) RuleDoc {
	lines := strings.Split(strings.TrimSpace(doc), "\n")
	d := RuleDoc{Summary: strings.TrimSpace(lines[0])}
	body, tail := lines[1:], []string(nil)
	for i, line := range body {
		if strings.HasPrefix(line, useInsteadLine) {
			body, tail = body[:i], body[i:]
			break
		}
	}
	for i, para := range paragraphs(body) {
		if strings.HasPrefix(para, "Not flagged") {
			d.NotFlagged = append(d.NotFlagged, para)
			continue
		}
		kept, left := splitLeftAlone(para)
		if kept != "" {
			if i == 0 {
				d.Why = append(d.Why, kept)
			} else {
				d.Details = append(d.Details, kept)
			}
		}
		if left != "" {
			d.NotFlagged = append(d.NotFlagged, left)
		}
	}
	if len(tail) > 0 {
		paras := paragraphs(tail)
		fix := strings.TrimPrefix(strings.TrimPrefix(paras[0], useInsteadLine), ":")
		if code, ok := strings.CutPrefix(fix, "\n"); ok {
			d.UseInstead = code // indented lines of code: their indentation is the layout
		} else {
			d.UseInstead = strings.TrimLeft(fix, " ")
		}
		d.After = paras[1:]
	}
	return d
}

// paragraphs joins lines into paragraphs separated by blank lines, each trimmed of
// trailing space; indentation inside a paragraph (list continuations, code) stays.
func paragraphs(lines []string) []string {
	var out, cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range lines {
		line = strings.TrimRight(line, " \t")
		if line == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// leftAloneMarks are the phrases with which a Doc says a case is not reported.
var leftAloneMarks = []string{"not flagged", "never flagged", "is fine", "are fine", "not checked", "silent"}

// splitLeftAlone separates, sentence by sentence, what para says the rule leaves
// alone from the rest. A sentence starting with "Nor" or "Neither" continues a
// sentence about what is left alone.
func splitLeftAlone(para string) (kept, left string) {
	var keep, leave []string
	prevLeft := false
	for _, s := range sentences(para) {
		lower := strings.ToLower(s)
		isLeft := prevLeft && (strings.HasPrefix(s, "Nor ") || strings.HasPrefix(s, "Neither "))
		for _, mark := range leftAloneMarks {
			isLeft = isLeft || strings.Contains(lower, mark)
		}
		if isLeft {
			leave = append(leave, s)
		} else {
			keep = append(keep, s)
		}
		prevLeft = isLeft
	}
	if len(leave) == 0 {
		return para, "" // as written, line breaks and all
	}
	return strings.Join(keep, "\n"), strings.Join(leave, "\n")
}
