package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
	"github.com/nodecoach/nodecoach/knowledge/workspace"
)

// report is one finding as `check` prints it; lines and columns are 1-based, columns
// in UTF-16 code units as in ESLint and LSP.
type report struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
}

func check(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	configPath := fs.String("config", "", "use this configuration file instead of the .nodecoach.json files found")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "nodecoach: unknown format %q (text or json)\n", *format)
		return 2
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	store := pkginfo.NewStore(func(path string, err error) {
		fmt.Fprintf(stderr, "nodecoach: warning: %s: %v (dependency versions from it count as unknown)\n", path, err)
	})
	configs := config.NewStore(rules.Names(), func(path string, err error) {
		fmt.Fprintf(stderr, "nodecoach: %s: invalid configuration, using the defaults: %v\n", path, err)
	})
	var explicit *config.Config
	if *configPath != "" {
		cfg, err := configs.Load(*configPath)
		if err != nil {
			fmt.Fprintf(stderr, "nodecoach: %s: %v\n", *configPath, err)
			return 2
		}
		explicit = cfg
	}
	settings := func(file string) analysis.Options {
		if explicit != nil {
			return analysis.OptionsFrom(explicit)
		}
		return analysis.OptionsFrom(configs.For(file))
	}
	reports, failed := checkPaths(paths, store, settings, stderr)
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if reports == nil {
			reports = []report{}
		}
		if err := enc.Encode(reports); err != nil {
			return 2
		}
	} else {
		printText(stdout, reports)
	}
	if failed {
		return 2
	}
	for _, r := range reports {
		if r.Severity == "error" || r.Severity == "warning" {
			return 1
		}
	}
	return 0
}

// checkPaths checks every file under paths on all cores and returns the findings in
// file and position order.
func checkPaths(paths []string, store *pkginfo.Store, settings func(string) analysis.Options, stderr io.Writer) ([]report, bool) {
	files := make(chan string, 64)
	var (
		mu      sync.Mutex
		reports []report
		failed  bool
		wg      sync.WaitGroup
	)
	all := rules.All()
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range files {
				rs, err := checkFile(path, store, settings, all)
				mu.Lock()
				if err != nil {
					fmt.Fprintf(stderr, "nodecoach: %s: %v\n", path, err)
					failed = true
				}
				reports = append(reports, rs...)
				mu.Unlock()
			}
		}()
	}
	err := workspace.Walk(paths, func(path string) { files <- path }, func(s workspace.Skipped) {
		fmt.Fprintf(stderr, "nodecoach: skipped %s: %s\n", s.Path, s.Reason)
	})
	close(files)
	wg.Wait()
	if err != nil {
		fmt.Fprintf(stderr, "nodecoach: %v\n", err)
		failed = true
	}
	sort.SliceStable(reports, func(i, j int) bool {
		a, b := reports[i], reports[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return reports, failed
}

func checkFile(path string, store *pkginfo.Store, settings func(string) analysis.Options, all []*analysis.Rule) ([]report, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	opts := settings(abs)
	pkg := store.For(abs)
	rel := filepath.Base(abs)
	if pkg != nil {
		if r, err := filepath.Rel(pkg.Dir, abs); err == nil {
			rel = r
		}
	}
	if analysis.Excluded(filepath.ToSlash(rel), opts.Exclude) {
		return nil, nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	file, result, err := analysis.Check(context.Background(), abs, syntax.ForPath(path), src, nil, pkg, all, opts)
	if err != nil {
		return nil, err
	}
	defer file.Tree.Close()
	for _, p := range result.Problems {
		return nil, p
	}
	lines := source.NewLines(src)
	out := make([]report, 0, len(result.Findings))
	for _, f := range result.Findings {
		a := lines.Position(int(f.Start), source.UTF16)
		b := lines.Position(int(f.End), source.UTF16)
		out = append(out, report{
			File: path, Line: int(a.Line) + 1, Column: int(a.Character) + 1,
			EndLine: int(b.Line) + 1, EndColumn: int(b.Character) + 1,
			Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message,
		})
	}
	return out, nil
}

// printText prints findings grouped by file, ESLint-stylish.
func printText(w io.Writer, reports []report) {
	counts := map[string]int{}
	for i, r := range reports {
		if i == 0 || reports[i-1].File != r.File {
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintln(w, r.File)
		}
		fmt.Fprintf(w, "  %d:%d  %-11s  %s  %s\n", r.Line, r.Column, r.Severity, r.Message, r.Rule)
		counts[r.Severity]++
	}
	if len(reports) == 0 {
		fmt.Fprintln(w, "no findings")
		return
	}
	fmt.Fprintf(w, "\n%d findings (%d errors, %d warnings, %d information, %d hints)\n",
		len(reports), counts["error"], counts["warning"], counts["information"], counts["hint"])
}
