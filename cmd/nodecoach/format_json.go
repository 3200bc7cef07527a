package main

import (
	"encoding/json"
	"io"
)

// printJSON prints the findings as one JSON array (an empty one when there are none),
// the fields of report: tests and users' scripts depend on their names.
func printJSON(w io.Writer, reports []report, _ output) error {
	if reports == nil {
		reports = []report{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(reports)
}
