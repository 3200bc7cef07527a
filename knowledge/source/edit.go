package source

import "bytes"

// Point is a tree-sitter point: Row counts "\n" only and Column is in bytes
// (tree-sitter's model, which differs from LSP lines for CR-only text; it is
// only used to feed tree-sitter edits).
type Point struct{ Row, Column uint }

// Edit describes one applied change in byte terms, the shape tree-sitter's
// InputEdit needs.
type Edit struct {
	StartByte, OldEndByte, NewEndByte    uint
	StartPoint, OldEndPoint, NewEndPoint Point
}

// advance returns the point reached by reading s from p, in tree-sitter's
// model: each "\n" starts a new row at column 0, every other byte ("\r"
// included) moves one column.
func advance(p Point, s []byte) Point {
	rows := bytes.Count(s, []byte{'\n'})
	if rows == 0 {
		return Point{Row: p.Row, Column: p.Column + uint(len(s))}
	}
	return Point{
		Row:    p.Row + uint(rows),
		Column: uint(len(s) - 1 - bytes.LastIndexByte(s, '\n')),
	}
}

// Replace returns text with the bytes [start, end) replaced, and the edit that did it.
func Replace(text []byte, start, end uint, with string) ([]byte, Edit) {
	out := append(append(append([]byte(nil), text[:start]...), with...), text[end:]...)
	at := advance(Point{}, text[:start])
	return out, Edit{
		StartByte: start, OldEndByte: end, NewEndByte: start + uint(len(with)),
		StartPoint: at, OldEndPoint: advance(at, text[start:end]), NewEndPoint: advance(at, []byte(with)),
	}
}
