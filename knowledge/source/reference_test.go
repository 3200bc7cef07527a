package source

import (
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is a deliberately naive model of the package, used as the
// oracle for FuzzApply and the exhaustive tests: it walks the whole text
// from the start, one code point or line break at a time, with no index,
// no fast paths and no look-back, so that it is easy to check by reading.

// refStep reads the token at text[i:]: a line break ("\r\n" is one), or a
// code point, with its width in enc units. An invalid byte is one code
// point of one unit in either encoding width rule below: utf8.DecodeRune
// gives it size 1, and utf16.Encode of the U+FFFD it stands for gives 1.
func refStep(text string, i int, enc Encoding) (size int, width uint64, isBreak bool) {
	switch {
	case text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n':
		return 2, 0, true
	case text[i] == '\n' || text[i] == '\r':
		return 1, 0, true
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	if enc == UTF8 {
		return size, uint64(size), false
	}
	return size, uint64(len(utf16.Encode([]rune{r}))), false
}

// refOffset is Lines.Offset the slow way.
func refOffset(text string, p Position, enc Encoding) int {
	line, col := uint32(0), uint64(0)
	for i := 0; i < len(text); {
		size, width, isBreak := refStep(text, i, enc)
		// On the wanted line, stop at its break or at the first code point
		// that reaches past the wanted character.
		if line == p.Line && (isBreak || col+width > uint64(p.Character)) {
			return i
		}
		if isBreak {
			line, col = line+1, 0
		} else {
			col += width
		}
		i += size
	}
	return len(text)
}

// refPosition is Lines.Position the slow way.
func refPosition(text string, off int, enc Encoding) Position {
	off = max(0, min(off, len(text)))
	line, col := uint32(0), uint64(0)
	for i := 0; i < len(text); {
		size, width, isBreak := refStep(text, i, enc)
		if off < i+size { // off is at this token or inside it
			break
		}
		if isBreak {
			line, col = line+1, 0
		} else {
			col += width
		}
		i += size
	}
	return Position{Line: line, Character: uint32(col)}
}

// refPoint counts tree-sitter's rows and byte columns up to off.
func refPoint(text string, off int) Point {
	var p Point
	for i := 0; i < off; i++ {
		if text[i] == '\n' {
			p.Row, p.Column = p.Row+1, 0
		} else {
			p.Column++
		}
	}
	return p
}

// refApply is Apply the slow way, with string concatenation; its end points
// are counted on the new text rather than derived from the inserted text.
func refApply(text string, changes []Change, enc Encoding) (string, []Edit, error) {
	edits := []Edit{}
	for _, c := range changes {
		if c.Range == nil {
			edits = append(edits, Edit{
				OldEndByte:  uint(len(text)),
				NewEndByte:  uint(len(c.Text)),
				OldEndPoint: refPoint(text, len(text)),
				NewEndPoint: refPoint(c.Text, len(c.Text)),
			})
			text = c.Text
			continue
		}
		s, e := c.Range.Start, c.Range.End
		if e.Line < s.Line || e.Line == s.Line && e.Character < s.Character {
			return "", nil, errors.New("inverted range")
		}
		start, end := refOffset(text, s, enc), refOffset(text, e, enc)
		next := text[:start] + c.Text + text[end:]
		edits = append(edits, Edit{
			StartByte:   uint(start),
			OldEndByte:  uint(end),
			NewEndByte:  uint(start + len(c.Text)),
			StartPoint:  refPoint(text, start),
			OldEndPoint: refPoint(text, end),
			NewEndPoint: refPoint(next, start+len(c.Text)),
		})
		text = next
	}
	return text, edits, nil
}
