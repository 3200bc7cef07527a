package analysis

import (
	"bytes"
	"slices"
	"strings"
)

// OpeningWordEnd is the end of the word text opens with, when that word is one of
// words (lower case), compared ASCII case-insensitively as a whole word after blanks and at
// most one opening parenthesis with blanks around it ("SELECT *", "\n  (select");
// -1 when text opens with none. A rule that judges a string by how it opens and the
// gate that skips files for it (Needles.AndLiteralOpens) both ask this, so the gate
// never skips a file the rule would judge. Blanks are space, tab, newline, carriage
// return and form feed; a word ends before anything but an ASCII letter, digit or
// underscore, or at the end of text.
func OpeningWordEnd(text string, words []string) int { return openingEnd(text, words, false) }

// openingEnd is OpeningWordEnd over text (a string or bytes); with cut, text may end
// before the opening does (a part of a file), and an opening that runs to its end
// counts, ending there.
func openingEnd[T string | []byte](text T, words []string, cut bool) int {
	i := skipBlanks(text, 0)
	if i < len(text) && text[i] == '(' {
		i = skipBlanks(text, i+1)
	}
	end := i
	for end < len(text) && isWordByte(text[end]) {
		end++
	}
	if end == len(text) && cut {
		return end // the blanks or the word go on past what this text shows
	}
	for _, w := range words {
		if equalLower(text[i:end], w) {
			return end
		}
	}
	return -1
}

// equalLower reports whether text lower-cased (ASCII letters only) is w, without
// the copy a string conversion of bytes would make for each quote of a file.
func equalLower[T string | []byte](text T, w string) bool {
	if len(text) != len(w) {
		return false
	}
	for i := range len(w) {
		c := text[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

func skipBlanks[T string | []byte](text T, i int) int {
	for i < len(text) {
		switch text[i] {
		case ' ', '\t', '\n', '\r', '\f':
			i++
		default:
			return i
		}
	}
	return i
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b|0x20 && b|0x20 <= 'z'
}

// literalQuotes open every string and template literal.
const literalQuotes = "'\"`"

// OpensLiteral reports whether the file has a quote (', " or `) right before text that
// opens with one of words (see OpeningWordEnd) and goes on past the word before that
// quote comes again: every string or template literal whose text opens so and is not
// the word alone has one, and so do some that are not literals (a quote in a comment),
// which only lets a file through. The text of a part of a file (see quickPart) may
// start inside such a literal, so its start counts as after a quote, and the rest of
// the file is asked too.
func (q *Quick) OpensLiteral(words ...string) bool {
	key := strings.Join(words, " ")
	if found, known := q.opens[key]; known {
		return found
	}
	cut := q.rest != nil
	found := false
	for _, t := range q.texts {
		if found = cut && openingEnd(t, words, true) >= 0 || quotedOpening(t, words, cut); found {
			break
		}
	}
	if !found && cut {
		found = q.rest.OpensLiteral(words...)
	}
	if q.opens == nil {
		q.opens = map[string]bool{}
	}
	q.opens[key] = found
	return found
}

// quotedOpening reports whether a quote in text comes right before an opening of one
// of words that the same quote does not follow at once.
func quotedOpening(text []byte, words []string, cut bool) bool {
	for i := 0; ; {
		j := bytes.IndexAny(text[i:], literalQuotes)
		if j < 0 {
			return false
		}
		quote := text[i+j]
		i += j + 1
		if end := openingEnd(text[i:], words, cut); end >= 0 && (i+end == len(text) || text[i+end] != quote) {
			return true
		}
	}
}

// AndLiteralOpens is n narrowed to the files with a string or template literal whose
// text opens with one of words (see OpeningWordEnd) and goes on past it: a rule that
// judges only queries written as `SELECT ...` needs one, and can tell a literal that
// is the word alone ('update', an action's name) from the start of a statement.
func (n Needles) AndLiteralOpens(words ...string) Needles {
	n.Opens = append(slices.Clone(n.Opens), words)
	return n
}
