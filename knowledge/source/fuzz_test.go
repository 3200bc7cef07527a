package source

import (
	"bytes"
	"math"
	"slices"
	"testing"
)

// FuzzApply checks Lines and Apply against the naive model in
// reference_test.go. The script is read five bytes per change (see
// decodeChanges) and the inserted texts are cut from insert, so the fuzzer
// can reach multi-change sequences, inverted and out-of-range ranges, and
// insertions of line breaks and partial code points.
func FuzzApply(f *testing.F) {
	f.Add([]byte("hello\nworld\n"), []byte{0, 5, 0, 0, 2 << 3, 0, 6, 1, 0, 0}, []byte("😀!"), false)
	f.Add([]byte("a😀b\r\nc\rd"), []byte{0, 2, 0, 3, 1 << 3, 1, 0, 1, 1, 3 << 3}, []byte("\r\n日"), false)
	f.Add([]byte("é😀日x\n"), []byte{0, 2, 0, 6, 4 << 3, 0, 0, 0, 0, 7}, []byte("\xf0\x9f\x98x"), true)
	f.Add([]byte("\xffa\xe2\x82\n\x00"), []byte{0, 1, 0, 2, 0, 1, 0xff, 1, 0xff, 1 << 3}, []byte("\r"), false)
	f.Add([]byte(""), []byte{3, 3, 0, 0, 1 << 3, 0, 4, 0, 1, 0}, []byte("\n"), true)
	f.Add([]byte("ab\ncd"), []byte{0, 2, 0xf3, 0, 0}, []byte(""), false) // inverted
	f.Fuzz(func(t *testing.T, text, script, insert []byte, useUTF8 bool) {
		enc := UTF16
		if useUTF8 {
			enc = UTF8
		}
		// The exhaustive comparison is quadratic in the reference model, and
		// the fuzzer re-runs each new input many times to minimize it; long
		// texts would add time there, not coverage.
		if len(text) <= 128 {
			checkLines(t, text, enc)
		}
		changes := decodeChanges(script, insert)
		orig := bytes.Clone(text)
		got, edits, err := Apply(text, changes, enc)
		want, wantEdits, wantErr := refApply(string(text), changes, enc)
		if !bytes.Equal(text, orig) {
			t.Fatalf("Apply modified its input: %q -> %q", orig, text)
		}
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("Apply(%q, %+v) error = %v, want %v", orig, changes, err, wantErr)
		}
		if err != nil {
			return
		}
		if string(got) != want {
			t.Fatalf("Apply(%q, %+v) = %q, want %q", orig, changes, got, want)
		}
		if len(edits) != len(wantEdits) {
			t.Fatalf("Apply(%q, %+v) gave %d edits, want %d", orig, changes, len(edits), len(wantEdits))
		}
		for i := range edits {
			if edits[i] != wantEdits[i] {
				t.Fatalf("Apply(%q, %+v) edit %d = %+v, want %+v", orig, changes, i, edits[i], wantEdits[i])
			}
		}
		// The index carried through the edits is the one a fresh read makes.
		lines, _, _ := NewLines(text).Apply(changes, enc)
		fresh := NewLines(got)
		if !slices.Equal(lines.starts, fresh.starts) || !slices.Equal(lines.ascii, fresh.ascii) || fresh.loneCR && !lines.loneCR {
			t.Fatalf("Apply(%q, %+v): the edited index %+v differs from a fresh one %+v", orig, changes, *lines, *fresh)
		}
	})
}

// decodeChanges turns fuzz bytes into at most 8 changes, five script bytes
// each: start line, start character, end line, end character, and a byte
// whose low 3 bits set to 7 make a full replacement and whose high 5 bits
// are the length of the text to cut from the front of insert.
//
// Lines and characters are kept small so that most ranges land in the text;
// a byte of 0xff stands for MaxUint32 to reach the clamping limits. The end
// line is relative to the start line (0 to 2 further) so that most ranges
// are ordered, except that an end-line byte of 0xf0 or more gives an
// absolute line, usually inverting the range.
func decodeChanges(script, insert []byte) []Change {
	num := func(b byte, mod uint32) uint32 {
		if b == 0xff {
			return math.MaxUint32
		}
		return uint32(b) % mod
	}
	var changes []Change
	for len(script) >= 5 && len(changes) < 8 {
		op := script[:5]
		script = script[5:]
		n := min(int(op[4]>>3), len(insert))
		text := string(insert[:n])
		insert = insert[n:]
		if op[4]&7 == 7 {
			changes = append(changes, Change{Text: text})
			continue
		}
		start := Position{Line: num(op[0], 6), Character: num(op[1], 24)}
		end := Position{Line: start.Line + uint32(op[2]%3), Character: num(op[3], 24)}
		switch {
		case op[2] == 0xff:
			end.Line = math.MaxUint32
		case op[2] >= 0xf0:
			end.Line = uint32(op[2]&0x0f) % 6
		case start.Line == math.MaxUint32:
			end.Line = start.Line // adding would wrap around
		}
		changes = append(changes, Change{Range: &Range{Start: start, End: end}, Text: text})
	}
	return changes
}
