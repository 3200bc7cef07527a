package project

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// writeTree writes files (by slash path) under root.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkTree runs a check of root as the CLI does, with the cache at location ("": no
// cache), saving it, and gives every finding ("file rule @place: message related") and the number of
// files judged (not answered from the cache).
func checkTree(t *testing.T, root, location string) ([]string, int64) {
	t.Helper()
	var cache *Cache
	if location != "" {
		cache = OpenCache(location, "test", func(msg string) { t.Log(msg) })
	}
	got, judged := runTree(t, root, RunOptions{Cache: cache})
	cache.Save()
	return got, judged
}

// runTree is checkTree with the run's options o, leaving a cache unsaved.
func runTree(t *testing.T, root string, o RunOptions) ([]string, int64) {
	t.Helper()
	d := driverFor(root)
	paths, err := o.Cache.Discover([]string{root}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []string
	before := Judgements.Load()
	if err := d.Run(context.Background(), paths, o, func(r FileResult) {
		mu.Lock()
		defer mu.Unlock()
		if r.Err != nil {
			t.Errorf("%s: %v", r.Path, r.Err)
		}
		rel, _ := filepath.Rel(root, r.Path)
		for _, f := range r.Findings {
			got = append(got, fmt.Sprintf("%s %s @%d-%d: %s %v", filepath.ToSlash(rel), f.Rule, f.Start, f.End, f.Message, f.Related))
		}
	}); err != nil {
		t.Fatal(err)
	}
	judged := Judgements.Load() - before
	sort.Strings(got)
	return got, judged
}

// syncFindings are the files and rules of the request path's sync findings among got.
func syncFindings(got []string) []string {
	var out []string
	for _, f := range got {
		if fields := strings.Fields(f); strings.HasPrefix(fields[1], "no-sync-") {
			out = append(out, fields[0]+" "+fields[1])
		}
	}
	return out
}

// assertGatedCacheExact checks files with a cache, edits them, and checks them again
// three ways: with the cache of the first run (warm), with a new cache (cold) and
// without one. All three must give the same findings, whose sync findings are want.
// It gives the files the warm run judged.
func assertGatedCacheExact(t *testing.T, files, edit map[string]string, want []string) int64 {
	t.Helper()
	root, caches := t.TempDir(), t.TempDir()
	writeTree(t, root, files)
	warmCache := filepath.Join(caches, "warm")
	checkTree(t, root, warmCache)
	writeTree(t, root, edit)
	warm, judged := checkTree(t, root, warmCache)
	cold, _ := checkTree(t, root, filepath.Join(caches, "cold"))
	none, _ := checkTree(t, root, "")
	if w, c, n := strings.Join(warm, "\n"), strings.Join(cold, "\n"), strings.Join(none, "\n"); w != n || c != n {
		t.Errorf("findings differ:\nwarm:\n%s\ncold:\n%s\nwithout a cache:\n%s", w, c, n)
	}
	if got := syncFindings(none); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sync findings %q, want %q", got, want)
	}
	return judged
}

const (
	// gateApp registers a handler that calls store.js's read.
	gateApp = "const express = require('express');\nconst { read } = require('./store');\nconst app = express();\n" +
		"app.get('/', (req, res) => res.send(read()));\napp.listen(3000);\n"
	storeAsync = "const fs = require('fs');\nexports.read = function read() {\n  return fs.readFile('/tmp/x', () => {});\n};\n"
	storeSync  = "const fs = require('fs');\nexports.read = function read() {\n  return fs.readFileSync('/tmp/x');\n};\n"
)

// TestCachedGateJudgesAgainAFileWhoseFactsBecomeRead: the handler's file records its
// request-path facts, which no file read in the first run (store.js blocked nowhere),
// so its entry lacks them. Once store.js blocks, the unchanged handler's facts are
// read: the warm run judges it again, and reports the blocking call its handler
// reaches, as a cold run and a check without a cache do.
func TestCachedGateJudgesAgainAFileWhoseFactsBecomeRead(t *testing.T) {
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"4.21.2"}}`,
		"app.js":       gateApp,
		"store.js":     storeAsync,
		"util.js":      "exports.format = (x) => String(x);\n",
	}
	judged := assertGatedCacheExact(t, files, map[string]string{"store.js": storeSync}, []string{"store.js no-sync-fs-in-handler"})
	if judged < 2 {
		t.Errorf("the warm run judged %d files, want store.js and app.js at least", judged)
	}
}

// TestCachedGateFollowsAFileThatStartsNamingAReader: service.js records facts (it
// mentions fs) and at first names no file that blocks, nor does the handler's file,
// which names service.js: both entries lack their facts. Once service.js calls
// store.js's blocking read, the handler reaches it through service.js: the handler's
// unchanged file is judged again for its facts, and the call is reported.
func TestCachedGateFollowsAFileThatStartsNamingAReader(t *testing.T) {
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"4.21.2"}}`,
		"app.js": "const express = require('express');\nconst service = require('./service');\nconst app = express();\n" +
			"app.get('/', (req, res) => res.send(service.load()));\napp.listen(3000);\n",
		"service.js": "const fs = require('fs');\nexports.load = function load() {\n  return 'x';\n};\n",
		"store.js":   storeSync,
	}
	edit := map[string]string{
		"service.js": "const fs = require('fs');\nconst { read } = require('./store');\nexports.load = function load() {\n  return read();\n};\n",
	}
	assertGatedCacheExact(t, files, edit, []string{"store.js no-sync-fs-in-handler"})
}

// TestCachedGateAReaderThatStopsBlocking: store.js blocks and the handler's facts are
// recorded; once it no longer blocks, the warm run keeps the handler's stored facts
// (read by no file now), and reports nothing, as a cold run and a check without a
// cache do.
func TestCachedGateAReaderThatStopsBlocking(t *testing.T) {
	files := map[string]string{
		"package.json": `{"dependencies":{"express":"4.21.2"}}`,
		"app.js":       gateApp,
		"store.js":     storeSync,
	}
	assertGatedCacheExact(t, files, map[string]string{"store.js": storeAsync}, nil)
}

// TestFactPassSparesFilesNoRequestPathNames: a file with a blocking call in an
// exported function is judged again once the other files' facts are known, to learn
// whether a handler of another file reaches it. Where no request-path fact of the
// package names it, that second judgement is spared (it would find nothing more);
// where a handler calls it, it is judged again and reported. A warm run of the spared
// tree judges nothing, and every run gives the findings of a check without a cache.
func TestFactPassSparesFilesNoRequestPathNames(t *testing.T) {
	// app.js is judged again in both: its Express findings (x-powered-by-enabled)
	// another file may mitigate.
	for _, tc := range []struct {
		app     string
		again   int64
		reports []string
	}{
		{"const express = require('express');\nconst { format } = require('./util');\nconst app = express();\n" +
			"app.get('/', (req, res) => res.send(format(1)));\napp.listen(3000);\n", 1, nil},
		{gateApp, 2, []string{"store.js no-sync-fs-in-handler"}},
	} {
		files := map[string]string{
			"package.json": `{"dependencies":{"express":"4.21.2"}}`,
			"app.js":       tc.app,
			"store.js":     storeSync,
			"util.js":      "exports.format = (x) => String(x);\n",
		}
		root, caches := t.TempDir(), t.TempDir()
		writeTree(t, root, files)
		none, judged := checkTree(t, root, "")
		if got := syncFindings(none); strings.Join(got, "\n") != strings.Join(tc.reports, "\n") {
			t.Errorf("sync findings %q, want %q", got, tc.reports)
		}
		if want := int64(len(files)-1) + tc.again; judged != want {
			t.Errorf("judged %d times, want each of the %d files once and %d again", judged, len(files)-1, tc.again)
		}
		cold, _ := checkTree(t, root, caches)
		warm, judgedWarm := checkTree(t, root, caches)
		if w, c, n := strings.Join(warm, "\n"), strings.Join(cold, "\n"), strings.Join(none, "\n"); w != n || c != n {
			t.Errorf("findings differ:\nwarm:\n%s\ncold:\n%s\nwithout a cache:\n%s", w, c, n)
		}
		if judgedWarm != 0 {
			t.Errorf("the warm run judged %d files, want none", judgedWarm)
		}
	}
}
