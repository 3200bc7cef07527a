package topics

import (
	"sort"

	"github.com/nodecoach/nodecoach/knowledge/entries"
)

// Total is one entry across a project: how many files and how many places touch it.
type Total struct {
	Entry  *entries.Entry
	Files  int
	Places int
}

// Summarize adds up the topics of many files, most-touched entry first (by places,
// then files, then id, so the order is stable).
func Summarize(files [][]Topic) []Total {
	byEntry := map[*entries.Entry]*Total{}
	var out []*Total
	for _, topics := range files {
		for _, t := range topics {
			tot := byEntry[t.Entry]
			if tot == nil {
				tot = &Total{Entry: t.Entry}
				byEntry[t.Entry] = tot
				out = append(out, tot)
			}
			tot.Files++
			tot.Places += t.Count
		}
	}
	sort.Slice(out, func(i, j int) bool { return moreTouched(*out[i], *out[j]) })
	totals := make([]Total, len(out))
	for i, t := range out {
		totals[i] = *t
	}
	return totals
}

// moreTouched orders entries most-touched first: by places, then files, then id, so
// the order is stable.
func moreTouched(a, b Total) bool {
	if a.Places != b.Places {
		return a.Places > b.Places
	}
	if a.Files != b.Files {
		return a.Files > b.Files
	}
	return a.Entry.ID < b.Entry.ID
}
