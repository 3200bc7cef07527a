package source

import (
	"bytes"
	"testing"
)

func rng(sl, sc, el, ec uint32) *Range {
	return &Range{Start: pos(sl, sc), End: pos(el, ec)}
}

func pt(row, col uint) Point { return Point{Row: row, Column: col} }

// step is one change and what applying it must give, worked out by hand.
type step struct {
	change Change
	text   string // the whole text after the change
	edit   Edit
}

func TestApplySequence(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		enc   Encoding
		steps []step
	}{
		{
			name: "utf16 edits with emoji",
			text: "hello\nworld\n",
			enc:  UTF16,
			steps: []step{
				{ // insert an emoji at the end of line 0
					Change{rng(0, 5, 0, 5), "😀"},
					"hello😀\nworld\n",
					Edit{5, 5, 9, pt(0, 5), pt(0, 5), pt(0, 9)},
				},
				{ // replace the emoji: 2 UTF-16 units, 4 bytes
					Change{rng(0, 5, 0, 7), "!"},
					"hello!\nworld\n",
					Edit{5, 9, 6, pt(0, 5), pt(0, 9), pt(0, 6)},
				},
				{ // delete across lines: join line 1 onto line 0
					Change{rng(0, 6, 1, 0), ""},
					"hello!world\n",
					Edit{6, 7, 6, pt(0, 6), pt(1, 0), pt(0, 6)},
				},
				{ // insert text holding newlines
					Change{rng(0, 5, 0, 5), "\nfoo\nba"},
					"hello\nfoo\nba!world\n",
					Edit{5, 5, 12, pt(0, 5), pt(0, 5), pt(2, 2)},
				},
				{ // insert a CJK character on the new line 2
					Change{rng(2, 2, 2, 2), "日"},
					"hello\nfoo\nba日!world\n",
					Edit{12, 12, 15, pt(2, 2), pt(2, 2), pt(2, 5)},
				},
				{ // replace it (1 unit, 3 bytes) with two emoji
					Change{rng(2, 2, 2, 3), "😀😀"},
					"hello\nfoo\nba😀😀!world\n",
					Edit{12, 15, 20, pt(2, 2), pt(2, 5), pt(2, 10)},
				},
				{ // delete the second emoji, counted after the first
					Change{rng(2, 4, 2, 6), ""},
					"hello\nfoo\nba😀!world\n",
					Edit{16, 20, 16, pt(2, 6), pt(2, 10), pt(2, 6)},
				},
				{ // replace from line 0 to just after the emoji on line 2
					Change{rng(0, 2, 2, 4), "Y"},
					"heY!world\n",
					Edit{2, 16, 3, pt(0, 2), pt(2, 6), pt(0, 3)},
				},
			},
		},
		{
			name: "utf8 edits with emoji",
			text: "a😀b\nc",
			enc:  UTF8,
			steps: []step{
				{ // characters are bytes: after the emoji is column 5
					Change{rng(0, 5, 0, 5), "X"},
					"a😀Xb\nc",
					Edit{5, 5, 6, pt(0, 5), pt(0, 5), pt(0, 6)},
				},
				{ // delete the emoji by its byte span
					Change{rng(0, 1, 0, 5), ""},
					"aXb\nc",
					Edit{1, 5, 1, pt(0, 1), pt(0, 5), pt(0, 1)},
				},
				{ // replace the break and what follows
					Change{rng(0, 3, 1, 1), "日\n\n"},
					"aXb日\n\n",
					Edit{3, 5, 8, pt(0, 3), pt(1, 1), pt(2, 0)},
				},
			},
		},
		{
			name: "crlf and cr text",
			text: "ab\r\ncd\ref",
			enc:  UTF16,
			steps: []step{
				{ // past the end of line 0 clamps before the "\r\n"
					Change{rng(0, 9, 0, 9), "X"},
					"abX\r\ncd\ref",
					Edit{2, 2, 3, pt(0, 2), pt(0, 2), pt(0, 3)},
				},
				{ // LSP line 2 follows a lone "\r": tree-sitter has it on row 1
					Change{rng(2, 1, 2, 1), "Y"},
					"abX\r\ncd\reYf",
					Edit{9, 9, 10, pt(1, 4), pt(1, 4), pt(1, 5)},
				},
				{ // delete the "\r" break: the range ends at the next line start
					Change{rng(1, 2, 2, 0), ""},
					"abX\r\ncdeYf",
					Edit{7, 8, 7, pt(1, 2), pt(1, 3), pt(1, 2)},
				},
				{ // delete "\r\n": a deletion that removes a row
					Change{rng(0, 3, 1, 0), ""},
					"abXcdeYf",
					Edit{3, 5, 3, pt(0, 3), pt(1, 0), pt(0, 3)},
				},
			},
		},
		{
			name: "full replacement then incremental",
			text: "abc\ndef",
			enc:  UTF16,
			steps: []step{
				{
					Change{nil, "x\ny\nz😀"},
					"x\ny\nz😀",
					Edit{0, 7, 9, pt(0, 0), pt(1, 3), pt(2, 5)},
				},
				{ // positions now refer to the replaced text
					Change{rng(2, 3, 2, 3), "!"},
					"x\ny\nz😀!",
					Edit{9, 9, 10, pt(2, 5), pt(2, 5), pt(2, 6)},
				},
				{ // replace everything with nothing
					Change{nil, ""},
					"",
					Edit{0, 10, 0, pt(0, 0), pt(2, 6), pt(0, 0)},
				},
				{ // then insert into the empty text
					Change{rng(0, 0, 0, 0), "\n"},
					"\n",
					Edit{0, 0, 1, pt(0, 0), pt(0, 0), pt(1, 0)},
				},
			},
		},
		{
			name: "out of range clamps",
			text: "ab\ncd",
			enc:  UTF16,
			steps: []step{
				{ // a range wholly past the end appends
					Change{rng(5, 0, 9, 9), "!"},
					"ab\ncd!",
					Edit{5, 5, 6, pt(1, 2), pt(1, 2), pt(1, 3)},
				},
				{ // an end past its line stops before the break
					Change{rng(0, 1, 0, 99), ""},
					"a\ncd!",
					Edit{1, 2, 1, pt(0, 1), pt(0, 2), pt(0, 1)},
				},
				{ // an end past the last line reaches the end of the text
					Change{rng(1, 0, 7, 0), "z"},
					"a\nz",
					Edit{2, 5, 3, pt(1, 0), pt(1, 3), pt(1, 1)},
				},
			},
		},
		{
			name: "inside a surrogate pair snaps back",
			text: "😀x",
			enc:  UTF16,
			steps: []step{
				{ // 0:1 is inside the pair: both ends snap to 0
					Change{rng(0, 1, 0, 1), "a"},
					"a😀x",
					Edit{0, 0, 1, pt(0, 0), pt(0, 0), pt(0, 1)},
				},
				{ // an end inside the pair keeps the whole emoji
					Change{rng(0, 0, 0, 2), ""},
					"😀x",
					Edit{0, 1, 0, pt(0, 0), pt(0, 1), pt(0, 0)},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Applied one at a time, each step must give its text and edit.
			text := []byte(tt.text)
			for i, s := range tt.steps {
				got, edits, err := Apply(text, []Change{s.change}, tt.enc)
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				if string(got) != s.text {
					t.Fatalf("step %d: text = %q, want %q", i, got, s.text)
				}
				if len(edits) != 1 || edits[0] != s.edit {
					t.Fatalf("step %d: edits = %+v, want %+v", i, edits, s.edit)
				}
				text = got
			}
			// Applied in one call, the changes must chain the same way.
			changes := make([]Change, len(tt.steps))
			for i, s := range tt.steps {
				changes[i] = s.change
			}
			got, edits, err := Apply([]byte(tt.text), changes, tt.enc)
			if err != nil {
				t.Fatal(err)
			}
			if want := tt.steps[len(tt.steps)-1].text; string(got) != want {
				t.Errorf("text = %q, want %q", got, want)
			}
			if len(edits) != len(tt.steps) {
				t.Fatalf("got %d edits, want %d", len(edits), len(tt.steps))
			}
			for i, s := range tt.steps {
				if edits[i] != s.edit {
					t.Errorf("edit %d = %+v, want %+v", i, edits[i], s.edit)
				}
			}
		})
	}
}

func TestApplyInvertedRange(t *testing.T) {
	tests := []struct {
		name    string
		changes []Change
	}{
		{"end on an earlier line", []Change{{rng(1, 0, 0, 1), ""}}},
		{"end earlier on the line", []Change{{rng(0, 2, 0, 1), "x"}}},
		// Both ends would clamp to the end of line 0, but the range as
		// sent is still inverted.
		{"both past line end", []Change{{rng(0, 9, 0, 5), ""}}},
		{"both past text end", []Change{{rng(9, 0, 8, 0), ""}}},
		{"after a good change", []Change{{rng(0, 0, 0, 0), "ok"}, {rng(0, 3, 0, 2), ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := []byte("abc\ndef")
			got, edits, err := Apply(input, tt.changes, UTF16)
			if err == nil {
				t.Fatalf("Apply = %q, %v, want an error", got, edits)
			}
			if got != nil || edits != nil {
				t.Errorf("Apply returned %q, %v with the error", got, edits)
			}
			if string(input) != "abc\ndef" {
				t.Errorf("input changed to %q", input)
			}
		})
	}
}

func TestApplyNoChanges(t *testing.T) {
	input := []byte("abc")
	got, edits, err := Apply(input, nil, UTF16)
	if err != nil || string(got) != "abc" || len(edits) != 0 {
		t.Fatalf("Apply = %q, %v, %v", got, edits, err)
	}
	got[0] = 'X'
	if string(input) != "abc" {
		t.Errorf("result shares memory with the input")
	}
}

// TestApplyLeavesInputAlone gives Apply an input with spare capacity, where
// an append-based splice would write, and checks the whole array after.
func TestApplyLeavesInputAlone(t *testing.T) {
	changes := [][]Change{
		{{rng(0, 3, 0, 3), "XYZ"}},                      // append at the end
		{{rng(0, 0, 0, 1), "12345"}},                    // grow at the start
		{{rng(0, 1, 0, 2), ""}, {rng(0, 0, 0, 0), "Q"}}, // shrink, then grow
		{{nil, "new"}, {rng(0, 3, 0, 3), "!"}},          // replace, then append
	}
	for i, cs := range changes {
		backing := []byte("abc-------")
		want := bytes.Clone(backing)
		input := backing[:3]
		got, _, err := Apply(input, cs, UTF16)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(backing, want) {
			t.Errorf("case %d: input array changed to %q", i, backing)
		}
		got[0] = '#'
		if !bytes.Equal(backing, want) {
			t.Errorf("case %d: result shares memory with the input", i)
		}
	}
}

func TestAdvance(t *testing.T) {
	tests := []struct {
		from Point
		s    string
		want Point
	}{
		{pt(0, 0), "", pt(0, 0)},
		{pt(2, 3), "", pt(2, 3)},
		{pt(2, 3), "ab", pt(2, 5)},
		{pt(2, 3), "😀", pt(2, 7)},
		{pt(2, 3), "a\n", pt(3, 0)},
		{pt(2, 3), "a\nbc", pt(3, 2)},
		{pt(2, 3), "\n\n日", pt(4, 3)},
		{pt(2, 3), "a\r\nb", pt(3, 1)},
		{pt(2, 3), "a\rb", pt(2, 6)}, // tree-sitter rows ignore a lone "\r"
	}
	for _, tt := range tests {
		if got := advance(tt.from, []byte(tt.s)); got != tt.want {
			t.Errorf("advance(%v, %q) = %v, want %v", tt.from, tt.s, got, tt.want)
		}
	}
}
