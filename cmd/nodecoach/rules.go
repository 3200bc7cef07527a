package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// rulesCmd lists the rules (`--format text`, the default) or prints the rules
// reference (`--format markdown`), which docs/rules.md holds.
func rulesCmd(args []string, stdout, stderr io.Writer) int {
	format := "text"
	switch {
	case len(args) == 0:
	case len(args) == 2 && args[0] == "--format":
		format = args[1]
	case len(args) == 1 && strings.HasPrefix(args[0], "--format="):
		format = strings.TrimPrefix(args[0], "--format=")
	default:
		fmt.Fprintln(stderr, "usage: nodecoach rules [--format text|markdown]")
		return 2
	}
	switch format {
	case "text":
		return listRules(stdout)
	case "markdown":
		fmt.Fprint(stdout, explain.RulesReference(rules.All()))
		return 0
	}
	fmt.Fprintf(stderr, "nodecoach: unknown format %q for rules (text or markdown)\n", format)
	return 2
}
