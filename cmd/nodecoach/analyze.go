package main

import (
	"context"
	"errors"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/project"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// analyzer checks files with the settings in force for each, through the workspace
// driver the language server uses too: the nearest package.json, and the nearest
// configuration unless --config names one; --rule levels go on top of either.
type analyzer struct {
	*project.Driver
	log *console
	// roots are the projects of the checked paths (see confine): links are followed
	// only within them, and configuration is not looked for above them.
	roots *safefs.Roots
}

// newAnalyzer loads --config (an error there is the user's to fix: exit 2).
func newAnalyzer(configPath string, levels ruleLevels, checks []*analysis.Rule, log *console) (*analyzer, error) {
	d := &project.Driver{
		Packages: pkginfo.NewStore(func(path string, err error) {
			log.Printf("nodecoach: warning: %s: %v (%s)\n", path, err, pkginfo.Consequence(err))
		}),
		Configs: config.NewStore(rules.Known(), func(path string, err error) {
			var refused *safefs.Refused
			if errors.As(err, &refused) {
				log.Printf("nodecoach: skipped %s: %v; using the default configuration\n", path, err)
				return
			}
			log.Printf("nodecoach: %s: invalid configuration, using the defaults: %v\n", path, err)
		}),
		Rules: checks,
		Log:   func(msg string) { log.Printf("nodecoach: %s\n", msg) },
	}
	d.Configs.Note = func(path, note string) { log.Printf("nodecoach: %s: %s\n", path, note) }
	a := &analyzer{Driver: d, log: log}
	if configPath != "" {
		cfg, err := d.Configs.Load(configPath)
		if err != nil {
			return nil, err
		}
		d.Explicit = cfg
	}
	if len(levels) > 0 {
		override := &config.Config{Rules: levels}
		d.Override = func() *config.Config { return override }
	}
	return a, nil
}

// confine sets the roots from the paths given to check: each one's project, the
// nearest directory holding .git at or above it, else the path itself. Files are read
// only within them (or, above them, when their own name is no link), and a
// configuration file above them never applies unless --config names it.
func (a *analyzer) confine(paths []string) {
	a.roots = project.ProjectRoots(paths)
	a.Roots = a.roots
	a.Configs.Confine(a.roots)
	a.Packages.Confine(a.roots)
}

func (a *analyzer) options(abs string) analysis.Options {
	return analysis.OptionsFrom(a.Settings(abs))
}

// analyze checks one file, reading it unless src is given (--stdin: the file need not
// exist, only its name places it in a package). visit sees the result while the tree
// is open. A file the configuration excludes is not read and gives false.
func (a *analyzer) analyze(path string, src []byte, visit func(*analysis.File, analysis.Result)) (bool, error) {
	return a.Analyze(context.Background(), path, src, nil, visit)
}
