package main

import (
	"os"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// collectFacts is the first pass of a check: the cross-file rules learn what every
// file of a package establishes (an app created, trust proxy set, X-Powered-By turned
// off) before any file is checked. Only the files those rules could say something
// about are analysed, and only with those rules.
func collectFacts(a *analyzer, files []string) *analysis.FactIndex {
	index := analysis.NewFactIndex()
	sharing := rules.FactSharing()
	facts := &analyzer{packages: a.packages, configs: a.configs, explicit: a.explicit, override: a.override, rules: sharing, log: a.log}
	eachFile(files, a.log, func(_ int, path string) {
		src, err := os.ReadFile(path)
		if err != nil {
			return // the second pass reports it
		}
		facts.analyze(path, src, func(f *analysis.File, res analysis.Result) {
			if pkg := a.packages.For(f.Path); pkg != nil && len(res.Facts) > 0 {
				index.Update(f.Path, pkg.Dir, res.Facts)
			}
		})
	})
	return index
}
