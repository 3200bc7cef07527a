package source

import (
	"math"
	"testing"
)

// encodings lists both encodings with the names used in subtests.
var encodings = []struct {
	name string
	enc  Encoding
}{{"UTF16", UTF16}, {"UTF8", UTF8}}

func pos(line, char uint32) Position { return Position{Line: line, Character: char} }

func TestCount(t *testing.T) {
	tests := []struct {
		name, text string
		want       int
	}{
		{"empty", "", 1},
		{"one line", "abc", 1},
		{"trailing LF", "abc\n", 2},
		{"trailing CRLF", "abc\r\n", 2},
		{"trailing CR", "abc\r", 2},
		{"CRLF is one break", "a\r\nb", 2},
		{"LF then CR is two breaks", "a\n\rb", 3},
		{"CR then CRLF then LF", "\r\r\n\n", 4},
		{"only breaks", "\n\n\n", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewLines([]byte(tt.text)).Count(); got != tt.want {
				t.Errorf("Count(%q) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
}

// TestConvert checks pairs that map onto each other in both directions:
// Offset(pos) == off and Position(off) == pos.
func TestConvert(t *testing.T) {
	tests := []struct {
		name string
		text string
		enc  Encoding
		pos  Position
		off  int
	}{
		{"ascii start", "hello\nworld", UTF16, pos(0, 0), 0},
		{"ascii end of line", "hello\nworld", UTF16, pos(0, 5), 5},
		{"ascii next line", "hello\nworld", UTF16, pos(1, 0), 6},
		{"ascii end of text", "hello\nworld", UTF16, pos(1, 5), 11},
		{"ascii utf8", "hello\nworld", UTF8, pos(1, 3), 9},

		// 日本語 is three 3-byte code points of one UTF-16 unit each.
		{"cjk before utf16", "日本語x\n", UTF16, pos(0, 3), 9},
		{"cjk middle utf16", "日本語x\n", UTF16, pos(0, 1), 3},
		{"cjk end utf16", "日本語x\n", UTF16, pos(0, 4), 10},
		{"cjk next line utf16", "日本語x\n", UTF16, pos(1, 0), 11},
		{"cjk before utf8", "日本語x\n", UTF8, pos(0, 9), 9},
		{"cjk middle utf8", "日本語x\n", UTF8, pos(0, 3), 3},
		{"cjk end utf8", "日本語x\n", UTF8, pos(0, 10), 10},

		// 😀 is 4 bytes and a surrogate pair of 2 UTF-16 units.
		{"emoji before utf16", "a😀b", UTF16, pos(0, 1), 1},
		{"emoji after utf16", "a😀b", UTF16, pos(0, 3), 5},
		{"emoji end utf16", "a😀b", UTF16, pos(0, 4), 6},
		{"emoji before utf8", "a😀b", UTF8, pos(0, 1), 1},
		{"emoji after utf8", "a😀b", UTF8, pos(0, 5), 5},
		{"two emoji utf16", "😀😀x", UTF16, pos(0, 4), 8},
		{"two emoji between utf16", "😀😀x", UTF16, pos(0, 2), 4},

		// é (2 bytes, 1 unit), 😀 (4, 2), 日 (3, 1), x.
		{"mixed widths utf16", "é😀日x", UTF16, pos(0, 4), 9},
		{"mixed widths at cjk utf16", "é😀日x", UTF16, pos(0, 3), 6},
		{"mixed widths at emoji utf16", "é😀日x", UTF16, pos(0, 1), 2},
		{"mixed widths end utf16", "é😀日x", UTF16, pos(0, 5), 10},
		{"mixed widths utf8", "é😀日x", UTF8, pos(0, 9), 9},

		// An ASCII line after a non-ASCII one uses the fast path; make sure
		// it does not inherit anything from the line before.
		{"ascii line after wide line", "日本\nabc\n😀", UTF16, pos(1, 2), 9},
		{"wide line after ascii line", "abc\n😀x", UTF16, pos(1, 2), 8},

		{"crlf end of line", "ab\r\ncd\r\n", UTF16, pos(0, 2), 2},
		{"crlf next line", "ab\r\ncd\r\n", UTF16, pos(1, 0), 4},
		{"crlf second line", "ab\r\ncd\r\n", UTF16, pos(1, 2), 6},
		{"crlf last empty line", "ab\r\ncd\r\n", UTF16, pos(2, 0), 8},
		{"cr end of line", "ab\rcd\r", UTF16, pos(0, 2), 2},
		{"cr next line", "ab\rcd\r", UTF16, pos(1, 0), 3},
		{"cr second line", "ab\rcd\r", UTF8, pos(1, 2), 5},
		{"cr last empty line", "ab\rcd\r", UTF16, pos(2, 0), 6},
		{"mixed after LF", "a\nb\r\nc\rd", UTF16, pos(1, 0), 2},
		{"mixed after CRLF", "a\nb\r\nc\rd", UTF16, pos(2, 0), 5},
		{"mixed after CR", "a\nb\r\nc\rd", UTF16, pos(3, 0), 7},
		{"mixed end", "a\nb\r\nc\rd", UTF8, pos(3, 1), 8},
		{"crlf with emoji utf16", "😀\r\n😀", UTF16, pos(1, 2), 10},
		{"crlf with emoji line end utf16", "😀\r\n😀", UTF16, pos(0, 2), 4},
		{"crlf with emoji next line utf8", "😀\r\n😀", UTF8, pos(1, 0), 6},
		{"empty lines", "\n\n\n", UTF16, pos(2, 0), 2},

		// Invalid UTF-8: each bad byte is one code point of one unit.
		{"invalid byte", "a\xffb", UTF16, pos(0, 2), 2},
		{"invalid byte utf8", "a\xffb", UTF8, pos(0, 2), 2},
		{"truncated sequence", "\xe2\x82x", UTF16, pos(0, 2), 2},
		{"inside truncated sequence", "\xe2\x82x", UTF16, pos(0, 1), 1},
		{"inside truncated sequence utf8", "\xe2\x82x", UTF8, pos(0, 1), 1},
		{"truncated emoji", "\xf0\x9f\x98x", UTF16, pos(0, 3), 3},
		{"stray continuation bytes", "\x80\x80日", UTF16, pos(0, 2), 2},
		{"encoded surrogate", "\xed\xa0\x80z", UTF16, pos(0, 3), 3},
		{"invalid then valid", "\xff😀z", UTF16, pos(0, 3), 5},
		{"real U+FFFD", "\uFFFDx", UTF16, pos(0, 1), 3},
		{"real U+FFFD utf8", "\uFFFDx", UTF8, pos(0, 3), 3},
		{"nul bytes", "a\x00b\n\x00", UTF16, pos(0, 2), 2},
		{"nul next line", "a\x00b\n\x00", UTF16, pos(1, 1), 5},

		{"empty text", "", UTF16, pos(0, 0), 0},
		{"empty text utf8", "", UTF8, pos(0, 0), 0},
		{"last line without newline", "ab\ncd", UTF16, pos(1, 2), 5},
		{"last line with newline", "ab\ncd\n", UTF16, pos(2, 0), 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLines([]byte(tt.text))
			if got := l.Offset(tt.pos, tt.enc); got != tt.off {
				t.Errorf("Offset(%q, %v) = %d, want %d", tt.text, tt.pos, got, tt.off)
			}
			if got := l.Position(tt.off, tt.enc); got != tt.pos {
				t.Errorf("Position(%q, %d) = %v, want %v", tt.text, tt.off, got, tt.pos)
			}
		})
	}
}

// TestOffsetClamps covers positions that have no exact byte offset.
func TestOffsetClamps(t *testing.T) {
	const huge = math.MaxUint32
	tests := []struct {
		name string
		text string
		enc  Encoding
		pos  Position
		want int
	}{
		{"character past line end", "hello\nworld", UTF16, pos(0, 99), 5},
		{"character past last line end", "hello\nworld", UTF16, pos(1, 99), 11},
		{"line past end", "hello\nworld", UTF16, pos(2, 0), 11},
		{"line far past end", "hello\nworld", UTF8, pos(7, 3), 11},
		{"max line", "hello", UTF16, pos(huge, 0), 5},
		{"max character", "hello\nworld", UTF16, pos(0, huge), 5},
		{"max character wide line", "😀\nx", UTF16, pos(0, huge), 4},
		{"max character wide line utf8", "😀\nx", UTF8, pos(0, huge), 4},
		{"past end clamps before CRLF", "ab\r\ncd", UTF16, pos(0, 3), 2},
		{"far past end clamps before CRLF", "ab\r\ncd", UTF8, pos(0, 9), 2},
		{"past end clamps before CR", "ab\rcd", UTF16, pos(0, 9), 2},
		{"past end clamps before LF", "ab\ncd", UTF16, pos(0, 9), 2},
		{"wide line past end before CRLF", "😀\r\n", UTF16, pos(0, 7), 4},
		{"wide line past end before CRLF utf8", "日\r\n", UTF8, pos(0, 4), 3},
		{"empty text", "", UTF16, pos(0, 5), 0},
		{"empty text line past end", "", UTF8, pos(3, 3), 0},
		{"trailing newline line past end", "a\n", UTF16, pos(2, 0), 2},
		{"trailing newline character past end", "a\n", UTF16, pos(1, 5), 2},
		{"empty line between", "a\n\nb", UTF16, pos(1, 4), 2},

		{"inside surrogate pair", "a😀b", UTF16, pos(0, 2), 1},
		{"inside second surrogate pair", "😀😀", UTF16, pos(0, 3), 4},
		{"inside emoji byte 1", "a😀b", UTF8, pos(0, 2), 1},
		{"inside emoji byte 2", "a😀b", UTF8, pos(0, 3), 1},
		{"inside emoji byte 3", "a😀b", UTF8, pos(0, 4), 1},
		{"inside cjk byte 1", "日本", UTF8, pos(0, 1), 0},
		{"inside cjk byte 2", "日本", UTF8, pos(0, 5), 3},
		{"inside e-acute", "xé", UTF8, pos(0, 2), 1},
		{"inside U+FFFD", "\uFFFD", UTF8, pos(0, 2), 0},
		// Next to invalid bytes, a byte offset is a code point start.
		{"after invalid lead byte", "\xe2\x82x", UTF8, pos(0, 2), 2},
		{"after invalid then valid", "\xff日", UTF8, pos(0, 2), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewLines([]byte(tt.text)).Offset(tt.pos, tt.enc); got != tt.want {
				t.Errorf("Offset(%q, %v) = %d, want %d", tt.text, tt.pos, got, tt.want)
			}
		})
	}
}

// TestPositionSnaps covers offsets that are not code point boundaries or
// lie outside the text.
func TestPositionSnaps(t *testing.T) {
	tests := []struct {
		name string
		text string
		off  int
		u16  Position // the position in UTF-16
		u8   Position // the position in UTF-8
	}{
		{"negative", "ab\ncd", -5, pos(0, 0), pos(0, 0)},
		{"past end", "ab\r\ncd", 999, pos(1, 2), pos(1, 2)},
		{"past end with trailing newline", "a\n", 3, pos(1, 0), pos(1, 0)},
		{"empty past end", "", 1, pos(0, 0), pos(0, 0)},
		{"inside CRLF", "ab\r\ncd", 3, pos(0, 2), pos(0, 2)},
		{"inside CRLF after emoji", "😀\r\n", 5, pos(0, 2), pos(0, 4)},
		{"on CR of CRLF", "ab\r\ncd", 2, pos(0, 2), pos(0, 2)},
		{"inside emoji byte 1", "a😀b", 2, pos(0, 1), pos(0, 1)},
		{"inside emoji byte 2", "a😀b", 3, pos(0, 1), pos(0, 1)},
		{"inside emoji byte 3", "a😀b", 4, pos(0, 1), pos(0, 1)},
		{"inside cjk", "日本", 1, pos(0, 0), pos(0, 0)},
		{"inside second cjk", "日本", 4, pos(0, 1), pos(0, 3)},
		{"inside cjk on second line", "x\n日本", 6, pos(1, 1), pos(1, 3)},
		{"truncated emoji bytes are code points", "\xf0\x9f\x98x", 1, pos(0, 1), pos(0, 1)},
		{"after encoded surrogate", "\xed\xa0\x80z", 4, pos(0, 4), pos(0, 4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLines([]byte(tt.text))
			if got := l.Position(tt.off, UTF16); got != tt.u16 {
				t.Errorf("Position(%q, %d, UTF16) = %v, want %v", tt.text, tt.off, got, tt.u16)
			}
			if got := l.Position(tt.off, UTF8); got != tt.u8 {
				t.Errorf("Position(%q, %d, UTF8) = %v, want %v", tt.text, tt.off, got, tt.u8)
			}
		})
	}
}

// TestUnknownEncodingIsUTF16 pins that an out-of-range Encoding value gets
// the LSP default rather than something undefined.
func TestUnknownEncodingIsUTF16(t *testing.T) {
	l := NewLines([]byte("😀x"))
	if got := l.Offset(pos(0, 2), Encoding(7)); got != 4 {
		t.Errorf("Offset = %d, want 4", got)
	}
	if got := l.Position(4, Encoding(7)); got != pos(0, 2) {
		t.Errorf("Position = %v, want 0:2", got)
	}
}

// roundTripTexts holds texts for the exhaustive checks below; between them
// they cover every kind of line break, width and invalid byte.
var roundTripTexts = []string{
	"",
	"hello\nworld",
	"日本語\r\n😀x\ry\n",
	"a😀b\n\n😀😀\r\r\n",
	"é😀日x",
	"\xffa\xe2\x82\n\xf0\x9f\x98\x80\xf0\x9f\x98",
	"\x00\r\x00\n\xed\xa0\x80\uFFFD",
	"\n",
	"\r\n",
	"\r",
}

// TestRoundTrip checks every offset of each text in both encodings: the
// position agrees with the reference model, converting it back gives the
// start of the code point the offset was in (never a later byte), and that
// start converts to the same position again.
func TestRoundTrip(t *testing.T) {
	for _, text := range roundTripTexts {
		for _, e := range encodings {
			checkLines(t, []byte(text), e.enc)
		}
	}
}

// checkLines compares Lines with the reference model on every offset and on
// every position of every line up to a few characters past its end, and
// checks both round trips.
func checkLines(t *testing.T, text []byte, enc Encoding) {
	t.Helper()
	l := NewLines(text)
	s := string(text)
	for off := -1; off <= len(text)+1; off++ {
		p := l.Position(off, enc)
		if want := refPosition(s, off, enc); p != want {
			t.Fatalf("Position(%q, %d, %d) = %v, want %v", s, off, enc, p, want)
		}
		back := l.Offset(p, enc)
		if clamped := max(0, min(off, len(text))); back > clamped {
			t.Fatalf("Offset(Position(%q, %d, %d)) = %d, after the offset", s, off, enc, back)
		}
		if again := l.Position(back, enc); again != p {
			t.Fatalf("Position(%q, %d, %d) = %v, but Position(%d) = %v", s, off, enc, p, back, again)
		}
	}
	for line := uint32(0); line <= uint32(l.Count())+1; line++ {
		for ch := uint32(0); ch <= 12; ch++ {
			p := pos(line, ch)
			off := l.Offset(p, enc)
			if want := refOffset(s, p, enc); off != want {
				t.Fatalf("Offset(%q, %v, %d) = %d, want %d", s, p, enc, off, want)
			}
			// A valid position is one the reference maps back to itself;
			// those must survive Position(Offset(p)).
			if refPosition(s, off, enc) == p {
				if got := l.Position(off, enc); got != p {
					t.Fatalf("Position(Offset(%q, %v, %d)) = %v", s, p, enc, got)
				}
			}
		}
	}
}
