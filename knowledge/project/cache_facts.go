package project

import (
	"encoding/binary"
	"errors"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// factList is a file's facts as the cache file keeps them: one byte string per file
// (each fact's name and path, then its six positions as varints) instead of gob's
// encoding of each fact as a struct, whose decode was a third of loading a large
// tree's cache (20,000 facts). The decoded names and paths are slices of one string
// per file, so a file's facts cost two allocations, not two per fact.
type factList []analysis.Fact

// GobEncode writes the facts (see factList).
func (l factList) GobEncode() ([]byte, error) {
	buf := binary.AppendUvarint(nil, uint64(len(l)))
	for _, f := range l {
		w := f.Where
		buf = binary.AppendUvarint(buf, uint64(len(f.Name)))
		buf = append(buf, f.Name...)
		buf = binary.AppendUvarint(buf, uint64(len(w.Path)))
		buf = append(buf, w.Path...)
		for _, n := range [...]int{w.Line, w.EndLine, w.Col8, w.EndCol8, w.Col16, w.EndCol16} {
			buf = binary.AppendVarint(buf, int64(n))
		}
	}
	return buf, nil
}

var errFactList = errors.New("a malformed list of facts")

// GobDecode reads what GobEncode wrote; anything else is an error.
func (l *factList) GobDecode(data []byte) error {
	s := string(data) // one copy, which the names and paths are slices of
	at := 0
	uvarint := func() (uint64, bool) {
		n, size := binary.Uvarint(data[at:])
		at += max(size, 0)
		return n, size > 0
	}
	text := func() (string, bool) {
		n, ok := uvarint()
		if !ok || n > uint64(len(data)-at) {
			return "", false
		}
		at += int(n)
		return s[at-int(n) : at], true
	}
	count, ok := uvarint()
	if !ok || count > uint64(len(data)) {
		return errFactList
	}
	out := make(factList, count)
	for i := range out {
		f := &out[i]
		var okName, okPath bool
		f.Name, okName = text()
		f.Where.Path, okPath = text()
		if !okName || !okPath {
			return errFactList
		}
		for _, p := range [...]*int{&f.Where.Line, &f.Where.EndLine, &f.Where.Col8, &f.Where.EndCol8, &f.Where.Col16, &f.Where.EndCol16} {
			n, size := binary.Varint(data[at:])
			if size <= 0 {
				return errFactList
			}
			at += size
			*p = int(n)
		}
	}
	if at != len(data) {
		return errFactList
	}
	if count == 0 {
		out = nil // as gob gives an empty list
	}
	*l = out
	return nil
}
