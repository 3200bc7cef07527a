package source

import (
	"slices"
	"unicode/utf8"
)

// Lines indexes the line starts of a text. LSP line breaks are "\n", "\r\n"
// and a lone "\r".
//
// Conversions binary-search the line starts and then look only inside one
// line, so they stay cheap on large files; lines that are pure ASCII, the
// common case in source code, need no scan at all because every encoding
// counts their characters as bytes.
//
// Lines keeps a reference to the text rather than a copy, because copying
// every document on every keystroke would double the cost of indexing it.
// The text must not be modified while the Lines is in use (Apply never
// modifies a text; it returns a new one).
type Lines struct {
	text []byte
	// starts[i] is the byte offset where line i begins: starts[0] is 0 and
	// the values strictly increase. A text ending in a line break has an
	// empty last line starting at len(text), as LSP counts it.
	starts []int
	// ascii[i] reports that line i, without its break, holds only ASCII
	// bytes, so that byte, UTF-8 and UTF-16 columns all coincide.
	ascii []bool
	// loneCR is set when the text may hold a "\r" that is not part of "\r\n":
	// LSP counts it as a line break and tree-sitter does not (see point).
	loneCR bool
}

// NewLines indexes text in a single pass.
func NewLines(text []byte) *Lines {
	l := &Lines{text: text, starts: []int{0}}
	l.ascii = append(l.ascii, l.scan(0, len(text)))
	return l
}

// scan indexes text[from:to], which starts a line: it appends the starts of the
// lines after it and the ASCII flags of the lines it completes, and returns the
// flag of the line it ends in.
func (l *Lines) scan(from, to int) bool {
	ascii := true
	for i := from; i < to; i++ {
		switch b := l.text[i]; {
		case b == '\n' || b == '\r':
			if b == '\r' && i+1 < len(l.text) && l.text[i+1] == '\n' {
				i++ // "\r\n" is one break, not two
			} else if b == '\r' {
				l.loneCR = true
			}
			l.starts = append(l.starts, i+1)
			l.ascii = append(l.ascii, ascii)
			ascii = true
		case b >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii
}

// Text is the indexed text.
func (l *Lines) Text() []byte { return l.text }

// edited indexes next, which is l's text with [start, oldEnd) replaced by the
// bytes next[start:newEnd]: the lines before the edit and after it are l's,
// shifted, and only the lines the edit touches are scanned. So typing in a
// large file costs the length of a line, not of the file.
func (l *Lines) edited(next []byte, start, oldEnd, newEnd int) *Lines {
	// From the line before the edit's first byte: a "\r" there may pair with a
	// "\n" the edit puts after it.
	first := l.lineOf(max(start-1, 0))
	last := l.lineOf(oldEnd)
	delta := newEnd - oldEnd
	to := len(next)
	if last+1 < len(l.starts) {
		// The break before line last+1 ends in bytes the edit left alone.
		to = l.starts[last+1] + delta
	}
	if to < len(next) && next[to-1] == '\r' && next[to] == '\n' {
		return NewLines(next) // the edit made a "\r\n" across the kept text's edge
	}
	n := &Lines{text: next, loneCR: l.loneCR,
		starts: append(make([]int, 0, len(l.starts)+8), l.starts[:first+1]...),
		ascii:  append(make([]bool, 0, len(l.ascii)+8), l.ascii[:first]...)}
	ascii := n.scan(l.starts[first], to)
	if to == len(next) {
		n.ascii = append(n.ascii, ascii)
		return n
	}
	n.ascii = append(n.ascii, l.ascii[last+1:]...)
	for _, s := range l.starts[last+2:] {
		n.starts = append(n.starts, s+delta)
	}
	return n
}

// point is offset as tree-sitter counts it: rows end at "\n" only, columns
// count bytes.
func (l *Lines) point(offset int) Point {
	if l.loneCR {
		return advance(Point{}, l.text[:offset])
	}
	line := l.lineOf(offset)
	return Point{Row: uint(line), Column: uint(offset - l.starts[line])}
}

// Count returns the number of lines; it is at least 1, and a text that ends
// in a line break has an empty last line after it.
func (l *Lines) Count() int { return len(l.starts) }

// bounds returns the byte offsets of the start of line i and of the end of
// its content, which is where its line break (if any) begins.
func (l *Lines) bounds(i int) (start, end int) {
	start = l.starts[i]
	if i+1 == len(l.starts) {
		return start, len(l.text)
	}
	end = l.starts[i+1] - 1 // the last byte of the break
	if end > start && l.text[end] == '\n' && l.text[end-1] == '\r' {
		end--
	}
	return start, end
}

// lineOf returns the line holding byte offset off (0 <= off <= len(text)).
func (l *Lines) lineOf(off int) int {
	i, found := slices.BinarySearch(l.starts, off)
	if !found {
		i-- // off lies after starts[i-1]; starts[0] == 0 makes i >= 1 here
	}
	return i
}

// Offset converts a position to a byte offset. Out-of-range input is
// clamped, never an error: a line past the end gives len(text); a character
// past the end of its line gives the offset of the line's end (before its
// line break); a UTF-16 character inside a surrogate pair or a UTF-8
// character inside a multi-byte sequence is moved back to the start of that
// code point. Any Encoding other than UTF8 is read as UTF16, the LSP default.
func (l *Lines) Offset(p Position, enc Encoding) int {
	// Compare in uint64: int may be 32 bits wide, where uint32 values past
	// MaxInt32 would turn negative.
	if uint64(p.Line) >= uint64(len(l.starts)) {
		return len(l.text)
	}
	line := int(p.Line)
	start, end := l.bounds(line)
	if enc == UTF8 || l.ascii[line] {
		if uint64(p.Character) >= uint64(end-start) {
			return end
		}
		off := start + int(p.Character)
		if l.ascii[line] {
			return off
		}
		return runeStart(l.text, start, off)
	}
	return start + utf16Offset(l.text[start:end], p.Character)
}

// Position converts a byte offset (clamped to [0, len(text)]) to a
// position; an offset inside a multi-byte code point maps to that code
// point's start, and an offset between the "\r" and "\n" of a break maps to
// the end of the line's content, since no LSP position lies inside a break.
func (l *Lines) Position(offset int, enc Encoding) Position {
	offset = max(0, min(offset, len(l.text)))
	line := l.lineOf(offset)
	start, end := l.bounds(line)
	offset = min(offset, end)
	var ch uint32
	switch {
	case l.ascii[line]:
		ch = uint32(offset - start)
	case enc == UTF8:
		ch = uint32(runeStart(l.text, start, offset) - start)
	default:
		ch = utf16Column(l.text[start:end], offset-start)
	}
	return Position{Line: uint32(line), Character: ch}
}
