package analysis

import (
	"bytes"
	"slices"
)

// inOneList asks for a needle of Then after a needle of First in the same list (see
// AndInOneList).
type inOneList struct {
	First, Then []string
}

// AndInOneList is n narrowed to the files where a needle of then follows a needle of
// first before the list that holds it closes: a rule that judges functions by two of
// their parameters' names, as the resolver's heuristic handler tier does ((req, res),
// (err, req, res, next)), needs both in one parameter list, not each anywhere in the
// file. first names the earlier parameter and what follows its name (`req,`, `req:`);
// then the later one (`res,`, `res)`). See Quick.InOneList for how a list is read.
func (n Needles) AndInOneList(first, then []string) Needles {
	n.Lists = append(slices.Clone(n.Lists), inOneList{First: first, Then: then})
	return n
}

// maxListScan bounds how far a list is read after a needle of first: a list still
// open that far is taken to hold a needle of then, so that a file with many such
// needles in one long literal costs a bounded read of each, and a parameter list is
// never that long.
const maxListScan = 4096

// InOneList reports whether a needle of then (lower case) follows a needle of first
// in q's file before the list around that needle of first closes. Both must be
// mentioned (compared lower-cased, as every needle is); the list itself is then read
// as written, with the needles in lower case: a list of parameters is read for their
// names, which are case-sensitive (the resolver's handler tier reads req, not Req),
// and reading the text as written spares a lower-cased copy of every file asked.
// From the end of the needle of first, the text is read as a parameter list is
// written: a needle of then counts at its own nesting level, not inside a
// parenthesis, bracket or brace opened after the needle of first (a type literal, a
// default value, a destructuring pattern); an unmatched closing one, or a semicolon at
// that level, ends the list; line and block comments are skipped and single- and
// double-quoted strings read over. A template literal, a slash that opens neither
// comment (a regular expression or a division in a default value), a string that
// runs to the end of its line, or a list still open after maxListScan bytes cannot
// be read so simply and count as holding one: the answer only ever keeps a file the
// exact reading would skip, never the reverse. Angle brackets are not counted, as an
// arrow's `=>` would unbalance them; a comma between a type's arguments
// (`Request<P, any>`) is no end, since only the closers end a list.
//
// The text of a part of a file (see quickPart) may start or end inside a list, so a
// part answers whether both are mentioned at all (the file-wide reading).
func (q *Quick) InOneList(first, then []string) bool {
	if !q.Mentions(first...) || !q.Mentions(then...) {
		return false
	}
	if q.rest != nil {
		return true
	}
	for _, t := range q.texts {
		for _, f := range first {
			if !q.mayContain(f) {
				continue
			}
			for at := 0; ; {
				i := IndexWord(t[at:], f)
				if i < 0 {
					break
				}
				at += i + len(f)
				if listHolds(t, at, then) {
					return true
				}
			}
		}
	}
	return false
}

// mayContain is false when the automaton knows n and did not find it in q's texts,
// compared lower-cased: then n (lower case) is nowhere in them as written either, and
// need not be looked for. A needle marked as an import specifier counts here wherever
// it is.
func (q *Quick) mayContain(n string) bool {
	id, ok := q.m.ids[n]
	return !ok || q.found[id]
}

// listHolds reports whether a needle of then starts at nesting level zero in t from
// from on, before the list that from is in closes (see InOneList).
func listHolds(t []byte, from int, then []string) bool {
	end := min(len(t), from+maxListScan)
	depth := 0
	for i := from; i < end; {
		if depth == 0 && hasAnyPrefix(t[i:], then) {
			return true
		}
		switch t[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return false
			}
			depth--
		case ';':
			if depth == 0 {
				return false
			}
		case '/':
			last, readable := skipComment(t, i)
			if !readable {
				return true
			}
			i = last // a needle right after the comment (`*/res,`) is read next
		case '\'', '"':
			closing, readable := stringEnd(t, i)
			if !readable {
				return true
			}
			i = closing
		case '`':
			return true
		}
		i++
	}
	return end < len(t)
}

// skipComment reads the comment that starts at t[i], a slash: it returns the offset
// of the comment's last byte (the newline that ends a line comment, the slash of a
// block comment's end, or the end of t when it runs there), or false when the slash
// opens no comment.
func skipComment(t []byte, i int) (int, bool) {
	if i+1 >= len(t) {
		return 0, false
	}
	switch t[i+1] {
	case '/':
		if nl := bytes.IndexByte(t[i:], '\n'); nl >= 0 {
			return i + nl, true
		}
		return len(t), true
	case '*':
		if close := bytes.Index(t[i+2:], []byte("*/")); close >= 0 {
			return i + 2 + close + 1, true
		}
		return len(t), true
	}
	return 0, false
}

// stringEnd returns the offset of the quote that closes the string opened at t[i],
// past escaped characters, or false when a line break or the end of t comes first
// (a line continuation, or a quote that opens no string).
func stringEnd(t []byte, i int) (int, bool) {
	for j := i + 1; j < len(t); j++ {
		switch t[j] {
		case '\\':
			j++
		case '\n':
			return 0, false
		case t[i]:
			return j, true
		}
	}
	return 0, false
}

func hasAnyPrefix(t []byte, prefixes []string) bool {
	for _, p := range prefixes {
		if len(t) >= len(p) && string(t[:len(p)]) == p {
			return true
		}
	}
	return false
}
