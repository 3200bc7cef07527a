package project

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// gateTree is an Express package whose handler calls a function of another file that
// blocks (routes.js → store.js), beside a model built on a prototype whose only import
// blocks nowhere: its request-path facts would name util.js, which no file with a
// blocking call is, nor names one.
func gateTree(model string) map[string]string {
	return map[string]string{
		"package.json": `{"dependencies":{"express":"4.21.2"}}`,
		"routes.js": "const express = require('express');\nconst { read } = require('./store');\nconst app = express();\n" +
			"app.get('/', (req, res) => res.send(read()));\napp.listen(3000);\n",
		"store.js": "const fs = require('fs');\nexports.read = function read() {\n  return fs.readFileSync('/tmp/x');\n};\n",
		"model.js": model,
		"util.js":  "exports.format = (x) => String(x);\n",
	}
}

const gateModel = "const util = require('./util');\nfunction Model() {}\nModel.prototype.save = function () {\n  return util.format(this);\n};\nmodule.exports = Model;\n"

// runGate runs d over paths, with the gate (a fresh fact index, no cache) or without
// it (a fact index of the caller's, as the language server keeps), and gives the
// sync rules' findings as "file rule" and the number of files parsed.
func runGate(t *testing.T, d *Driver, paths []string, gated bool) ([]string, int64) {
	t.Helper()
	o := RunOptions{}
	if !gated {
		o.Facts = analysis.NewFactIndex()
	}
	var mu sync.Mutex
	var got []string
	before := Parses.Load()
	if err := d.Run(context.Background(), paths, o, func(r FileResult) {
		mu.Lock()
		defer mu.Unlock()
		if r.Err != nil {
			t.Errorf("%s: %v", r.Path, r.Err)
		}
		for _, f := range r.Findings {
			if !strings.HasPrefix(f.Rule, "no-sync-") {
				continue
			}
			got = append(got, filepath.Base(r.Path)+" "+f.Rule)
		}
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	return got, Parses.Load() - before
}

// TestFactsGateSparesUnreadFacts: in a check, a file whose request-path facts no file
// reads is not parsed when nothing else applies to it (the prototype model), while
// the blocking call a handler of another file reaches is still reported, with the same findings as a run that records every fact.
func TestFactsGateSparesUnreadFacts(t *testing.T) {
	d, paths := testDriver(t, gateTree(gateModel))
	all, parsedAll := runGate(t, d, paths, false)
	gated, parsedGated := runGate(t, d, paths, true)
	if want := "store.js no-sync-fs-in-handler"; strings.Join(gated, "\n") != want {
		t.Errorf("gated findings:\n%s\nwant:\n%s", strings.Join(gated, "\n"), want)
	}
	if strings.Join(gated, "\n") != strings.Join(all, "\n") {
		t.Errorf("gated findings %q, every fact recorded %q", gated, all)
	}
	if parsedAll-parsedGated != 1 {
		t.Errorf("files parsed: %d recording every fact, %d gated; want model.js alone spared", parsedAll, parsedGated)
	}
}

// TestFactsGateKeepsComputedLoads: a file that loads a module by a computed name may
// load one with a blocking call, so it records its facts and is parsed.
func TestFactsGateKeepsComputedLoads(t *testing.T) {
	model := "const plugin = require(process.env.MODEL_PLUGIN);\n" + gateModel
	d, paths := testDriver(t, gateTree(model))
	all, parsedAll := runGate(t, d, paths, false)
	gated, parsedGated := runGate(t, d, paths, true)
	if strings.Join(gated, "\n") != strings.Join(all, "\n") || len(gated) != 1 {
		t.Errorf("gated findings %q, every fact recorded %q", gated, all)
	}
	if parsedAll != parsedGated {
		t.Errorf("files parsed: %d recording every fact, %d gated; want the same", parsedAll, parsedGated)
	}
}

// TestFactsGateDecidesEachPackageAlone: in one run of two packages, each package's
// decision reads its own files' looks: the model whose facts nothing of its package
// reads is spared in one, the model that loads a computed module is parsed in the other,
// and both blocking calls are reported, as when every fact is recorded.
func TestFactsGateDecidesEachPackageAlone(t *testing.T) {
	files := map[string]string{}
	for pkg, model := range map[string]string{"spared": gateModel, "kept": "const plugin = require(process.env.MODEL_PLUGIN);\n" + gateModel} {
		for name, text := range gateTree(model) {
			files[pkg+"/"+name] = text
		}
	}
	d, paths := testDriver(t, files)
	all, parsedAll := runGate(t, d, paths, false)
	gated, parsedGated := runGate(t, d, paths, true)
	want := "store.js no-sync-fs-in-handler\nstore.js no-sync-fs-in-handler"
	if strings.Join(all, "\n") != want || strings.Join(gated, "\n") != want {
		t.Errorf("findings %q every fact recorded, %q gated; want %q", all, gated, want)
	}
	if parsedAll-parsedGated != 1 {
		t.Errorf("files parsed: %d recording every fact, %d gated; want the spared package's model alone spared", parsedAll, parsedGated)
	}
}

// TestFactsGateReadsThroughPrototypes: a prototype's method that is a function of a
// module with a blocking call keeps every file of the package recording (a handler
// calls it through an injected object no import names), and the call is reported.
func TestFactsGateReadsThroughPrototypes(t *testing.T) {
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"4.21.2"}}`,
		"system.js":    "const { scan } = require('./scan');\nfunction System() {}\nSystem.prototype.scan = scan;\nmodule.exports = System;\n",
		"scan.js":      "const fs = require('fs');\nfunction scan() {\n  return fs.readdirSync('/dev');\n}\nmodule.exports = { scan };\n",
		"controller.js": "module.exports = function controller(gladys) {\n" +
			"  return { list: (req, res) => res.json(gladys.system.scan()) };\n};\n",
	}
	d, paths := testDriver(t, files)
	all, parsedAll := runGate(t, d, paths, false)
	gated, parsedGated := runGate(t, d, paths, true)
	if want := "scan.js no-sync-fs-in-handler"; strings.Join(all, "\n") != want || strings.Join(gated, "\n") != want {
		t.Errorf("findings %q every fact recorded, %q gated; want %q", all, gated, want)
	}
	if parsedAll != parsedGated {
		t.Errorf("files parsed: %d recording every fact, %d gated; want the same", parsedAll, parsedGated)
	}
}

// TestRunReadsEachDirectorysConfiguration: a run asks the configuration once per
// directory, and each directory still gets its own: the rule a nested configuration
// turns off reports in neither file under it, and still reports beside it.
func TestRunReadsEachDirectorysConfiguration(t *testing.T) {
	app := "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('hi'));\napp.listen(3000);\n"
	d, paths := testDriver(t, map[string]string{
		"package.json":          `{"dependencies":{"express":"4.21.2"}}`,
		"quiet/.nodecoach.json": `{"rules":{"x-powered-by-enabled":"off"}}`,
		"quiet/a.js":            app,
		"quiet/b.js":            app,
		"loud/a.js":             app,
		"loud/b.js":             app,
	})
	var mu sync.Mutex
	var got []string
	if err := d.Run(context.Background(), paths, RunOptions{}, func(r FileResult) {
		mu.Lock()
		defer mu.Unlock()
		for _, f := range r.Findings {
			if f.Rule == "x-powered-by-enabled" {
				got = append(got, filepath.Base(filepath.Dir(r.Path))+"/"+filepath.Base(r.Path))
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	if strings.Join(got, ",") != "loud/a.js,loud/b.js" {
		t.Errorf("x-powered-by-enabled in %q, want loud/a.js and loud/b.js", got)
	}
}
