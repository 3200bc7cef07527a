package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// explainCmd prints the entry named by an entry id, a canonical API or a rule id.
func explainCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: nodecoach explain ID|API|RULE")
		return 2
	}
	key := args[0]
	if r := rules.ByName(key); r != nil {
		fmt.Fprint(stdout, explain.Rule(r))
		return 0
	}
	e := entries.ByID(key)
	if e == nil {
		e = entries.ByAPI(key)
	}
	if e == nil {
		fmt.Fprintf(stderr, "nodecoach: no entry, API or rule named %q (see `nodecoach rules`)\n", key)
		return 2
	}
	fmt.Fprintln(stdout, e.Markdown())
	return 0
}

func listRules(stdout io.Writer) int {
	for _, r := range rules.All() {
		summary, _, _ := strings.Cut(strings.TrimSpace(r.Doc), "\n")
		fmt.Fprintf(stdout, "%-30s %-12s %s\n", r.Name, r.Severity, summary)
	}
	return 0
}
