package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// routeRow is one line of the route table: an app, or the whole set.
type routeRow struct {
	Name string `json:"name"`
	routeCounts
	Ratio *float64 `json:"ratio"`
}

func newRouteRow(name string, c routeCounts) routeRow {
	return routeRow{Name: name, routeCounts: c, Ratio: c.ratio()}
}

// routeEntry is one failed label, for the lists under the table.
type routeEntry struct {
	App string `json:"app"`
	routeLabel
	// Listed are the paths the table gives the registration, for a wrong label.
	Listed []string `json:"listed,omitempty"`
}

// routesReport is the route part of a run: per app and overall, how many hand-read
// routes `nodecoach routes` lists at the right full path.
type routesReport struct {
	Apps    []routeRow   `json:"apps"`
	Overall routeRow     `json:"overall"`
	Wrong   []routeEntry `json:"wrong"`
	Missing []routeEntry `json:"missing"`
}

func newRoutesReport() *routesReport {
	return &routesReport{Apps: []routeRow{}, Wrong: []routeEntry{}, Missing: []routeEntry{}}
}

func (r *routesReport) add(app string, s routeScore) {
	r.Apps = append(r.Apps, newRouteRow(app, s.routeCounts))
	for _, w := range s.Wrong {
		r.Wrong = append(r.Wrong, routeEntry{App: app, routeLabel: w.routeLabel, Listed: w.Listed})
	}
	for _, m := range s.Missing {
		r.Missing = append(r.Missing, routeEntry{App: app, routeLabel: m})
	}
}

func (r *routesReport) finish() {
	var all routeCounts
	for _, a := range r.Apps {
		all.add(a.routeCounts)
	}
	r.Overall = newRouteRow("overall", all)
}

func (r routesReport) writeText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "routes\tcorrect\twrong path\tmissing\tcorrect/labels\t\n")
	for _, x := range append(append([]routeRow(nil), r.Apps...), r.Overall) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t\n", x.Name, x.Correct, x.routeCounts.Wrong, x.routeCounts.Missing, percent(x.Ratio))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for _, e := range r.Wrong {
		fmt.Fprintf(w, "wrong path [%s]: %s %s, listed as %s\n", e.App, e.routeKey, e.Path, listedText(e.Listed))
	}
	for _, e := range r.Missing {
		fmt.Fprintf(w, "missing route [%s]: %s %s (%s)\n", e.App, e.routeKey, e.Path, e.Reason)
	}
	return nil
}

// maxListed bounds the paths printed for one wrong label: a registration helper's line
// can carry dozens, and the first few say what went wrong (JSON keeps them all).
const maxListed = 5

func listedText(paths []string) string {
	if len(paths) <= maxListed {
		return strings.Join(paths, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(paths[:maxListed], ", "), len(paths)-maxListed)
}
