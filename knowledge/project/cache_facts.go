package project

import (
	"encoding/binary"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// appendFacts appends a file's facts as its entry keeps them (see appendEntry): their
// number, then each fact's name and path and its six positions as varints. A fact's
// place is mostly in the file that establishes it, own, whose path the entry's key
// already gives: that path is left out (a fifth of a large tree's cache was the same
// path over again), and readFacts puts it back.
func appendFacts(buf []byte, facts []analysis.Fact, own string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(facts)))
	for _, f := range facts {
		w := f.Where
		path := w.Path
		if path == own {
			path = ""
		}
		buf = appendText(appendText(buf, f.Name), path)
		for _, n := range [...]int{w.Line, w.EndLine, w.Col8, w.EndCol8, w.Col16, w.EndCol16} {
			buf = binary.AppendVarint(buf, int64(n))
		}
	}
	return buf
}

// facts reads what appendFacts wrote of the file own (nil for none). The names and
// paths are slices of the section's text, so a file's facts cost one allocation.
func (r *wireReader) facts(own string) []analysis.Fact {
	count := r.count() // a fact takes 8 bytes at least
	if count == 0 || r.bad {
		return nil
	}
	out := make([]analysis.Fact, count)
	for i := range out {
		f := &out[i]
		f.Name, f.Where.Path = r.text(), r.text()
		if f.Where.Path == "" {
			f.Where.Path = own
		}
		for _, p := range [...]*int{&f.Where.Line, &f.Where.EndLine, &f.Where.Col8, &f.Where.EndCol8, &f.Where.Col16, &f.Where.EndCol16} {
			*p = int(r.varint())
		}
		if r.bad {
			return nil
		}
	}
	return out
}
