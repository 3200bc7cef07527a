package main

import (
	"slices"
	"sort"
)

// finding is one finding of `nodecoach check --format json`, reduced to what labels match on.
type finding struct {
	key
	Message string `json:"message"`
}

// counts are one cell of the table. Unlabelled findings (no label, or the verdict "?")
// count in neither precision nor recall.
type counts struct {
	TP         int `json:"tp"`
	FP         int `json:"fp"`
	FN         int `json:"fn"`
	Unlabelled int `json:"unlabelled"`
}

func (c *counts) add(o counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
	c.Unlabelled += o.Unlabelled
}

// precision is TP/(TP+FP), or nil when nothing labelled was found.
func (c counts) precision() *float64 { return ratio(c.TP, c.TP+c.FP) }

// recall is TP/(TP+FN), or nil when nothing labelled true exists.
func (c counts) recall() *float64 { return ratio(c.TP, c.TP+c.FN) }

func ratio(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	r := float64(num) / float64(den)
	return &r
}

// appScore is one app's findings matched against its labels.
type appScore struct {
	ByRule map[string]*counts
	// New are findings with no label at all: the diff a human reads, and what --update adds.
	New []finding
	// Lost are tp labels no current finding matches.
	Lost []label
	// Unjudged are findings whose label still says "?".
	Unjudged []finding
}

func (s *appScore) rule(id string) *counts {
	c := s.ByRule[id]
	if c == nil {
		c = &counts{}
		s.ByRule[id] = c
	}
	return c
}

// total sums the app's rules.
func (s appScore) total() counts {
	var t counts
	for _, c := range s.ByRule {
		t.add(*c)
	}
	return t
}

// score matches findings to labels by (path, line, rule). Two findings on one line of
// one rule (fs.existsSync(a) || fs.existsSync(b)) need two labels: the findings and the
// labels of a key are paired in order, and what is left over on either side is unlabelled
// or unmatched. A found fn label is a miss now caught, so a TP; a tp or fn label not
// found is a FN; an fp label not found is simply fixed.
func score(findings []finding, labels []label) appScore {
	s := appScore{ByRule: map[string]*counts{}}
	byKey := map[key][]label{}
	for _, l := range labels {
		byKey[l.key] = append(byKey[l.key], l)
	}
	used := map[key]int{}
	for _, f := range sortedFindings(findings) {
		c := s.rule(f.Rule)
		i := used[f.key]
		used[f.key]++
		if i >= len(byKey[f.key]) {
			c.Unlabelled++
			s.New = append(s.New, f)
			continue
		}
		switch byKey[f.key][i].Verdict {
		case verdictTP, verdictFN:
			c.TP++
		case verdictFP:
			c.FP++
		default:
			c.Unlabelled++
			s.Unjudged = append(s.Unjudged, f)
		}
	}
	for k, ls := range byKey {
		for _, l := range ls[min(used[k], len(ls)):] {
			switch l.Verdict {
			case verdictTP:
				s.rule(l.Rule).FN++
				s.Lost = append(s.Lost, l)
			case verdictFN:
				s.rule(l.Rule).FN++
			}
		}
	}
	sort.Slice(s.Lost, func(i, j int) bool { return s.Lost[i].compare(s.Lost[j].key) < 0 })
	return s
}

func sortedFindings(findings []finding) []finding {
	out := append([]finding(nil), findings...)
	slices.SortStableFunc(out, func(a, b finding) int { return a.compare(b.key) })
	return out
}

// withNew returns labels plus a "?" label for each new finding, for --update. Existing
// labels are kept as they are; the message goes in the reason so the human sees what to judge.
func withNew(labels []label, s appScore) []label {
	out := append([]label(nil), labels...)
	for _, f := range s.New {
		out = append(out, label{key: f.key, Verdict: verdictUnknown, Reason: f.Message})
	}
	return out
}
