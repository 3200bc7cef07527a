package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// ruleLevels collects repeated `--rule id=level` flags. Each is validated as it is
// parsed, so a misspelt id or level is a usage error before any file is read.
type ruleLevels map[string]string

func (r ruleLevels) String() string {
	ids := make([]string, 0, len(r))
	for id := range r {
		ids = append(ids, id+"="+r[id])
	}
	sort.Strings(ids)
	return strings.Join(ids, ",")
}

func (r ruleLevels) Set(s string) error {
	id, level, ok := strings.Cut(s, "=")
	if !ok {
		return fmt.Errorf("want id=level, got %q", s)
	}
	id, level = strings.TrimSpace(id), strings.TrimSpace(level)
	if !slices.Contains(rules.Names(), id) {
		return fmt.Errorf("unknown rule %q (see `nodecoach rules`)", id)
	}
	if !slices.Contains(config.Levels, level) {
		return fmt.Errorf("rule %q: level %q is not one of %s", id, level, strings.Join(config.Levels, ", "))
	}
	r[id] = level
	return nil
}

// parseInterspersed parses flags wherever they stand among the paths, so that
// `nodecoach check . --format sarif` works as CI scripts tend to write it. Everything
// after a `--` is a path.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var paths []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(paths, rest...), nil
		}
		paths = append(paths, rest[0])
		args = rest[1:]
	}
	return paths, nil
}

// isSet reports whether the flag was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// reportCommand reads the flags of a command that reports on files (topics, routes):
// --format text|json and --config, then the paths (the current directory when none),
// and makes the analyzer of rules confined to them. ok is false after a usage or
// configuration error, which it has reported.
func reportCommand(name string, args []string, stderr io.Writer, rules []*analysis.Rule) (format string, paths []string, a *analyzer, log *console, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	formatFlag := fs.String("format", "text", "output format: text or json")
	configPath := fs.String("config", "", "use this configuration file instead of the .nodecoach.json files found")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return "", nil, nil, nil, false
	}
	if *formatFlag != "text" && *formatFlag != "json" {
		fmt.Fprintf(stderr, "nodecoach: unknown format %q (text or json)\n", *formatFlag)
		return "", nil, nil, nil, false
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	log = newConsole(stderr)
	if a, err = newAnalyzer(*configPath, nil, rules, log); err != nil {
		log.Printf("nodecoach: %s: %v\n", *configPath, err)
		return "", nil, nil, nil, false
	}
	a.confine(paths)
	return *formatFlag, paths, a, log, true
}
