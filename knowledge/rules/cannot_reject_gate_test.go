package rules

import (
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// TestCannotRejectGateSparesUnnamedFiles: in an Express 4 package, a handler awaits
// save() of lib/store.js, which cannot reject, and names lib/queue.js, which awaits
// run() of lib/jobs.js; lib/cron.js awaits tidy() of lib/tidy.js, and no file names
// cron.js. The gate keeps the facts of the files a parsed file where the rule runs
// names (store.js, queue.js, and jobs.js, which queue.js names once it is parsed),
// spares cron.js and tidy.js (only the unparsed cron.js names it), and the handler is
// judged as with every fact: its await is guarded. With store.js able to reject, the
// handler is reported.
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
	if strings.Join(spared, ",") != "app.js,lib/cron.js,lib/tidy.js" {
		t.Errorf("spared %q, want app.js, lib/cron.js and lib/tidy.js", spared)
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
