package rules

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// analyzeChecked is analyzePackage as a check runs it: each file with the rules its
// text lets apply; gated, also without the facts the gate decides on where it finds
// no file reads them (not parsed at all when nothing else applies). It also gives the
// files the gate spared the facts.
func analyzeChecked(t *testing.T, pkg string, files map[string]string, gated bool) (map[string][]analysis.Finding, []string) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(pkg), 0o644)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	gate := make([]RequestPathFile, len(names))
	quick := make([]*analysis.Quick, len(names))
	applicable := make([][]*analysis.Rule, len(names))
	for i, name := range names {
		path := filepath.Join(dir, name)
		quick[i] = analysis.NewQuick([]byte(files[name]), pkgOf(path))
		applicable[i] = analysis.Applicable(quick[i], All(), analysis.Options{})
		gate[i] = ReadRequestPathFile(path, []byte(files[name]), quick[i], applicable[i], analysis.Options{})
	}
	var spared []string
	for i, read := range RequestPathFactsRead(gate) {
		if gated && gate[i].Gated() && !read {
			applicable[i] = WithoutRequestPathFacts(quick[i], applicable[i], analysis.Options{})
			spared = append(spared, names[i])
		}
	}
	index := analysis.NewFactIndex()
	run := func(i int, opts analysis.Options) analysis.Result {
		if !analysis.MayFire(quick[i], applicable[i]) {
			return analysis.Result{}
		}
		path := filepath.Join(dir, names[i])
		f, res, err := analysis.Check(context.Background(), path, syntax.ForPath(path), []byte(files[names[i]]), nil, pkgOf(path), applicable[i], opts)
		if err != nil {
			t.Fatal(err)
		}
		syntax.Close(f.Tree)
		return res
	}
	for i, name := range names {
		index.Update(filepath.Join(dir, name), dir, run(i, analysis.Options{}).Facts)
	}
	out := map[string][]analysis.Finding{}
	for i, name := range names {
		out[name] = run(i, analysis.Options{Facts: index.For(filepath.Join(dir, name), dir)}).Findings
	}
	return out, spared
}

// TestRequestPathGateSparesUnreadFacts: in a package with a blocking call, the gate
// spares the facts of a handler file whose imports name neither that file nor a file
// naming it (routes/b.js), and of the blocking file that names no other, and keeps
// those of the files that do (app.js names routes/a.js, which names lib/store.js):
// the finding stands.
func TestRequestPathGateSparesUnreadFacts(t *testing.T) {
	const pkg = `{"dependencies": {"express": "^4.21.2"}}`
	files := map[string]string{
		"app.js":       "const express = require('express');\nconst app = express();\napp.get('/a', require('./routes/a'));\napp.get('/b', require('./routes/b'));\n",
		"routes/a.js":  "const { read } = require('../lib/store');\nmodule.exports = (req, res) => res.send(read());\n",
		"routes/b.js":  "const { count } = require('../lib/count');\nmodule.exports = (req, res) => res.json(count());\n",
		"lib/store.js": "const fs = require('fs');\nexports.read = function read() { return fs.readFileSync('/tmp/x'); };\n",
		"lib/count.js": "let n = 0;\nexports.count = function count() { return ++n; };\n",
	}
	got, spared := analyzeChecked(t, pkg, files, true)
	if want := []string{fsWarning}; strings.Join(syncFindings(got["lib/store.js"]), ";") != strings.Join(want, ";") {
		t.Errorf("lib/store.js: got %q, want %q", syncFindings(got["lib/store.js"]), want)
	}
	if strings.Join(spared, ",") != "lib/store.js,routes/b.js" {
		t.Errorf("spared %q, want lib/store.js and routes/b.js", spared)
	}
}

// TestRequestPathGateKeepsTwoHops: a handler file that names a service which names
// the blocking file keeps its facts: the blocking file reads the service's edge, then
// the handler's call of the service.
func TestRequestPathGateKeepsTwoHops(t *testing.T) {
	const pkg = `{"dependencies": {"express": "^4.21.2"}}`
	files := map[string]string{
		"routes.js":  "const express = require('express');\nconst app = express();\nconst { load } = require('./service');\napp.get('/', (req, res) => res.send(load()));\n",
		"service.js": "const { Router } = require('express');\nconst { read } = require('./store');\nexports.router = Router();\nexports.load = function load() { return read(); };\n",
		"store.js":   "const fs = require('fs');\nexports.read = function read() { return fs.readFileSync('/tmp/x'); };\n",
	}
	got, spared := analyzeChecked(t, pkg, files, true)
	if want := []string{fsWarning}; strings.Join(syncFindings(got["store.js"]), ";") != strings.Join(want, ";") {
		t.Errorf("store.js: got %q, want %q", syncFindings(got["store.js"]), want)
	}
	if strings.Join(spared, ",") != "store.js" {
		t.Errorf("spared %q, want store.js alone", spared)
	}
}

// TestSpecifierCandidates: every string literal is a candidate, whatever a regular
// expression, a comment or another kind of quote around it holds.
func TestSpecifierCandidates(t *testing.T) {
	src := "const re = /'/; const a = require('./a');\n" +
		"// don't\nimport b from \"./b\";\nconst s = \"it's\"; const c = require(`./c`);\n" +
		"const d = require('./d\\'s');\n"
	seen := map[string]bool{}
	specifierCandidates([]byte(src), func(text []byte) { seen[string(text)] = true })
	for _, want := range []string{"./a", "./b", "./c", `./d\'s`, "it's"} {
		if !seen[want] {
			t.Errorf("%q not among the candidates", want)
		}
	}
}

func TestLoadsComputedModule(t *testing.T) {
	for src, want := range map[string]bool{
		"const a = require('./a');":                        false,
		"import x from './x'; import('./y').then(f);":      false,
		"const m = require(  \"./m\" , 1);":                false,
		"var _x = _interopRequireDefault(require('./x'));": false,
		"const p = require(process.env.PLUGIN);":           true,
		"const p = require('./plugins/' + name);":          true,
		"const p = await import(`./${name}.js`);":          true,
		"const p = require(/* the config */ './c');":       true,
		"requireAuth(req); const r = require.resolve(x);":  false,
	} {
		if got := loadsComputedModule([]byte(src)); got != want {
			t.Errorf("%s: %v, want %v", src, got, want)
		}
	}
}

func TestMayAssignPrototypeMethod(t *testing.T) {
	for src, want := range map[string]bool{
		"System.prototype.scan = scan;":                     true,
		"System.prototype.scan = require('./scan').scan;":   true,
		"(System.prototype).scan = scan;":                   true,
		"System.prototype.scan /* the scan */ = scan;":      true,
		"View.prototype.lookup = function lookup(name) {};": false,
		"Doc.prototype.$isNew = true;":                      false,
		"Object.prototype.hasOwnProperty.call(o, k);":       false,
		"_commander.Command.prototype.parse = parse;":       false,
		"if (C.prototype.m === x) {}":                       false,
		"C.prototype.m = async function () {};":             false,
		"C.prototype = Object.create(Base.prototype);":      false,
		"Model.prototype.save = function () { return 1; };": false,
	} {
		if got := mayAssignPrototypeMethod([]byte(src)); got != want {
			t.Errorf("%s: %v, want %v", src, got, want)
		}
	}
}
