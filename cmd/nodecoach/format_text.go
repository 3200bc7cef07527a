package main

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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
		fmt.Fprintln(bw, style(terminalText(reports[start].File), ansiUnderline))
		group := reports[start:end]
		messages := make([]string, len(group))
		var wLine, wCol, wSev, wMsg int
		for i, r := range group {
			messages[i] = terminalText(r.Message)
			wLine = max(wLine, len(strconv.Itoa(r.Line)))
			wCol = max(wCol, len(strconv.Itoa(r.Column)))
			wSev = max(wSev, len(r.Severity))
			wMsg = max(wMsg, utf8.RuneCountInString(messages[i]))
		}
		for i, r := range group {
			// Padding is computed on the plain text: escape codes have no width.
			pos := fmt.Sprintf("%*d:%-*d", wLine, r.Line, wCol, r.Column)
			sev := fmt.Sprintf("%-*s", wSev, r.Severity)
			msg := messages[i] + strings.Repeat(" ", wMsg-utf8.RuneCountInString(messages[i]))
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

// terminalText is s made safe to print on a terminal: what the terminal would act on
// rather than show is written as a Go-style escape. That is control characters (a line
// break would forge a row, ESC starts a sequence that recolours or retitles the
// terminal, C1 controls do the same on some terminals), bytes that are not UTF-8 (0x9b
// is a C1 CSI to an 8-bit terminal), and the bidirectional controls that reorder what
// the reader sees. File names and messages, which can quote a file's text, go
// through it.
func terminalText(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r, size) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s // the common case: nothing to escape, nothing copied
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !needsEscape(r, size):
			b.WriteString(s[i : i+size])
		case size == 1 && r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < utf8.RuneSelf:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

func needsEscape(r rune, size int) bool {
	return r == utf8.RuneError && size == 1 || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}
