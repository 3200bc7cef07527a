package topics

import (
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// Places keeps each place ForFile counts, with what links it to its entry.
func TestPlacesMatchForFile(t *testing.T) {
	src := "const fs = require('fs');\nfs.readFileSync('a');\nfs.readFileSync('b');\nsetImmediate(() => {});\n"
	res := build(t, src)
	places := Places(res, nil)
	counts := map[*entries.Entry]int{}
	for _, p := range places {
		counts[p.Entry]++
		if p.API == "" || p.Rule != "" {
			t.Errorf("a use should name its API and no rule: %+v", p)
		}
		if got := src[p.Start:p.End]; !strings.HasPrefix(got, "fs.readFileSync(") && !strings.HasPrefix(got, "setImmediate(") {
			t.Errorf("place %q is not one of the calls", got)
		}
	}
	for _, topic := range ForFile(res, nil) {
		if counts[topic.Entry] != topic.Count {
			t.Errorf("%s: ForFile counts %d, Places has %d", topic.Entry.ID, topic.Count, counts[topic.Entry])
		}
	}
	if e := byAPI(t, "fs.readFileSync"); counts[e] != 2 {
		t.Errorf("fs.readFileSync's entry has %d places, want 2", counts[e])
	}
}

// A finding of a rule an entry teaches is a place of its own, named by the rule.
func TestPlacesFinding(t *testing.T) {
	e := byRule(t, "cors-allow-all")
	src := "const x = 1;\n"
	places := Places(build(t, src), []analysis.Finding{{Rule: "cors-allow-all", Start: 6, End: 7}})
	if len(places) != 1 || places[0].Entry != e || places[0].Rule != "cors-allow-all" || places[0].API != "" {
		t.Fatalf("places = %+v, want the one finding of cors-allow-all", places)
	}
}

// Rank orders entries by places, keeps at most maxPlaces of each in file and position
// order, and counts the rest.
func TestRank(t *testing.T) {
	a, b := byAPI(t, "fs.readFileSync"), byRule(t, "cors-allow-all")
	at := func(e *entries.Entry, file string, line uint32) Located {
		return Located{Entry: e, File: file, Range: source.Range{Start: source.Position{Line: line}, End: source.Position{Line: line, Character: 3}}}
	}
	ranked := Rank([]Located{at(b, "z.js", 1), at(a, "b.js", 9), at(a, "a.js", 4), at(a, "b.js", 2)}, 2)
	if len(ranked) != 2 || ranked[0].Entry != a || ranked[1].Entry != b {
		t.Fatalf("ranked = %+v, want %s then %s", ranked, a.ID, b.ID)
	}
	r := ranked[0]
	if r.Total != 3 || r.Files != 2 || r.More != 1 || len(r.Places) != 2 {
		t.Fatalf("%s: total %d, files %d, more %d, %d places; want 3, 2, 1, 2", a.ID, r.Total, r.Files, r.More, len(r.Places))
	}
	if r.Places[0].File != "a.js" || r.Places[1].File != "b.js" || r.Places[1].Range.Start.Line != 2 {
		t.Errorf("places out of order: %+v", r.Places)
	}
	if all := Rank([]Located{at(a, "a.js", 1), at(a, "a.js", 2)}, 0); all[0].More != 0 || len(all[0].Places) != 2 {
		t.Errorf("maxPlaces 0 should keep every place: %+v", all)
	}
}

// The drill puts the seed question first and keeps the corrections apart from the
// answer; an entry without a seed question gets one of nodecoach's own.
func TestPracticeOf(t *testing.T) {
	var seeded, corrected bool
	for _, e := range entries.All() {
		p := PracticeOf(e)
		if len(p.Questions) == 0 || p.Answer == "" {
			t.Fatalf("%s: no question or no answer: %+v", e.ID, p)
		}
		if strings.Contains(p.Answer, entries.SecGetsWrong) {
			t.Errorf("%s: the corrections leaked into the answer", e.ID)
		}
		if !strings.Contains(p.Answer, e.Short()) {
			t.Errorf("%s: the answer lacks the entry's In short", e.ID)
		}
		if got := e.Section(entries.SecGetsWrong); got != p.Corrections {
			t.Errorf("%s: corrections %q, want the section %q", e.ID, p.Corrections, got)
		}
		if len(e.Source) > 0 {
			seeded = seeded || strings.HasPrefix(p.Questions[0], e.Source[0]+" ") && strings.Contains(p.Questions[0], entries.Question(e.Source[0]))
		}
		corrected = corrected || p.Corrections != ""
	}
	if !seeded || !corrected {
		t.Errorf("seeded question seen %v, corrections seen %v: want both", seeded, corrected)
	}
	// Every entry has a seed question today; one without still gets a question.
	own := PracticeOf(&entries.Entry{Title: "Graceful shutdown", Sections: []entries.Section{{Title: entries.SecShort, Body: "Stop accepting, then drain."}}})
	if len(own.Questions) != 1 || !strings.Contains(own.Questions[0], "Graceful shutdown") || !strings.Contains(own.Answer, "drain") {
		t.Errorf("an entry without a seed question: %+v", own)
	}
}
