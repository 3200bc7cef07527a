package main

import (
	"strings"
	"testing"
)

// TestCheckStatsCountsParses: --stats tells, after the report, how many files were
// parsed and which rules asked for each, and the report on standard output is the
// same as without it. A file no rule can fire in is not parsed and not counted.
func TestCheckStatsCountsParses(t *testing.T) {
	body := "const crypto = require('crypto');\nexports.key = (p) => crypto.pbkdf2Sync(p, 's', 1, 32, 'sha256');\n"
	dir := writeProject(t, map[string]string{
		"package.json": `{"name":"app","dependencies":{}}`,
		"key.js":       body,
		"plain.js":     "module.exports = 1 + 1;\n",
	})
	_, plain, _ := runCLI(t, "check", "--format", "json", dir)
	_, out, stderr := runCLI(t, "check", "--stats", "--format", "json", dir)
	if out != plain {
		t.Errorf("--stats changed the report:\n%s\nwithout it:\n%s", out, plain)
	}
	// key.js alone is parsed (once, or again in the fact pass when its findings may
	// depend on the files that reach it); plain.js is not.
	var total, ruleFiles string
	for _, l := range strings.Split(stderr, "\n") {
		if f := strings.Fields(l); len(f) > 2 && f[0] == "parsed" {
			total = f[1]
		} else if len(f) > 1 && f[0] == "no-sync-crypto-in-handler" {
			ruleFiles = f[1]
		}
	}
	if total != "1" && total != "2" {
		t.Fatalf("want key.js's parses only (plain.js needs none), got:\n%s", stderr)
	}
	if ruleFiles != total {
		t.Errorf("no-sync-crypto-in-handler must count every parse its needles asked for (%s), got %q in:\n%s", total, ruleFiles, stderr)
	}
	_, _, none := runCLI(t, "check", "--stats", "--format", "json", writeProject(t, map[string]string{"plain.js": "module.exports = 1 + 1;\n"}))
	if !strings.Contains(none, "parsed 0 files, 0.00 MB") {
		t.Errorf("a file no rule can fire in must not be parsed, got:\n%s", none)
	}
	if _, _, quiet := runCLI(t, "check", "--format", "json", dir); strings.Contains(quiet, "parsed ") {
		t.Errorf("without --stats nothing is counted aloud:\n%s", quiet)
	}
}
