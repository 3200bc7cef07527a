package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/project"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
	"github.com/nodecoach/nodecoach/knowledge/walkgc"
)

// report is one finding as `check` prints it; lines and columns are 1-based, columns
// in UTF-16 code units as in ESLint and LSP. The JSON field names are the `--format
// json` contract.
type report struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	// Related are the places in other files the finding depends on (cross-file rules).
	Related []related `json:"related,omitempty"`
}

// related is a place in another file, 1-based like the report itself.
type related struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Message   string `json:"message"`
}

// checkFlags are the options of `check`.
type checkFlags struct {
	format      string
	configPath  string
	maxWarnings int
	limited     bool // --max-warnings was given
	quiet       bool
	levels      ruleLevels
	stdin       bool
	stdinName   string
	parseOnly   bool
	stats       bool
	cache       bool   // --cache: reuse the results of unchanged files (see project.Cache)
	cacheFile   string // --cache-location
	paths       []string
}

var errUsage = errors.New("usage")

func parseCheckFlags(args []string, stderr io.Writer) (*checkFlags, error) {
	c := &checkFlags{levels: ruleLevels{}}
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.format, "format", "text", "output format: "+strings.Join(formatNames(), ", "))
	fs.StringVar(&c.configPath, "config", "", "use this configuration file instead of the .nodecoach.json files found")
	fs.IntVar(&c.maxWarnings, "max-warnings", -1, "fail only when there are more than this many warnings (-1: no limit, only errors fail); without it any warning fails")
	fs.BoolVar(&c.quiet, "quiet", false, "report errors only")
	fs.Var(c.levels, "rule", "set a rule's level, over the configuration: id=off|hint|information|warning|error (repeatable)")
	fs.BoolVar(&c.stdin, "stdin", false, "check the source read from standard input")
	fs.StringVar(&c.stdinName, "stdin-filename", "", "the file name the --stdin source is checked as (need not exist)")
	fs.BoolVar(&c.stats, "stats", false, "after the report, print to standard error how many files and bytes were parsed, and for which rules")
	fs.BoolVar(&c.parseOnly, "parse-only", false, "only parse the files a check would read, run no rule (the benchmark's floor)")
	fs.BoolVar(&c.cache, "cache", false, "reuse the findings of files whose content, configuration and package are unchanged since the last --cache run")
	fs.StringVar(&c.cacheFile, "cache-location", project.DefaultCacheName, "the cache file, or a directory to keep "+project.DefaultCacheName+" in")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	c.paths, c.limited = paths, isSet(fs, "max-warnings")
	usage := func(format string, a ...any) (*checkFlags, error) {
		fmt.Fprintf(stderr, "nodecoach: "+format+"\n", a...)
		return nil, errUsage
	}
	if formats[c.format] == nil {
		return usage("unknown format %q (%s)", c.format, strings.Join(formatNames(), ", "))
	}
	switch {
	case c.stdin && c.stdinName == "":
		return usage("--stdin needs --stdin-filename NAME: the name picks the language, package.json and configuration")
	case c.stdin && len(c.paths) > 0:
		return usage("--stdin checks standard input only, not %s", strings.Join(c.paths, " "))
	case !c.stdin && c.stdinName != "":
		return usage("--stdin-filename is for --stdin")
	case c.stdin && syntax.ForPath(c.stdinName) == syntax.Unknown:
		return usage("--stdin-filename %s: not a JavaScript or TypeScript file name", c.stdinName)
	}
	if len(c.paths) == 0 {
		c.paths = []string{"."}
	}
	return c, nil
}

func check(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags, err := parseCheckFlags(args, stderr)
	if err != nil {
		return 2
	}
	log := newConsole(stderr)
	a, err := newAnalyzer(flags.configPath, flags.levels, rules.All(), log)
	if err != nil {
		log.Printf("nodecoach: %s: %v\n", flags.configPath, err)
		return 2
	}
	a.ParseOnly = flags.parseOnly
	if flags.stats {
		a.Stats = &project.ParseStats{}
		defer a.Stats.Write(stderr)
	}
	a.confine(flags.paths)
	defer walkgc.Begin(walkgc.Floor(flags.cache))()
	var (
		reports []report
		failed  bool
	)
	if flags.stdin {
		reports, failed = checkStdin(a, flags.stdinName, stdin)
	} else {
		var cache *project.Cache
		if flags.cache && !flags.parseOnly { // a parse-only run has no results to keep
			cache = project.OpenCache(flags.cacheFile, version, a.Log)
		}
		reports, failed = checkPaths(a, flags.paths, cache)
		cache.Save()
	}
	shown := reports
	if flags.quiet {
		shown = errorsOnly(reports)
	}
	cwd, err := os.Getwd()
	if err != nil {
		log.Printf("nodecoach: %v\n", err)
		return 2
	}
	out := output{cwd: cwd, color: useColor(stdout), failed: failed}
	if err := formats[flags.format](stdout, shown, out); err != nil {
		log.Printf("nodecoach: writing the report: %v\n", err)
		return 2
	}
	code := exitCode(reports, failed, flags)
	if n := count(reports, "warning"); code == 1 && count(reports, "error") == 0 && flags.limited {
		log.Printf("nodecoach: %d warnings, more than --max-warnings %d\n", n, flags.maxWarnings)
	}
	return code
}

// exitCode: 2 when a file could not be checked; 1 for an error, or for warnings past
// the limit; else 0. Without --max-warnings any warning fails, as before the flag
// existed; with it only more than N do, and a negative N lifts the limit (only errors
// fail, as in ESLint). --quiet hides warnings, and hidden warnings fail the run only
// through --max-warnings (as ESLint counts them under --quiet). Information and hints
// never fail it.
func exitCode(reports []report, failed bool, f *checkFlags) int {
	warnings := count(reports, "warning")
	switch {
	case failed:
		return 2
	case count(reports, "error") > 0:
		return 1
	case f.limited:
		if f.maxWarnings >= 0 && warnings > f.maxWarnings {
			return 1
		}
	case !f.quiet && warnings > 0:
		return 1
	}
	return 0
}

func count(reports []report, severity string) int {
	n := 0
	for _, r := range reports {
		if r.Severity == severity {
			n++
		}
	}
	return n
}

func errorsOnly(reports []report) []report {
	var out []report
	for _, r := range reports {
		if r.Severity == "error" {
			out = append(out, r)
		}
	}
	return out
}

// checkPaths checks every file under paths on all cores, through the workspace
// driver, and returns the findings in file and position order, and whether any path
// or file could not be checked. cache, which may be nil, answers for the files it has
// seen unchanged.
func checkPaths(a *analyzer, paths []string, cache *project.Cache) ([]report, bool) {
	// A check is one run over the files: the configuration and package stores, which
	// read through the same roots, check each directory for links once, as the
	// driver's own reads do (their package.json and .nodecoach.json lookups checked
	// every name of the path, each time).
	defer a.roots.Remember()()
	files, walkErr := listFilesWith(paths, cache, a.log) // a nil cache looks at every file
	perFile := make([][]report, len(files))
	errs := make([]error, len(files))
	var progress func(done, total int)
	if a.log.wantsProgress(len(files)) {
		progress = func(done, total int) {
			a.log.progress(done, total)
			if done == total {
				a.log.endProgress()
			}
		}
	}
	_ = a.Run(context.Background(), files, project.RunOptions{Cache: cache, Progress: progress}, func(r project.FileResult) {
		errs[r.Index] = r.Err
		if r.Err == nil && len(r.Findings) > 0 {
			perFile[r.Index] = toReports(r.Path, r.Src, r.Findings)
		}
	})
	failed := false
	for i, err := range errs {
		if err != nil {
			a.log.Printf("nodecoach: %s: %v\n", files[i], err)
			failed = true
		}
	}
	if walkErr != nil {
		a.log.Printf("nodecoach: %v\n", walkErr)
		failed = true
	}
	var reports []report
	for _, r := range perFile {
		reports = append(reports, r...)
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

// checkStdin checks standard input as the file name: an editor or a pre-commit hook
// passes unsaved text that way, and the name places it in its package.
func checkStdin(a *analyzer, name string, stdin io.Reader) ([]report, bool) {
	src, err := io.ReadAll(stdin)
	if err != nil {
		a.log.Printf("nodecoach: reading standard input: %v\n", err)
		return nil, true
	}
	var reports []report
	checked, err := a.analyze(name, src, func(f *analysis.File, res analysis.Result) {
		reports = toReports(name, src, res.Findings)
	})
	if err != nil {
		a.log.Printf("nodecoach: %s: %v\n", name, err)
		return nil, true
	}
	if !checked {
		a.log.Printf("nodecoach: %s is excluded from checking (tests, tooling and the configuration's exclude globs are)\n", name)
	}
	return reports, false
}

// toReports converts byte offsets to 1-based lines and UTF-16 columns.
func toReports(path string, src []byte, findings []analysis.Finding) []report {
	lines := source.NewLines(src)
	out := make([]report, 0, len(findings))
	for _, f := range findings {
		a := lines.Position(int(f.Start), source.UTF16)
		b := lines.Position(int(f.End), source.UTF16)
		r := report{
			File: path, Line: int(a.Line) + 1, Column: int(a.Character) + 1,
			EndLine: int(b.Line) + 1, EndColumn: int(b.Character) + 1,
			Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message,
		}
		for _, rel := range f.Related {
			w := rel.Where
			r.Related = append(r.Related, related{File: w.Path, Line: w.Line + 1, Column: w.Col16 + 1,
				EndLine: w.EndLine + 1, EndColumn: w.EndCol16 + 1, Message: rel.Message})
		}
		out = append(out, r)
	}
	return out
}
