package source

// Encoding is the unit in which a Position's Character is counted.
type Encoding int

const (
	// UTF16 is the LSP default: characters are UTF-16 code units, so a
	// code point outside the Basic Multilingual Plane (an emoji) counts 2.
	UTF16 Encoding = iota
	// UTF8 counts characters in bytes; a client may negotiate it through
	// general.positionEncodings.
	UTF8
)

// Position is a zero-based LSP position: Line counts LSP line breaks and
// Character counts Encoding units from the start of the line.
type Position struct{ Line, Character uint32 }

// Range is an LSP range; End is exclusive.
type Range struct{ Start, End Position }

// before reports whether p comes strictly before q in document order. It is
// used on ranges as the client sent them, before any clamping, so that an
// inverted range is caught even where both ends would clamp to one offset.
func (p Position) before(q Position) bool {
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Character < q.Character
}
