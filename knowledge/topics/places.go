package topics

import (
	"sort"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// Place is one place of a file that touches an entry, the unit ForFile counts: a use
// of an API the entry explains, or a finding of a rule it teaches. API or Rule says
// which links it to the entry.
type Place struct {
	Entry      *entries.Entry
	API, Rule  string
	Start, End uint
}

// Places returns the places of a file that touch an entry, in document order: the API
// uses of Uses, and the findings whose rule an entry teaches (entries.ByRule). A
// finding inside a use of the same entry is that use, not a second place.
func Places(res *resolve.Resolver, findings []analysis.Finding) []Place {
	return PlacesOf(Uses(res), findings)
}

// PlacesOf is Places from a file's uses already found.
func PlacesOf(uses []Use, findings []analysis.Finding) []Place {
	places := make([]Place, 0, len(uses))
	for _, u := range uses {
		places = append(places, Place{Entry: u.Entry, API: u.API, Start: u.Start, End: u.End})
	}
	for _, f := range findings {
		e := entries.ByRule(f.Rule)
		if e == nil || within(uses, e, f) {
			continue
		}
		places = append(places, Place{Entry: e, Rule: f.Rule, Start: f.Start, End: f.End})
	}
	sort.SliceStable(places, func(i, j int) bool { return places[i].Start < places[j].Start })
	return places
}

// Located is a place in a file of a workspace, as an editor shows it: the file (named
// as the caller names it, a path or a URI) and the range in lines and columns.
type Located struct {
	Entry     *entries.Entry
	File      string
	Range     source.Range
	API, Rule string
}

// Locate turns a file's places into lines and columns counted in enc.
func Locate(file string, lines *source.Lines, enc source.Encoding, places []Place) []Located {
	out := make([]Located, len(places))
	for i, p := range places {
		out[i] = Located{
			Entry: p.Entry, File: file, API: p.API, Rule: p.Rule,
			Range: source.Range{Start: lines.Position(int(p.Start), enc), End: lines.Position(int(p.End), enc)},
		}
	}
	return out
}

// Ranked is one entry across a workspace: its places, at most the number Rank was
// given, in file then position order, and how many more there are.
type Ranked struct {
	Entry  *entries.Entry
	Total  int // places in all
	Files  int // files with at least one place
	Places []Located
	More   int // Total - len(Places): the places left out
}

// Rank groups a workspace's places by entry, most places first (then most files,
// then id, as Summarize orders), and keeps at most maxPlaces places per entry so
// that an answer about a large workspace stays small (maxPlaces <= 0 keeps all).
func Rank(places []Located, maxPlaces int) []Ranked {
	byEntry := map[*entries.Entry][]Located{}
	var order []*entries.Entry
	for _, p := range places {
		if byEntry[p.Entry] == nil {
			order = append(order, p.Entry)
		}
		byEntry[p.Entry] = append(byEntry[p.Entry], p)
	}
	out := make([]Ranked, 0, len(order))
	for _, e := range order {
		ps := byEntry[e]
		sort.SliceStable(ps, func(i, j int) bool { return locatedBefore(ps[i], ps[j]) })
		files := 0
		for i := range ps {
			if i == 0 || ps[i].File != ps[i-1].File {
				files++
			}
		}
		r := Ranked{Entry: e, Total: len(ps), Files: files, Places: ps}
		if maxPlaces > 0 && len(ps) > maxPlaces {
			r.Places, r.More = ps[:maxPlaces:maxPlaces], len(ps)-maxPlaces
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		return moreTouched(
			Total{Entry: out[i].Entry, Files: out[i].Files, Places: out[i].Total},
			Total{Entry: out[j].Entry, Files: out[j].Files, Places: out[j].Total})
	})
	return out
}

func locatedBefore(a, b Located) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Range.Start.Line != b.Range.Start.Line {
		return a.Range.Start.Line < b.Range.Start.Line
	}
	return a.Range.Start.Character < b.Range.Start.Character
}
