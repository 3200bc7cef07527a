package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ANSI styles of the text format.
const (
	ansiReset     = "\x1b[0m"
	ansiBold      = "\x1b[1m"
	ansiDim       = "\x1b[2m"
	ansiUnderline = "\x1b[4m"
	ansiRed       = "\x1b[31m"
	ansiYellow    = "\x1b[33m"
	ansiCyan      = "\x1b[36m"
)

var severityStyle = map[string]string{
	"error":       ansiRed,
	"warning":     ansiYellow,
	"information": ansiCyan,
	"hint":        ansiDim,
}

// printText prints findings ESLint-stylish: grouped by file, one aligned row per
// finding (line:column, severity, message, rule), then the counts.
func printText(w io.Writer, reports []report, out output) error {
	bw := bufio.NewWriter(w)
	style := func(s, code string) string {
		if !out.color || code == "" {
			return s
		}
		return code + s + ansiReset
	}
	counts := map[string]int{}
	for start := 0; start < len(reports); {
		end := start
		for end < len(reports) && reports[end].File == reports[start].File {
			end++
		}
		if start > 0 {
			fmt.Fprintln(bw)
		}
		fmt.Fprintln(bw, style(reports[start].File, ansiUnderline))
		group := reports[start:end]
		var wLine, wCol, wSev, wMsg int
		for _, r := range group {
			wLine = max(wLine, len(strconv.Itoa(r.Line)))
			wCol = max(wCol, len(strconv.Itoa(r.Column)))
			wSev = max(wSev, len(r.Severity))
			wMsg = max(wMsg, len([]rune(r.Message)))
		}
		for _, r := range group {
			// Padding is computed on the plain text: escape codes have no width.
			pos := fmt.Sprintf("%*d:%-*d", wLine, r.Line, wCol, r.Column)
			sev := fmt.Sprintf("%-*s", wSev, r.Severity)
			msg := r.Message + strings.Repeat(" ", wMsg-len([]rune(r.Message)))
			fmt.Fprintf(bw, "  %s  %s  %s  %s\n", style(pos, ansiDim), style(sev, severityStyle[r.Severity]), msg, style(r.Rule, ansiDim))
			counts[r.Severity]++
		}
		start = end
	}
	if len(reports) == 0 {
		fmt.Fprintln(bw, "no findings")
		return bw.Flush()
	}
	summary := fmt.Sprintf("%d findings (%d errors, %d warnings, %d information, %d hints)",
		len(reports), counts["error"], counts["warning"], counts["information"], counts["hint"])
	switch {
	case counts["error"] > 0:
		summary = style(summary, ansiBold+ansiRed)
	case counts["warning"] > 0:
		summary = style(summary, ansiBold+ansiYellow)
	}
	fmt.Fprintf(bw, "\n%s\n", summary)
	return bw.Flush()
}
