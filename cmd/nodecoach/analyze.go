package main

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
	"github.com/nodecoach/nodecoach/knowledge/workspace"
)

// analyzer checks files with the settings in force for each, the way the language
// server does: the nearest package.json, and the nearest configuration unless --config
// names one; --rule levels go on top of either.
type analyzer struct {
	packages *pkginfo.Store
	configs  *config.Store
	explicit *config.Config // --config
	override *config.Config // --rule
	rules    []*analysis.Rule
	log      *console
	// roots are the projects of the checked paths (see confine): links are followed
	// only within them, and configuration is not looked for above them.
	roots *safefs.Roots
	// parseOnly parses and runs nothing: the floor the benchmark compares check to.
	parseOnly bool
	// facts are what each checked file establishes for its package (the cross-file
	// rules read them); nil when no first pass ran.
	facts *analysis.FactIndex
}

// newAnalyzer loads --config (an error there is the user's to fix: exit 2).
func newAnalyzer(configPath string, levels ruleLevels, checks []*analysis.Rule, log *console) (*analyzer, error) {
	a := &analyzer{
		packages: pkginfo.NewStore(func(path string, err error) {
			log.Printf("nodecoach: warning: %s: %v (dependency versions from it count as unknown)\n", path, err)
		}),
		configs: config.NewStore(rules.Names(), func(path string, err error) {
			var refused *safefs.Refused
			if errors.As(err, &refused) {
				log.Printf("nodecoach: skipped %s: %v; using the default configuration\n", path, err)
				return
			}
			log.Printf("nodecoach: %s: invalid configuration, using the defaults: %v\n", path, err)
		}),
		rules: checks,
		log:   log,
	}
	if configPath != "" {
		cfg, err := a.configs.Load(configPath)
		if err != nil {
			return nil, err
		}
		a.explicit = cfg
	}
	if len(levels) > 0 {
		a.override = &config.Config{Rules: levels}
	}
	return a, nil
}

// confine sets the roots from the paths given to check: each one's project, the
// nearest directory holding .git at or above it, else the path itself. Files are read
// only within them (or, above them, when their own name is no link), and a
// configuration file above them never applies unless --config names it.
func (a *analyzer) confine(paths []string) {
	dirs := make([]string, 0, len(paths))
	for _, p := range paths {
		dirs = append(dirs, safefs.ProjectRoot(p))
	}
	a.roots = safefs.NewRoots(dirs...)
	a.configs.Confine(a.roots)
	a.packages.Confine(a.roots)
}

// settings is the configuration in force for abs: --config, else the nearest one,
// with the --rule levels on top (nil: the defaults). The cache keys results by it.
func (a *analyzer) settings(abs string) *config.Config {
	cfg := a.explicit
	if cfg == nil {
		cfg = a.configs.For(abs)
	}
	if a.override != nil {
		cfg = config.Merge(cfg, a.override)
	}
	return cfg
}

func (a *analyzer) options(abs string) analysis.Options {
	return analysis.OptionsFrom(a.settings(abs))
}

// analyze checks one file, reading it unless src is given (--stdin: the file need not
// exist, only its name places it in a package). visit sees the result while the tree
// is open. A file the configuration excludes is not read and gives false.
func (a *analyzer) analyze(path string, src []byte, visit func(*analysis.File, analysis.Result)) (bool, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false, err
	}
	opts := a.options(abs)
	pkg := a.packages.For(abs)
	if a.facts != nil && pkg != nil {
		opts.Facts = a.facts.For(abs, pkg.Dir)
	}
	rel := filepath.Base(abs)
	if pkg != nil {
		if r, err := filepath.Rel(pkg.Dir, abs); err == nil {
			rel = r
		}
	}
	var readErr error
	read := func() []byte { // the source, read once: bin/ files need it to be judged
		if src == nil && readErr == nil {
			src, _, readErr = a.roots.ReadFile(path, workspace.MaxFileSize)
		}
		return src
	}
	if analysis.Excluded(filepath.ToSlash(rel), opts.Exclude, pkg, read) {
		return false, nil
	}
	if read(); readErr != nil {
		return false, readErr
	}
	if a.parseOnly {
		tree, err := syntax.Parse(context.Background(), syntax.ForPath(path), src, nil)
		if err == nil {
			syntax.Close(tree)
		}
		return false, err
	}
	q := analysis.NewQuick(src, pkg)
	rules := analysis.Applicable(q, a.rules, opts)
	if !analysis.MayFire(q, rules) {
		// No rule can report anything here (none of the modules they need is even
		// mentioned): the file is checked without parsing it.
		return true, nil
	}
	file, result, err := analysis.Check(context.Background(), abs, syntax.ForPath(path), src, nil, pkg, rules, opts)
	if err != nil {
		return false, err
	}
	defer syntax.Close(file.Tree)
	for _, p := range result.Problems {
		return false, p
	}
	if result.Skipped != "" {
		// The file's findings are unknown: it gets the one information finding the
		// server shows in their place, in every format, and stderr says so too.
		a.log.Printf("nodecoach: skipped %s: %s\n", path, result.Skipped)
		result.Findings = []analysis.Finding{analysis.SkippedFinding(result.Skipped)}
	}
	visit(file, result)
	return true, nil
}
