package source

import "unicode/utf8"

// The helpers below all read code points with utf8.DecodeRune, which yields
// a size-1 utf8.RuneError for every byte that does not start a valid
// sequence. That single rule is what keeps both conversion directions in
// agreement on invalid UTF-8: each such byte is one code point of one
// UTF-16 unit.

// utf16Len is the number of UTF-16 code units r takes. utf8.RuneError from
// an invalid byte is below U+10000, so it counts 1, like the U+FFFD shown.
func utf16Len(r rune) uint64 {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// utf16Offset returns the byte offset in line (a line's content, without
// its break) of UTF-16 column ch. A column past the end gives len(line); a
// column between the two halves of a surrogate pair gives the start of the
// code point, because no byte offset lies between them.
func utf16Offset(line []byte, ch uint32) int {
	var units uint64 // wider than ch so that adding 2 cannot wrap
	for i := 0; i < len(line); {
		if b := line[i]; b < utf8.RuneSelf {
			if units >= uint64(ch) {
				return i
			}
			units++
			i++
			continue
		}
		r, size := utf8.DecodeRune(line[i:])
		w := utf16Len(r)
		if units+w > uint64(ch) {
			return i
		}
		units += w
		i += size
	}
	return len(line)
}

// utf16Column counts the UTF-16 units in line before byte offset off
// (0 <= off <= len(line)). An offset inside a multi-byte code point counts
// up to the start of that code point.
func utf16Column(line []byte, off int) uint32 {
	var units uint64
	for i := 0; i < off; {
		if b := line[i]; b < utf8.RuneSelf {
			units++
			i++
			continue
		}
		r, size := utf8.DecodeRune(line[i:])
		if i+size > off {
			break
		}
		units += utf16Len(r)
		i += size
	}
	return uint32(units)
}

// runeStart moves off back to the start of the code point that contains it,
// looking at no byte before lo (a line start: line breaks are ASCII, so no
// code point spans one). It looks at most utf8.UTFMax-1 bytes back instead
// of scanning the line: every byte that is not a continuation byte starts a
// code point in any forward decoding, since a valid sequence continues only
// with continuation bytes and an invalid byte stands alone. So the nearest
// such byte before off either starts a valid sequence that covers off, or
// off is already a boundary.
func runeStart(text []byte, lo, off int) int {
	for c := off - 1; c >= lo && c > off-utf8.UTFMax; c-- {
		if !utf8.RuneStart(text[c]) {
			continue
		}
		if _, size := utf8.DecodeRune(text[c:]); c+size > off {
			return c
		}
		return off
	}
	return off
}
