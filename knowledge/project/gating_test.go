package project

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// serverFiles are an Express app whose findings cross files: routes.js registers
// list.js's async handler bare, and its handler calls store.js's read, which blocks.
func serverFiles(dir, express string) map[string]string {
	return map[string]string{
		dir + "/package.json": `{"dependencies":{"express":"` + express + `"}}`,
		dir + "/routes.js": "const router = require('express').Router();\nconst store = require('./store');\n" +
			"router.get('/', require('./list').list);\nrouter.get('/raw', (req, res) => res.send(store.read()));\nmodule.exports = router;\n",
		dir + "/list.js":  "exports.list = async (req, res) => {\n  res.json(await req.db.query('x'));\n};\n",
		dir + "/store.js": "const fs = require('fs');\nexports.read = function read() {\n  return fs.readFileSync('/tmp/x');\n};\n",
	}
}

// TestPrefilterKeepsCrossFileFindings: what the prefilter skips never costs a finding
// that rests on another file's facts. In an Express 4 package, the async handler
// registered bare in another file is reported, and so is the blocking call a handler
// of another file reaches; in an Express 5 package (which forwards rejections) the
// async rule is skipped, and the blocking call is still reported.
func TestPrefilterKeepsCrossFileFindings(t *testing.T) {
	files := serverFiles("four", "4.21.2")
	for name, text := range serverFiles("five", "5.1.0") {
		files[name] = text
	}
	d, paths := testDriver(t, files)
	var mu sync.Mutex
	var got []string
	if err := d.Run(context.Background(), paths, RunOptions{}, func(r FileResult) {
		mu.Lock()
		defer mu.Unlock()
		for _, f := range r.Findings {
			got = append(got, filepath.Base(filepath.Dir(r.Path))+"/"+filepath.Base(r.Path)+" "+f.Rule)
		}
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	want := []string{
		"five/store.js no-sync-fs-in-handler",
		"four/list.js express-async-missing-next",
		"four/store.js no-sync-fs-in-handler",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPrefilterSkipsLibraryFiles: a (req, res) function counts as a handler only in a
// package that depends on Express, so in a library package its file is not parsed; in
// a server package the same file is.
func TestPrefilterSkipsLibraryFiles(t *testing.T) {
	src := "module.exports = function log(req, res) {\n  return req.url + res.statusCode;\n};\n"
	d, paths := testDriver(t, map[string]string{
		"lib/package.json":    `{"name":"lib","dependencies":{"debug":"4.0.0"}}`,
		"lib/log.js":          src,
		"server/package.json": `{"name":"server","dependencies":{"express":"4.21.2"}}`,
		"server/log.js":       src,
	})
	for _, tc := range []struct {
		dir    string
		parsed bool
	}{{"lib", false}, {"server", true}} {
		var path string
		for _, p := range paths {
			if strings.HasSuffix(filepath.ToSlash(p), tc.dir+"/log.js") {
				path = p
			}
		}
		before := Parses.Load()
		r := d.Judge(context.Background(), path, nil, nil)
		if r.Err != nil || !r.Checked {
			t.Fatalf("%s: checked %v, %v", tc.dir, r.Checked, r.Err)
		}
		if parsed := Parses.Load() > before; parsed != tc.parsed {
			t.Errorf("%s/log.js parsed = %v, want %v", tc.dir, parsed, tc.parsed)
		}
	}
}
