package main

import (
	"encoding/json"
	"io"
	"unicode/utf8"
)

// printJSON prints the findings as one JSON array (an empty one when there are none),
// the fields of report: tests and users' scripts depend on their names.
//
// JSON strings are Unicode, file names are bytes. A file name that is not valid UTF-8
// is written in "file" with U+FFFD in place of each byte that is not, which reads well
// but loses those bytes; so such a report (or related place) also carries "fileBytes",
// the name's exact bytes in base64. Valid names, nearly all, have no fileBytes.
func printJSON(w io.Writer, reports []report, _ output) error {
	out := make([]jsonReport, len(reports))
	for i, r := range reports {
		out[i] = jsonReport{report: r, FileBytes: nameBytes(r.File)}
		for _, rel := range r.Related {
			out[i].Related = append(out[i].Related, jsonRelated{related: rel, FileBytes: nameBytes(rel.File)})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// jsonReport is a report as --format json writes it: its fields, then fileBytes.
type jsonReport struct {
	report
	FileBytes []byte        `json:"fileBytes,omitempty"`
	Related   []jsonRelated `json:"related,omitempty"` // in place of report's
}

type jsonRelated struct {
	related
	FileBytes []byte `json:"fileBytes,omitempty"`
}

// nameBytes is the name's bytes when JSON cannot hold them as text, else nil.
func nameBytes(name string) []byte {
	if utf8.ValidString(name) {
		return nil
	}
	return []byte(name)
}
