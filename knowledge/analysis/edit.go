package analysis

import (
	"fmt"
	"sort"
)

// ApplyEdits returns src with edits applied. Edits must not overlap.
func ApplyEdits(src []byte, edits []Edit) ([]byte, error) {
	sorted := append([]Edit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var out []byte
	prev := uint(0)
	for _, e := range sorted {
		if e.Start < prev || e.End < e.Start || int(e.End) > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) overlaps or is out of range", e.Start, e.End)
		}
		out = append(out, src[prev:e.Start]...)
		out = append(out, e.NewText...)
		prev = e.End
	}
	return append(out, src[prev:]...), nil
}
