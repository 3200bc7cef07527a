package rules

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// TestCannotRejectGateSparesUnnamedFiles: in an Express 4 package, a handler awaits
// save() of lib/store.js, which cannot reject, and names lib/queue.js, which awaits
// run() of lib/jobs.js; lib/cron.js awaits tidy() of lib/tidy.js, and no file names
// cron.js. The gate keeps the facts of the files a handler's file names (store.js and
// queue.js), spares cron.js, and jobs.js and tidy.js, which only files that record
// name (what a file records rests on its own code alone), and the handler is judged
// as with every fact: its await is guarded. With store.js able to reject, the handler
// is reported.
func TestCannotRejectGateSparesUnnamedFiles(t *testing.T) {
	const pkg = `{"dependencies": {"express": "4.21.2"}}`
	files := map[string]string{
		"app.js": "const express = require('express');\nconst { save } = require('./lib/store');\nconst queue = require('./lib/queue');\nconst app = express();\n" +
			"app.get('/', async (req, res) => {\n  await save();\n  res.send('ok');\n});\n",
		"lib/store.js": "exports.save = async function save() {\n  try {\n    await fetch('http://localhost/');\n  } catch (e) {\n    console.log(e);\n  }\n};\n",
		"lib/queue.js": "const { run } = require('./jobs');\nexports.start = async function start() {\n  await run();\n};\n",
		"lib/jobs.js":  "exports.run = async function run() {\n  return 1;\n};\n",
		"lib/cron.js":  "const { tidy } = require('./tidy');\nexports.nightly = async function nightly() {\n  await tidy();\n};\n",
		"lib/tidy.js":  "exports.tidy = async function tidy() {\n  return 1;\n};\n",
	}
	all, _ := analyzeChecked(t, pkg, files, false)
	got, spared := analyzeChecked(t, pkg, files, true)
	for name := range files {
		if a, g := ruleFindings(all[name], ExpressAsyncMissingNext.Name), ruleFindings(got[name], ExpressAsyncMissingNext.Name); a != g {
			t.Errorf("%s: gated %q, every fact recorded %q", name, g, a)
		}
	}
	if f := ruleFindings(got["app.js"], ExpressAsyncMissingNext.Name); f != "" {
		t.Errorf("app.js: %q, want none: save cannot reject", f)
	}
	// app.js's request-path facts too: no file blocks.
	if strings.Join(spared, ",") != "app.js,lib/cron.js,lib/jobs.js,lib/tidy.js" {
		t.Errorf("spared %q, want app.js, lib/cron.js, lib/jobs.js and lib/tidy.js", spared)
	}
	files["lib/store.js"] = "exports.save = async function save() {\n  await fetch('http://localhost/');\n};\n"
	if got, _ := analyzeChecked(t, pkg, files, true); ruleFindings(got["app.js"], ExpressAsyncMissingNext.Name) == "" {
		t.Error("app.js: no finding where save can reject")
	}
}

// ruleFindings are the messages of rule's findings among fs.
func ruleFindings(fs []analysis.Finding, rule string) string {
	var out []string
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f.Message)
		}
	}
	return strings.Join(out, ";")
}

// BenchmarkFactsReadLargePackage is the decision the language server makes again on a
// keystroke in a package whose facts wait: 2,000 async services that only record, each
// named by a handler's file of its own (unheard: a look taken after an edit), and every
// service's facts read.
func BenchmarkFactsReadLargePackage(b *testing.B) {
	const n = 2000
	dir := b.TempDir()
	files := make([]RequestPathFile, 0, 2*n)
	for i := range n {
		service := RequestPathFile{RecordsRejects: true, ReadsRejects: true, path: filepath.Join(dir, "lib", fmt.Sprintf("s%d.js", i))}
		service.own = ownKeyHashes(service)
		handler := RequestPathFile{ReadsRejects: true, path: filepath.Join(dir, fmt.Sprintf("routes%d.js", i))}
		for _, k := range resolve.OwnModuleKeys(service.path) {
			handler.keys = append(handler.keys, keyHash(k))
		}
		files = append(files, service, handler)
	}
	for b.Loop() {
		read := make([]bool, len(files))
		CannotRejectRead(files, read)
		if !read[2*(n-1)] {
			b.Fatal("the last service is not read")
		}
	}
}

// TestCannotRejectReadHeard: app.js spells the names of b.js and c.js, but its handlers
// were heard asking for b.js alone; b.js names c.js, and d.js names e.js; all but
// app.js only record. Heard, only b.js's facts are read. Unheard (a look taken without
// judging, or a judgement that did not complete), every name app.js spells counts:
// b.js and c.js. A file that only records asks for nothing, heard or not: what it
// records rests on its own code (newExportCheck), so neither c.js through b.js nor
// e.js through d.js is read.
func TestCannotRejectReadHeard(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	keys := func(names ...string) []uint64 {
		var out []uint64
		for _, n := range names {
			for _, k := range resolve.OwnModuleKeys(path(n)) {
				out = append(out, keyHash(k))
			}
		}
		return out
	}
	recorder := func(name string, names ...string) RequestPathFile {
		f := RequestPathFile{RecordsRejects: true, ReadsRejects: true, path: path(name), keys: keys(names...)}
		f.own = ownKeyHashes(f)
		return f
	}
	files := func(heard bool) []RequestPathFile {
		app := RequestPathFile{ReadsRejects: true, path: path("app.js"), keys: keys("b.js", "c.js")}
		if heard {
			hear := app.Hear()
			for _, k := range resolve.OwnModuleKeys(path("b.js")) {
				hear(factCannotReject + k + "#")
			}
		}
		return []RequestPathFile{app, recorder("b.js", "c.js"), recorder("c.js"), recorder("d.js", "e.js"), recorder("e.js")}
	}
	read := func(files []RequestPathFile) string {
		marks := make([]bool, len(files))
		CannotRejectRead(files, marks)
		var out []string
		for i, r := range marks {
			if r {
				out = append(out, filepath.Base(files[i].path))
			}
		}
		return strings.Join(out, ",")
	}
	if got := read(files(true)); got != "b.js" {
		t.Errorf("heard: read %q, want b.js", got)
	}
	if got := read(files(false)); got != "b.js,c.js" {
		t.Errorf("unheard: read %q, want b.js and c.js", got)
	}
	// A file heard, then unheard because its judgement did not complete, asks for
	// every string it spells again (c.js too).
	unheard := files(true)
	unheard[0].Unhear()
	if got := read(unheard); got != "b.js,c.js" {
		t.Errorf("heard, then unheard: read %q, want b.js and c.js", got)
	}
}
