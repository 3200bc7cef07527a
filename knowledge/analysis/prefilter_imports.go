package analysis

import (
	"bytes"
	"sync"
	"sync/atomic"
)

// ImportSpecifiers marks needles as a module's specifier in its quotes ('express',
// "node:fs", `zlib`), and returns them: such a needle counts in a file only where one
// of its occurrences is in import position (see importPosition), not in every string
// that spells the name (`depd('express')`, `{ vendor: 'mongoose' }`). Other quoted
// needles, such as an event's name, still count anywhere.
func ImportSpecifiers(needles ...string) []string {
	for _, n := range needles {
		importSpecifiers.Store(n, true)
	}
	specifierMarks.Store(nil) // the automaton's marks are worked out again
	return needles
}

// importSpecifiers holds the needles ImportSpecifiers marked.
var importSpecifiers sync.Map

func isImportSpecifier(n string) bool {
	_, ok := importSpecifiers.Load(n)
	return ok
}

// specifierMarks are the automaton's needle ids that ImportSpecifiers marked, worked
// out once per automaton, so that a needle it finds is told apart by an index, not a
// look-up by its text.
var specifierMarks atomic.Pointer[markedIDs]

type markedIDs struct {
	m     *matcher
	marks []bool
}

// importMarks are m's ids marked as import specifiers.
func importMarks(m *matcher) []bool {
	if got := specifierMarks.Load(); got != nil && got.m == m {
		return got.marks
	}
	marks := make([]bool, len(m.ids))
	for n, id := range m.ids {
		marks[id] = isImportSpecifier(n)
	}
	specifierMarks.Store(&markedIDs{m: m, marks: marks})
	return marks
}

// importedSpecifier is importedAt, asked once per needle and file.
func (q *Quick) importedSpecifier(n string) bool {
	found, known := q.imported[n]
	if !known {
		found = q.importedAt(n)
		if q.imported == nil {
			q.imported = map[string]bool{}
		}
		q.imported[n] = found
	}
	return found
}

// importedAt reports whether q's text has an occurrence of the specifier n (lower
// case, opening with its quote) in import position and not surely in a comment.
func (q *Quick) importedAt(n string) bool {
	cut := q.rest != nil
	for _, t := range q.texts {
		for from := 0; ; {
			at := indexLower(t[from:], n)
			if at < 0 {
				break
			}
			at += from
			if importPosition(t, at, cut, q.mayAliasRequire) && !inComment(t, at, cut) {
				return true
			}
			from = at + 1
		}
	}
	return false
}

// inComment reports whether the occurrence at text[at] is surely in a comment, which
// the resolver reads no import from (a usage example in a doc comment): after `//`
// that opens its line with no other line terminator after it, or after `/*` that
// opens a line. Each opening must begin the line in code or in a comment, not in a
// string the line before continues (it ends in a backslash); and between the opening
// and the occurrence there is no `*/`, no backquote (a template literal open at the
// opening could close there), no brace left open or closed early (in JSX, `/*`
// may be text and the occurrence in a `{…}` that follows) and no `</` or `/>` (a
// JSX element that holds such text may close, and code follow). A part of a file (cut)
// whose text starts on the opening's line tells nothing.
func inComment(text []byte, at int, cut bool) bool {
	lineStart, ok := lineStartNear(text, at)
	if !ok {
		return false
	}
	if j := skipSpaces(text, lineStart); bytes.HasPrefix(text[j:at], []byte("//")) {
		between := text[j+2 : at]
		return beginsInCode(text, lineStart, cut) && plainBetween(between) && !endsLine(between)
	}
	near := max(at-maxLookBack, 0)
	open := bytes.LastIndex(text[near:at], []byte("/*"))
	if open < 0 {
		return false
	}
	open += near
	if lineStart, ok = lineStartNear(text, open); !ok {
		return false
	}
	return skipSpaces(text, lineStart) == open && beginsInCode(text, lineStart, cut) && plainBetween(text[open+2:at])
}

// maxLookBack bounds how far inComment and skipTriviaBack read back from an
// occurrence, so that a file that names a module in thousands of strings, or on one
// long line, costs a bounded read of each: further back, an occurrence is taken to be
// in no comment, and a line above it to hold one.
const maxLookBack = 8192

// lineStartNear is the start of the line that holds text[at], when it lies within
// maxLookBack.
func lineStartNear(text []byte, at int) (int, bool) {
	near := max(at-maxLookBack, 0)
	i := bytes.LastIndexByte(text[near:at], '\n')
	if i < 0 {
		return 0, near == 0
	}
	return near + i + 1, true
}

// beginsInCode reports whether the line that starts at text[i] is not a string the
// line before continues; with cut, the start of text tells nothing.
func beginsInCode(text []byte, i int, cut bool) bool {
	if i == 0 {
		return !cut
	}
	return !bytes.HasSuffix(bytes.TrimSuffix(text[:i-1], []byte("\r")), []byte("\\"))
}

// endsLine reports whether text holds a line terminator other than a line feed,
// which ends a line comment too: a carriage return, U+2028 or U+2029.
func endsLine(text []byte) bool {
	return bytes.IndexByte(text, '\r') >= 0 || bytes.Contains(text, []byte("\u2028")) || bytes.Contains(text, []byte("\u2029"))
}

// plainBetween reports whether between holds no backquote, its braces pair up, it
// closes no block comment (one open at a `//` line would end before the occurrence)
// and no JSX element (`</`, `/>`: the opening may be JSX text, or a JSX attribute's
// string, which may span lines, and code may follow the element on the same line).
func plainBetween(between []byte) bool {
	if bytes.Contains(between, []byte("*/")) || bytes.Contains(between, []byte("</")) || bytes.Contains(between, []byte("/>")) {
		return false
	}
	depth := 0
	for _, c := range between {
		switch c {
		case '`':
			return false
		case '{':
			depth++
		case '}':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// indexLower is the index of the first occurrence of n (lower case) in text compared
// ASCII case-insensitively, or -1. A specifier opens with its quote, which has no
// case, so the search leaps from one quote to the next.
func indexLower(text []byte, n string) int {
	if 'a' <= n[0] && n[0] <= 'z' {
		for i := 0; i+len(n) <= len(text); i++ {
			if equalLower(text[i:i+len(n)], n) {
				return i
			}
		}
		return -1
	}
	for from := 0; from+len(n) <= len(text); {
		i := bytes.IndexByte(text[from:len(text)-len(n)+1], n[0])
		if i < 0 {
			return -1
		}
		if equalLower(text[from+i:from+i+len(n)], n) {
			return from + i
		}
		from += i + 1
	}
	return -1
}

// importPosition reports whether the literal whose quote is text[at] may be the
// specifier of an import, as the resolver reads one (Resolver.Imports and the values
// of the names an import binds), looking back from the quote over blanks:
//   - after `from`: `import x from '…'`, `import type … from`, `export … from '…'`;
//   - after `import`: `import '…'`;
//   - after `(` (one or more) that follows `require` or `import` not after a dot (a
//     member: `module.require`, `require.resolve`), or `require?.`:
//     `require('…')`, `import('…')`, TS `import x = require('…')`, `import('…')` in a
//     type or a JSDoc comment;
//   - after `(` that follows anything else, in a file where require may have another
//     name (see mayAliasRequire): `r('…')` with `const r = require`, or
//     `createRequire(import.meta.url)('…')`;
//   - after `>` but for `=>`: a type assertion (`require(<any>'…')`).
//
// Where a comment, a byte that is not ASCII (a Unicode space or letter), a backslash
// or the start of a part of a file (cut, see quickPart) comes before the spelling is
// known, the literal counts: it may be in import position. The start of a whole file
// is not one. Anything else (`depd('express')` without an alias of require,
// `vendor: 'mongoose'`, `['express']`) is not: the resolver takes no such string for
// an import.
func importPosition(text []byte, at int, cut bool, mayAliasRequire func() bool) bool {
	i, sure := skipTriviaBack(text, at, cut)
	if !sure {
		return true
	}
	if i == 0 {
		return false
	}
	switch c := text[i-1]; {
	case c == '(':
		for i > 0 && text[i-1] == '(' {
			if i, sure = skipTriviaBack(text, i-1, cut); !sure {
				return true
			}
		}
		if i >= 2 && text[i-1] == '.' && text[i-2] == '?' { // require?.('…')
			if i, sure = skipTriviaBack(text, i-2, cut); !sure {
				return true
			}
		}
		word, sure := wordBefore(text, i, cut)
		if !sure {
			return true
		}
		if word != "" {
			if member, sure := afterDot(text, i-len(word), cut); !sure || member {
				return !sure
			}
		}
		return word == "require" || word == "import" || mayAliasRequire()
	case c == '>':
		return i < 2 || text[i-2] != '='
	case c == '\\':
		return true
	case isIdentifierByte(c):
		word, sure := wordBefore(text, i, cut)
		return !sure || word == "from" || word == "import"
	}
	return false
}

// skipTriviaBack is the index after the last byte before text[at] that is no blank;
// sure is false when what lies between may hold a comment: a block comment's end, a
// line with `//` (or an HTML-like comment) above a line break, a byte that is not
// ASCII, or the start of a part of a file (cut).
func skipTriviaBack(text []byte, at int, cut bool) (i int, sure bool) {
	for i = at; i > 0; i-- {
		switch c := text[i-1]; c {
		case ' ', '\t', '\f', '\v':
		case '\r':
			if text[i] == '\n' {
				continue // a CRLF's line is read at its line feed
			}
			fallthrough // a carriage return alone ends a line comment too
		case '\n':
			start, ok := lineStartNear(text, i-1)
			if !ok || start == 0 && cut {
				return i, false
			}
			line := text[start : i-1]
			if bytes.Contains(line, []byte("//")) || bytes.Contains(line, []byte("<!--")) || bytes.Contains(line, []byte("-->")) {
				return i, false
			}
		case '/':
			return i, i < 2 || text[i-2] != '*'
		default:
			return i, c < 0x80
		}
	}
	return 0, !cut
}

// wordBefore is the identifier or keyword that ends at text[i-1]; sure is false when
// it may go on before what text shows (the start of a part) or holds a byte that is
// not ASCII.
func wordBefore(text []byte, i int, cut bool) (word string, sure bool) {
	start := i
	for start > 0 && isIdentifierByte(text[start-1]) {
		start--
	}
	if start > 0 && text[start-1] >= 0x80 || start == 0 && cut {
		return "", false
	}
	return string(text[start:i]), true
}

// afterDot reports whether the word that starts at text[i] is a member's name
// (`module.require`, `a?.b`), whose call the resolver never takes for an import;
// `...require(…)` spreads one.
func afterDot(text []byte, i int, cut bool) (member, sure bool) {
	i, sure = skipTriviaBack(text, i, cut)
	if !sure || i == 0 || text[i-1] != '.' {
		return false, sure
	}
	return i < 3 || text[i-2] != '.' || text[i-3] != '.', true
}

// skipSpaces is the index of the first byte from i on that is no space or tab.
func skipSpaces(text []byte, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i
}

// isIdentifierByte reports whether b is an ASCII letter, digit, underscore or dollar
// sign.
func isIdentifierByte(b byte) bool { return b == '$' || isWordByte(b) }

// mayAliasRequire reports whether q's file may call require by another name, which
// the resolver takes for an import too: it binds a name to require itself
// (`const r = require`, `(require)(…)`, `require!`, `require as any`), which spells
// the word require followed by something other than a call or a member (`require(`,
// `require.resolve`, `require?.(`) or a word on its line ("require knowledge" in a
// comment), or to what module.createRequire returns, which spells createRequire. A
// comment that says "require, then" counts too: the answer may only err towards
// letting the file through.
func (q *Quick) mayAliasRequire() bool {
	if q.aliasesRequire != 0 {
		return q.aliasesRequire > 0
	}
	may := q.rest != nil && q.rest.mayAliasRequire()
	for _, t := range q.texts {
		may = may || bytes.Contains(t, []byte("createRequire")) || requireNotCalled(t, q.rest != nil)
	}
	q.aliasesRequire = -1
	if may {
		q.aliasesRequire = 1
	}
	return may
}

// requireNotCalled reports whether text has the word require followed by something
// other than a call, a member access or another word on its line (which no code
// spells but `require as T` and `require satisfies T`); with cut, a word at either
// end of text counts.
func requireNotCalled(text []byte, cut bool) bool {
	const word = "require"
	for from := 0; ; {
		at := bytes.Index(text[from:], []byte(word))
		if at < 0 {
			return false
		}
		at += from
		from = at + 1
		end := at + len(word)
		if at > 0 && isIdentifierByte(text[at-1]) || end < len(text) && isIdentifierByte(text[end]) {
			continue // part of another name
		}
		if at == 0 && cut {
			return true
		}
		if k := skipSpaces(text, end); k < len(text) && isIdentifierByte(text[k]) {
			// A word on the same line: prose ("require knowledge"), or an operator
			// keyword; of these only a TS cast passes require on.
			w := k
			for w < len(text) && isIdentifierByte(text[w]) {
				w++
			}
			if word := string(text[k:w]); word == "as" || word == "satisfies" || w == len(text) && cut {
				return true
			}
			continue
		}
		j := skipBlanks(text, end)
		switch {
		case j == len(text):
			return true
		case text[j] == '(' || text[j] == '.':
		case text[j] == '?' && j+1 < len(text) && text[j+1] == '.':
		default:
			return true
		}
	}
}
