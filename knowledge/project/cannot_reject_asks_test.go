package project

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// A check records a file's cannot-reject facts only where a handler asks for them (see
// rules.RequestPathFile.Hear), not wherever a parsed file spells the file's module
// specifier. Each test compares the check with a run that records every fact (its
// caller's fact index turns the gate off).

const expressPkg = `{"dependencies":{"express":"4.21.2"}}`

// everyFact is runTree with every fact recorded.
func everyFact(t *testing.T, root string) []string {
	t.Helper()
	got, _ := runTree(t, root, RunOptions{Facts: analysis.NewFactIndex()})
	return got
}

// checkedAsEveryFact is the findings of a check of root without a cache, which must
// be those of a run that records every fact.
func checkedAsEveryFact(t *testing.T, root string) []string {
	t.Helper()
	got, _ := checkTree(t, root, "")
	if want := everyFact(t, root); !slices.Equal(got, want) {
		t.Errorf("findings %q, with every fact %q", got, want)
	}
	return got
}

// expressApp is an app.js that requires express and what requires declares, and
// whose one handler, async, runs awaits before it responds.
func expressApp(requires, awaits string) string {
	return "const express = require('express');\n" + requires + "const app = express();\n" +
		"app.get('/', async (req, res) => {\n" + awaits + "  res.send('ok');\n});\napp.listen(3000);\n"
}

// parsedWithout is how many files a check of root parses, and how many once name is
// removed.
func parsedWithout(t *testing.T, root, name string) (with, without int64) {
	t.Helper()
	_, with = checkParsed(t, root, "")
	if err := os.Remove(filepath.Join(root, name)); err != nil {
		t.Fatal(err)
	}
	_, without = checkParsed(t, root, "")
	return with, without
}

// TestCannotRejectSpelledButUnaskedIsNotParsed: app.js requires ./jobs and starts it,
// but its handler awaits only fetch: no file asks for jobs.js's facts, so jobs.js, an
// async file nothing else applies to, is not parsed, though app.js spells its name.
func TestCannotRejectSpelledButUnaskedIsNotParsed(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"package.json": expressPkg,
		"app.js":       expressApp("const jobs = require('./jobs');\njobs.start();\n", "  await fetch('http://localhost/');\n"),
		"jobs.js":      "exports.start = async function start() {\n  return 1;\n};\n",
	})
	got := checkedAsEveryFact(t, root)
	if f := asyncFindings(got); strings.Join(f, " ") != "app.js" {
		t.Errorf("findings in %q, want the await of fetch in app.js", f)
	}
	if with, without := parsedWithout(t, root, "jobs.js"); with != without {
		t.Errorf("parsed %d files with jobs.js, %d without it: want it not parsed", with, without)
	}
}

// TestCannotRejectAsksPastASettlingAwait: the handler awaits save() of store.js, then
// load() of load.js, and neither can reject. Judged before any fact is known, the
// handler stops at the first await; the check still records load.js's fact, which the
// second judgement reads once store.js's lets it go on: no finding, as with every
// fact, and a finding at the second await where load() can reject.
func TestCannotRejectAsksPastASettlingAwait(t *testing.T) {
	app := expressApp("const { save } = require('./store');\nconst { load } = require('./load');\n", "  await save();\n  await load();\n")
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"package.json": expressPkg,
		"app.js":       app,
		"store.js":     storeSettles,
		"load.js":      "exports.load = async function load() {\n  return 1;\n};\n",
	})
	got := checkedAsEveryFact(t, root)
	if f := asyncFindings(got); len(f) != 0 {
		t.Errorf("findings in %q: both awaited calls cannot reject", f)
	}
	writeTree(t, root, map[string]string{"load.js": "exports.load = async function load() {\n  await fetch('http://localhost/');\n};\n"})
	got, _ = checkTree(t, root, "")
	at := fmt.Sprintf("app.js express-async-missing-next @%d-", strings.Index(app, "await load()"))
	if i := slices.IndexFunc(got, func(f string) bool { return strings.HasPrefix(f, at) }); i < 0 || len(asyncFindings(got)) != 1 {
		t.Errorf("findings %q, want the await of load() in app.js", got)
	}
}

// TestCannotRejectChainRecordsWhatHandlersRead: app.js's handler awaits run() of b.js,
// which awaits tidy() of c.js. b.js's fact is read; what b.js records rests on its own
// code alone, so c.js's fact, which only b.js names, is never read: c.js is not parsed,
// and the findings are those with every fact, and those of a check with a cache.
func TestCannotRejectChainRecordsWhatHandlersRead(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"package.json": expressPkg,
		"app.js":       expressApp("const { run } = require('./b');\n", "  await run();\n"),
		"b.js":         "const { tidy } = require('./c');\nexports.run = async function run() {\n  await tidy();\n};\n",
		"c.js":         "exports.tidy = async function tidy() {\n  return 1;\n};\n",
	})
	got := checkedAsEveryFact(t, root)
	cached, _ := checkTree(t, root, filepath.Join(t.TempDir(), "cache"))
	if !slices.Equal(got, cached) {
		t.Errorf("findings %q, with a cache %q", got, cached)
	}
	if with, without := parsedWithout(t, root, "c.js"); with != without {
		t.Errorf("parsed %d files with c.js, %d without it: want it not parsed", with, without)
	}
	writeTree(t, root, map[string]string{"b.js": "exports.run = async function run() {\n  return 1;\n};\n"})
	if got, _ := checkTree(t, root, ""); len(asyncFindings(got)) != 0 {
		t.Errorf("findings %q: run() cannot reject, and b.js's fact is read", got)
	}
}

// TestCannotRejectAsksKeptInTheCache: app.js spells ./jobs but its handler awaits only
// fetch. A check with a cache hears the handler's asks as one without does, so a cold
// run parses what a check without a cache parses (not jobs.js); its entry keeps what
// app.js was heard asking, so a warm run decides from it and judges nothing, where the
// spelled name would have read jobs.js's facts and judged it again. Once app.js
// changes, its new judgement is heard again, and jobs.js, still unasked, stays unparsed.
func TestCannotRejectAsksKeptInTheCache(t *testing.T) {
	root, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	writeTree(t, root, map[string]string{
		"package.json": expressPkg,
		"app.js":       expressApp("const jobs = require('./jobs');\njobs.start();\n", "  await fetch('http://localhost/');\n"),
		"jobs.js":      "exports.start = async function start() {\n  return 1;\n};\n",
	})
	want, uncached := checkParsed(t, root, "")
	got, cold := checkParsed(t, root, cache)
	if !slices.Equal(got, want) || cold != uncached {
		t.Errorf("cold cached run: findings %q, %d parsed; without a cache %q, %d parsed", got, cold, want, uncached)
	}
	if got, warm := checkParsed(t, root, cache); !slices.Equal(got, want) || warm != 0 {
		t.Errorf("warm run: findings %q, %d parsed; want %q and none parsed", got, warm, want)
	}
	writeTree(t, root, map[string]string{
		"app.js": expressApp("const jobs = require('./jobs');\njobs.start();\n", "  await fetch('http://localhost/a');\n"),
	})
	if got, changed := checkParsed(t, root, cache); len(asyncFindings(got)) != 1 || changed != 1 {
		t.Errorf("after app.js changed: findings %q, %d parsed; want the await of fetch, and app.js alone parsed", got, changed)
	}
}
