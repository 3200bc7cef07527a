package analysis

import (
	"bytes"
	"slices"
	"strings"
)

// OpeningWordEnd is the end of the word text opens with, when that word is one of
// words (lower case), compared ASCII case-insensitively as a whole word after blanks and at
// most one opening parenthesis with blanks around it ("SELECT *", "\n  (select");
// -1 when text opens with none: a looser reading than OpensStatement, which the gate
// (Needles.AndLiteralOpens) and the rules it gates read a literal through. Blanks are
// space, tab, newline, carriage return and form feed; a word ends before anything but
// an ASCII letter, digit or underscore, or at the end of text.
func OpeningWordEnd(text string, words []string) int {
	i := skipBlanks(text, 0)
	if i < len(text) && text[i] == '(' {
		i = skipBlanks(text, i+1)
	}
	end := i
	for end < len(text) && isWordByte(text[end]) {
		end++
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

// LiteralText is the text of a string or template literal as written (escapes not
// decoded), from right after its opening quote: Quote is that quote, 0 when it is
// not known (a part of a file may start inside a literal). A rule that judges a
// literal by how it opens and the gate that skips files for it (AndLiteralOpens)
// both read a literal through it, so they read the same text and stop at the same
// place (see stop). Cut says Raw is a part of a file that may stop inside the
// literal, where the end of a whole file or of the literal's own text is an end.
type LiteralText struct {
	Raw   []byte
	Quote byte
	Cut   bool
}

// literalStop says why a literal's text stops where it does.
type literalStop int

const (
	// literalGoes: the text goes on.
	literalGoes literalStop = iota
	// literalEnds: the closing quote; what follows is code, such as a concatenation.
	literalEnds
	// literalRunsOn: an escape (its character is not read), a template's ${
	// substitution, or any quote when the opening one is not known: the literal
	// may go on with any text.
	literalRunsOn
	// literalCut: the raw text ends first, in a part of a file that stops inside the
	// literal; the text, its opening included, may go on in any way.
	literalCut
)

// stop says whether the text stops at offset i, and why. A whole file that ends
// inside a literal ends it.
func (l LiteralText) stop(i int) literalStop {
	if i >= len(l.Raw) {
		if l.Cut {
			return literalCut
		}
		return literalEnds
	}
	switch c := l.Raw[i]; {
	case c == '\\':
		return literalRunsOn
	case l.Quote == 0 && strings.IndexByte(literalQuotes, c) >= 0:
		return literalRunsOn
	case c == l.Quote:
		return literalEnds
	case c == '$' && (l.Quote == '`' || l.Quote == 0) && i+1 < len(l.Raw) && l.Raw[i+1] == '{':
		return literalRunsOn
	}
	return literalGoes
}

// OpensLiteral reports whether the file has a quote (', " or `) whose text after it
// opens a SQL statement with one of verbs (see OpensStatement): every string or
// template literal that opens so has one, and so may some quotes that open no literal
// (a closing quote, a quote in a comment), which only let a file through. The text of
// a part of a file (see quickPart) may start inside such a literal, so its start is
// asked too, as after a quote not known, and the rest of the file is asked as well.
func (q *Quick) OpensLiteral(verbs ...string) bool {
	key := strings.Join(verbs, " ")
	if found, known := q.opens[key]; known {
		return found
	}
	cut := q.rest != nil
	found := false
	for _, t := range q.texts {
		if found = cut && OpensStatement(LiteralText{Raw: t, Cut: true}, verbs) || quotedOpening(t, verbs, cut); found {
			break
		}
	}
	if !found && cut {
		found = q.rest.OpensLiteral(verbs...)
	}
	if q.opens == nil {
		q.opens = map[string]bool{}
	}
	q.opens[key] = found
	return found
}

// quotedOpening reports whether the text after a quote in text opens a statement
// with one of verbs. Each text is read only as far as the statement's grammar needs:
// most stop at their first word.
func quotedOpening(text []byte, verbs []string, cut bool) bool {
	for i := 0; ; {
		j := bytes.IndexAny(text[i:], literalQuotes)
		if j < 0 {
			return false
		}
		quote := text[i+j]
		i += j + 1
		if OpensStatement(LiteralText{Raw: text[i:], Quote: quote, Cut: cut}, verbs) {
			return true
		}
	}
}

// AndLiteralOpens is n narrowed to the files with a string or template literal whose
// text opens a SQL statement with one of verbs (see OpensStatement): a rule that
// judges only queries written as `SELECT ...` needs one, and can tell a literal that
// says 'Delete all sessions' or 'update' from the start of a statement.
func (n Needles) AndLiteralOpens(verbs ...string) Needles {
	n.Opens = append(slices.Clone(n.Opens), verbs)
	return n
}
