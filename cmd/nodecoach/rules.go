package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// rulesCmd lists the rules (`--format text`, the default), their options
// (`--options`), or prints the rules reference (`--format markdown`), which
// docs/rules.md holds.
func rulesCmd(args []string, stdout, stderr io.Writer) int {
	format := "text"
	switch {
	case len(args) == 0:
	case len(args) == 1 && args[0] == "--options":
		return listOptions(stdout)
	case len(args) == 2 && args[0] == "--format":
		format = args[1]
	case len(args) == 1 && strings.HasPrefix(args[0], "--format="):
		format = strings.TrimPrefix(args[0], "--format=")
	default:
		fmt.Fprintln(stderr, "usage: nodecoach rules [--format text|markdown] [--options]")
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

// listOptions prints every rule's options: name, type, default, values and what each
// does, then how the configuration sets them.
func listOptions(stdout io.Writer) int {
	none := 0
	for _, r := range rules.All() {
		if len(r.Options) == 0 {
			none++
			continue
		}
		fmt.Fprintln(stdout, r.Name)
		for _, o := range r.Options {
			fmt.Fprintf(stdout, "  %-16s %-12s default %-8s values: %s\n", o.Name, o.Type, explain.OptionDefault(o), o.AllowedText())
			fmt.Fprintf(stdout, "  %-16s %s\n", "", o.Doc)
		}
	}
	fmt.Fprintf(stdout, "\n%d other rules take no options. Set an option after the rule's level in .nodecoach.json:\n", none)
	fmt.Fprintln(stdout, `  "rules": {"RULE": ["default", {"OPTION": VALUE}]}   ("default" keeps the rule's severities)`)
	return 0
}
