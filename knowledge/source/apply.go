package source

import (
	"bytes"
	"fmt"
)

// Change is one LSP content change: Range nil means the whole text is
// replaced.
type Change struct {
	Range *Range
	Text  string
}

// Apply applies the changes in order (each one against the text produced by
// the previous one, as LSP specifies) and returns the new text and one Edit
// per change (a full replacement is an Edit from 0 to the old length). It
// never panics: a range whose end is before its start is an error; ranges
// past the end are clamped as Offset does. The input slice is not modified.
//
// The order of a range's ends is checked on the positions as sent, so an
// inverted range is an error even where both ends clamp to one offset: it
// means client and server disagree about the document, which the caller
// should learn about. On error Apply returns a nil text and no edits, and
// the caller still holds its unmodified input. The returned text never
// shares memory with the input, even when there are no changes.
func Apply(text []byte, changes []Change, enc Encoding) ([]byte, []Edit, error) {
	lines, edits, err := NewLines(text).Apply(changes, enc)
	if err != nil {
		return nil, nil, err
	}
	return lines.Text(), edits, nil
}

// Apply is the package's Apply for a text already indexed: it returns the new
// text's index, made from l's without reading the whole text again.
func (l *Lines) Apply(changes []Change, enc Encoding) (*Lines, []Edit, error) {
	if len(changes) == 0 {
		return NewLines(bytes.Clone(l.text)), []Edit{}, nil
	}
	// Every change below builds a new slice, so cur stops aliasing the
	// input after the first one and the input is never written.
	cur := l
	edits := make([]Edit, 0, len(changes))
	for i, c := range changes {
		if c.Range == nil {
			next := []byte(c.Text)
			edits = append(edits, Edit{
				OldEndByte:  uint(len(cur.text)),
				NewEndByte:  uint(len(next)),
				OldEndPoint: advance(Point{}, cur.text),
				NewEndPoint: advance(Point{}, next),
			})
			cur = NewLines(next)
			continue
		}
		r := *c.Range
		if r.End.before(r.Start) {
			return nil, nil, fmt.Errorf("source: change %d: range end %d:%d is before start %d:%d",
				i, r.End.Line, r.End.Character, r.Start.Line, r.Start.Character)
		}
		// Each change's positions refer to the text left by the previous one,
		// which cur indexes.
		start := cur.Offset(r.Start, enc)
		end := cur.Offset(r.End, enc)
		// Offset is monotonic in the position, so start <= end after the
		// check above; keep the guard anyway so that a future change to the
		// clamping rules cannot turn into a slice panic.
		if end < start {
			return nil, nil, fmt.Errorf("source: change %d: range resolves to bytes %d..%d", i, start, end)
		}
		// Build into a fresh slice: appending to cur.text[:start] could write
		// over bytes still to be copied, or into the caller's array.
		next := make([]byte, 0, len(cur.text)-(end-start)+len(c.Text))
		next = append(next, cur.text[:start]...)
		next = append(next, c.Text...)
		next = append(next, cur.text[end:]...)
		startPoint := cur.point(start)
		edits = append(edits, Edit{
			StartByte:   uint(start),
			OldEndByte:  uint(end),
			NewEndByte:  uint(start + len(c.Text)),
			StartPoint:  startPoint,
			OldEndPoint: advance(startPoint, cur.text[start:end]),
			NewEndPoint: advance(startPoint, next[start:start+len(c.Text)]),
		})
		cur = cur.edited(next, start, end, start+len(c.Text))
	}
	return cur, edits, nil
}
