package main

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

// labelHeader is the first line of every label file.
const labelHeader = "path\tline\trule\tverdict\treason"

// The verdicts a label can carry: the finding is right, wrong, a miss found by reading,
// or not yet judged (written by --update for a human to fill in).
const (
	verdictTP      = "tp"
	verdictFP      = "fp"
	verdictFN      = "fn"
	verdictUnknown = "?"
)

// key identifies a finding across runs: columns and messages change with wording and
// formatting, the start line and the rule rarely do.
type key struct {
	Path string `json:"path"`
	Line int    `json:"line"`
	Rule string `json:"rule"`
}

func (k key) String() string { return fmt.Sprintf("%s:%d %s", k.Path, k.Line, k.Rule) }

// compare orders keys by path, line and rule, the order label files keep.
func (k key) compare(o key) int {
	return cmp.Or(cmp.Compare(k.Path, o.Path), cmp.Compare(k.Line, o.Line), cmp.Compare(k.Rule, o.Rule))
}

type label struct {
	key
	Verdict string
	Reason  string
}

// readLabels reads a label file; a missing file is an app not yet labelled. A malformed
// line is an error naming it, never skipped: a lost label would silently change the score.
// A key may repeat: each line labels one of the findings on that line (see score).
func readLabels(path string) ([]label, error) {
	return readTSV(path, labelHeader, parseLabel)
}

func parseLabel(line string) (label, error) {
	fields := strings.Split(line, "\t")
	if len(fields) != 5 {
		return label{}, fmt.Errorf("%d tab-separated fields, want 5 (%s)", len(fields), labelHeader)
	}
	n, err := strconv.Atoi(fields[1])
	if err != nil || n < 1 {
		return label{}, fmt.Errorf("line %q is not a 1-based line number", fields[1])
	}
	switch fields[3] {
	case verdictTP, verdictFP, verdictFN, verdictUnknown:
	default:
		return label{}, fmt.Errorf("verdict %q, want tp, fp, fn or ?", fields[3])
	}
	if fields[0] == "" || fields[2] == "" {
		return label{}, fmt.Errorf("empty path or rule")
	}
	return label{key: key{Path: fields[0], Line: n, Rule: fields[2]}, Verdict: fields[3], Reason: fields[4]}, nil
}

// writeLabels writes labels sorted by path, line and rule, the order the files keep.
// It writes a temporary file and renames it, so an interrupted run loses no label.
func writeLabels(path string, labels []label) error {
	sorted := append([]label(nil), labels...)
	slices.SortStableFunc(sorted, func(a, b label) int { return a.compare(b.key) })
	var b strings.Builder
	b.WriteString(labelHeader + "\n")
	for _, l := range sorted {
		reason := strings.NewReplacer("\t", " ", "\n", " ").Replace(l.Reason)
		fmt.Fprintf(&b, "%s\t%d\t%s\t%s\t%s\n", l.Path, l.Line, l.Rule, l.Verdict, reason)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
