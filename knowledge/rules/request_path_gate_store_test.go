package rules

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// TestRequestPathFileStored: what a cache keeps of the gate's look decides as the look
// itself: each file's stored look decodes to the same facts-read answer, for a package
// where a handler names a reader through another file and one loads a computed module
// (and one async file names another),
// and a damaged stored look is an error, not a look.
func TestRequestPathFileStored(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies":{"express":"4.21.2"}}`), 0o644)
	files := map[string]string{
		"app.js": "const express = require('express');\nconst service = require('./service');\nconst app = express();\n" +
			"app.get('/', (req, res) => res.send(service.load()));\n",
		"service.js": "const fs = require('fs');\nconst { read } = require('./store');\nexports.load = () => read();\n",
		"store.js":   "const fs = require('fs');\nexports.read = () => fs.readFileSync('/x');\n",
		"plugin.js":  "const fs = require('fs');\nconst p = require(process.env.P);\n",
		"other.js":   "const express = require('express');\nconst u = require('./util');\n",
		"jobs.js":    "exports.run = async function run() {\n  return 1;\n};\n",
		"queue.js":   "const { run } = require('./jobs');\nexports.start = async () => run();\n",
	}
	var looks, stored []RequestPathFile
	for name, text := range files {
		path := filepath.Join(dir, name)
		q := analysis.NewQuick([]byte(text), pkgOf(path))
		look := ReadRequestPathFile(path, []byte(text), q, analysis.Applicable(q, All(), analysis.Options{}), analysis.Options{})
		if name == "app.js" { // its handler heard asking for jobs.js, which it does not spell
			for _, k := range resolve.OwnModuleKeys(filepath.Join(dir, "jobs.js")) {
				look.Hear()(factCannotReject + k + "#")
			}
		}
		back, err := DecodeRequestPathFile(path, EncodeRequestPathFile(look))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(back, look) {
			t.Errorf("%s: stored look %+v, taken %+v", name, back, look)
		}
		looks, stored = append(looks, look), append(stored, back)
	}
	read, readStored := RequestPathFactsRead(looks), RequestPathFactsRead(stored)
	if !reflect.DeepEqual(read, readStored) {
		t.Errorf("facts read %v from the looks, %v from the stored looks", read, readStored)
	}
	if !slices.ContainsFunc(stored, func(l RequestPathFile) bool { return l.heard && len(l.asks) > 0 }) {
		t.Error("no stored look keeps what its file was heard asking for (app.js)")
	}
	if i := slices.IndexFunc(stored, func(l RequestPathFile) bool { return filepath.Base(l.path) == "jobs.js" }); !read[i] {
		t.Error("jobs.js's facts are not read: app.js was heard asking for them")
	}
	if !slices.Contains(read, true) {
		t.Errorf("no file's facts read (%v): service.js and app.js name the reader", read)
	}
	for _, look := range looks {
		full := EncodeRequestPathFile(look)
		for _, bad := range [][]byte{nil, full[:len(full)-1], append(slices.Clone(full), 0)} {
			if _, err := DecodeRequestPathFile("x.js", bad); err == nil {
				t.Errorf("decoded a damaged look %v (of %v)", bad, full)
			}
		}
	}
}
