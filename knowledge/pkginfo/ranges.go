package pkginfo

import "strings"

// maxRangeLength is node-semver's MAX_LENGTH; longer specs are not ranges.
const maxRangeLength = 256

// operators that may stand apart from their version (">= 1.2.3"), longest
// first so "~>" is not read as "~" followed by ">".
var operators = []string{"~>", "~", "^", ">=", "<=", ">", "<", "="}

// parseRange parses an npm range into comparator sets joined by "||".
// It reports false for anything that is not a range: dist-tags, URLs,
// "github:", "workspace:", "link:", "file:" and paths all contain
// characters no range can.
func parseRange(rng string) ([][]comparator, bool) {
	if len(rng) > maxRangeLength {
		return nil, false
	}
	var sets [][]comparator
	for _, s := range strings.Split(rng, "||") {
		set, ok := parseSet(s)
		if !ok {
			return nil, false
		}
		sets = append(sets, set)
	}
	return sets, true
}

// parseSet parses space-separated comparators that must all hold. An empty
// set, like "*", allows any version and comes back as nil.
func parseSet(s string) ([]comparator, bool) {
	fields := strings.Fields(s)
	if len(fields) == 3 && fields[1] == "-" {
		from, ok1 := parsePartial(fields[0])
		to, ok2 := parsePartial(fields[2])
		if !ok1 || !ok2 {
			return nil, false
		}
		return hyphen(from, to), true
	}
	var set []comparator
	for i := 0; i < len(fields); i++ {
		tok := fields[i]
		if isOperator(tok) {
			// node-semver allows space between an operator and its version.
			if i+1 == len(fields) {
				return nil, false
			}
			i++
			tok += fields[i]
		}
		cs, ok := parseToken(tok)
		if !ok {
			return nil, false
		}
		set = append(set, cs...)
	}
	return set, true
}

func isOperator(tok string) bool {
	for _, o := range operators {
		if tok == o {
			return true
		}
	}
	return false
}

// parseToken desugars one comparator such as "^4.21.2", ">=4", "1.x".
func parseToken(tok string) ([]comparator, bool) {
	o := ""
	for _, cand := range operators {
		if strings.HasPrefix(tok, cand) {
			o = cand
			break
		}
	}
	rest := tok[len(o):]
	if rest == "" || strings.ContainsAny(rest[:1], "<>~^") {
		return nil, false
	}
	p, ok := parsePartial(rest)
	if !ok {
		return nil, false
	}
	switch o {
	case "~", "~>":
		return tilde(p), true
	case "^":
		return caret(p), true
	}
	return xrange(o, p), true
}
