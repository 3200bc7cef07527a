package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// explainCmd prints the entry named by an entry id, a canonical API or a rule id,
// rendered for a terminal when stdout is one and as plain text otherwise; `--list`
// lists the entries with their interview questions.
func explainCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && args[0] == "--list" {
		listEntries(stdout)
		return 0
	}
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: nodecoach explain ID|API|RULE\n       nodecoach explain --list")
		return 2
	}
	key := args[0]
	var md string
	if r := rules.ByName(key); r != nil {
		md = explain.Rule(r)
	} else if e := entries.ByID(key); e != nil {
		md = e.Markdown()
	} else if e := entries.ByAPI(key); e != nil {
		md = e.Markdown()
	} else {
		fmt.Fprintf(stderr, "nodecoach: no entry, API or rule named %q (see `nodecoach explain --list` and `nodecoach rules`)\n", key)
		return 2
	}
	fmt.Fprintln(stdout, explain.Terminal(md, isColourTerminal(stdout)))
	return 0
}

// listEntries prints one entry a line: id, the questions it answers, its title.
func listEntries(w io.Writer) {
	for _, e := range entries.All() {
		sources := strings.Join(e.Source, ",")
		if sources == "" {
			sources = "-"
		}
		fmt.Fprintf(w, "%-36s %-18s %s\n", e.ID, sources, e.Title)
		for _, id := range e.Source {
			fmt.Fprintf(w, "%-36s   %s: %s\n", "", id, entries.Question(id))
		}
	}
}

// isColourTerminal: colour and styling only for a terminal, and never with NO_COLOR.
func isColourTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func listRules(stdout io.Writer) int {
	for _, r := range rules.All() {
		summary, _, _ := strings.Cut(strings.TrimSpace(r.Doc), "\n")
		fmt.Fprintf(stdout, "%-38s %-12s %s\n", r.Name, r.Severity, summary)
	}
	return 0
}
