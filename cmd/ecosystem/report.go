package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
)

// row is one line of the table: a rule, an app, or the whole set.
type row struct {
	Name string `json:"name"`
	counts
	Precision *float64 `json:"precision"`
	Recall    *float64 `json:"recall"`
}

func newRow(name string, c counts) row {
	return row{Name: name, counts: c, Precision: c.precision(), Recall: c.recall()}
}

// entry is one line of the diff against the labels.
type entry struct {
	App string `json:"app"`
	key
	Text string `json:"text"` // the finding's message, or the lost label's reason
}

type skip struct {
	App    string `json:"app"`
	Reason string `json:"reason"`
}

// report is the whole run; --format json prints it as is, so two runs can be diffed.
type report struct {
	Rules    []row   `json:"rules"`
	Overall  row     `json:"overall"`
	Apps     []row   `json:"apps"`
	New      []entry `json:"new"`
	Lost     []entry `json:"lost"`
	Unjudged int     `json:"unjudged"`
	Skipped  []skip  `json:"skipped"`
	// Routes is the route table's score; with --routes-only, the only part filled.
	Routes *routesReport `json:"routes"`
}

// add folds one app's score into the report.
func (r *report) add(name string, s appScore, byRule map[string]*counts) {
	r.Apps = append(r.Apps, newRow(name, s.total()))
	for id, c := range s.ByRule {
		if byRule[id] == nil {
			byRule[id] = &counts{}
		}
		byRule[id].add(*c)
	}
	for _, f := range s.New {
		r.New = append(r.New, entry{App: name, key: f.key, Text: f.Message})
	}
	for _, l := range s.Lost {
		r.Lost = append(r.Lost, entry{App: name, key: l.key, Text: l.Reason})
	}
	r.Unjudged += len(s.Unjudged)
}

// finish fills the per-rule rows and the overall row from the summed counts.
func (r *report) finish(byRule map[string]*counts) {
	ids := make([]string, 0, len(byRule))
	for id := range byRule {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var all counts
	r.Rules = []row{}
	for _, id := range ids {
		r.Rules = append(r.Rules, newRow(id, *byRule[id]))
		all.add(*byRule[id])
	}
	r.Overall = newRow("overall", all)
}

func (r report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func (r report) writeText(w io.Writer) error {
	if r.Rules != nil {
		if err := r.writeFindingsText(w); err != nil {
			return err
		}
	}
	if r.Routes != nil && len(r.Routes.Apps) > 0 {
		if r.Rules != nil {
			fmt.Fprintln(w)
		}
		if err := r.Routes.writeText(w); err != nil {
			return err
		}
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "skipped %s: %s\n", s.App, s.Reason)
	}
	return nil
}

// writeFindingsText prints the per-rule and per-app findings tables and the diff.
func (r report) writeFindingsText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	table := func(title string, rows []row) {
		fmt.Fprintf(tw, "%s\tTP\tFP\tFN\tunlabelled\tprecision\trecall\t\n", title)
		for _, x := range rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t\n", x.Name, x.TP, x.FP, x.FN, x.Unlabelled, percent(x.Precision), percent(x.Recall))
		}
	}
	table("rule", append(append([]row(nil), r.Rules...), r.Overall))
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t")
	table("app", r.Apps)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for _, e := range r.New {
		fmt.Fprintf(w, "new, unlabelled [%s]: %s %s\n", e.App, e.key, e.Text)
	}
	for _, e := range r.Lost {
		fmt.Fprintf(w, "lost true positive [%s]: %s (%s)\n", e.App, e.key, e.Text)
	}
	if r.Unjudged > 0 {
		fmt.Fprintf(w, "%d findings still labelled ?, awaiting a verdict\n", r.Unjudged)
	}
	return nil
}

func percent(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", *p*100)
}
