package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/rules"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runStdin(t, "", args...)
}

// runStdin runs the CLI in-process with stdin as standard input.
func runStdin(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// writeProject creates files (path → text) in a new temporary directory.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func checkJSON(t *testing.T, paths ...string) (int, []report) {
	t.Helper()
	code, out, stderr := runCLI(t, append([]string{"check", "--format", "json"}, paths...)...)
	var reports []report
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("json output: %v\n%s\nstderr: %s", err, out, stderr)
	}
	return code, reports
}

func rulesOf(reports []report) map[string]int {
	m := map[string]int{}
	for _, r := range reports {
		m[r.Rule]++
	}
	return m
}

func TestCheckSamplesReportAllHeadlineRules(t *testing.T) {
	code, reports := checkJSON(t, "../../testdata/express-js", "../../testdata/express-ts")
	if code != 1 {
		t.Errorf("exit code %d, want 1 (warnings found)", code)
	}
	got := rulesOf(reports)
	for _, rule := range []string{"no-sync-fs-in-handler", "express-async-missing-next", "cors-allow-all"} {
		if got[rule] != 2 {
			t.Errorf("%s: %d findings, want one in each sample app", rule, got[rule])
		}
	}
	// The route in reports.js: line 10 `  const csv = readFileSync(...)`, column of readFileSync.
	found := false
	for _, r := range reports {
		if strings.HasSuffix(r.File, filepath.Join("routes", "reports.js")) && r.Rule == "no-sync-fs-in-handler" {
			found = r.Line == 10 && r.Column == 15 && r.EndLine == 10 && r.EndColumn == 27 && r.Severity == "warning"
		}
	}
	if !found {
		t.Errorf("no exact no-sync-fs-in-handler finding at reports.js:10:15-27 in %+v", reports)
	}
}

func TestCheckExpress5HasNoAsyncFinding(t *testing.T) {
	code, reports := checkJSON(t, "../../testdata/express5")
	if code != 0 || rulesOf(reports)["express-async-missing-next"] != 0 || count(reports, "warning")+count(reports, "error") != 0 {
		t.Errorf("Express 5: exit %d, findings %+v; want no async finding, no warning", code, reports)
	}
}

func TestCheckExitCodesAndSkips(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("package.json", `{"dependencies":{"express":"^4.0.0","cors":"^2.8.5"}}`)
	write("src/info.js", "const cors = require('cors');\nrequire('express')().use(cors());\n")
	write("src/app.test.js", "const fs = require('fs');\nrequire('express')().get('/', (q, s) => fs.readFileSync('a'));\n")
	write("node_modules/x/index.js", "const fs = require('fs');\nrequire('express')().get('/', (q, s) => fs.readFileSync('a'));\n")
	write("src/types.d.ts", "export declare function f(): void;\n")
	write("dist/bundle.min.js", "var a=1;")

	code, reports := checkJSON(t, dir)
	if code != 0 {
		t.Errorf("information only: exit %d, want 0", code)
	}
	if len(reports) != 1 || reports[0].Rule != "cors-allow-all" || reports[0].Severity != "information" {
		t.Errorf("want only the cors information (tests, node_modules, d.ts and dist skipped), got %+v", reports)
	}
	if code, _, stderr := runCLI(t, "check", filepath.Join(dir, "missing")); code != 2 || stderr == "" {
		t.Errorf("missing path: exit %d stderr %q, want 2 and a message", code, stderr)
	}
	if code, _, _ := runCLI(t, "check", "--format", "xml", dir); code != 2 {
		t.Errorf("bad format: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

func TestCheckBrokenPackageJSON(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies": [`), 0o644)
	os.WriteFile(filepath.Join(dir, "app.js"), []byte("const app = require('express')();\napp.get('/', async (req, res) => res.json(await load()));\n"), 0o644)
	code, out, stderr := runCLI(t, "check", "--format", "json", dir)
	var reports []report
	json.Unmarshal([]byte(out), &reports)
	if code != 0 || len(reports) != 1 || reports[0].Severity != "information" {
		t.Errorf("broken package.json: exit %d, findings %+v; want one information finding (version unknown)", code, reports)
	}
	if strings.Count(stderr, "warning:") != 1 || !strings.Contains(stderr, "package.json") {
		t.Errorf("want exactly one warning about package.json, stderr:\n%s", stderr)
	}
}

func TestTextOutputAndOtherCommands(t *testing.T) {
	code, out, _ := runCLI(t, "check", "../../testdata/express-js")
	if code != 1 || !strings.Contains(out, "reports.js\n  10:15  warning") || !strings.Contains(out, "findings (0 errors, 2 warnings, ") {
		t.Errorf("text output (exit %d):\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "explain", "fs.readFileSync"); code != 0 || !strings.Contains(out, "Synchronous") {
		t.Errorf("explain API: %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "explain", "cors-allow-all"); code != 0 || !strings.Contains(out, "cors-allow-all\n==============\n\nDefault severity: information") {
		t.Errorf("explain rule: %d\n%s", code, out)
	}
	if code, _, stderr := runCLI(t, "explain", "nope"); code != 2 || !strings.Contains(stderr, "nope") {
		t.Errorf("explain unknown: %d %s", code, stderr)
	}
	if code, out, _ := runCLI(t, "explain", "sync-vs-async-io"); code != 0 || strings.Contains(out, "```") || strings.Contains(out, "\x1b[") || !strings.Contains(out, "Why it matters\n--------------") {
		t.Errorf("explain into a pipe must be plain text: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "explain", "--list")
	if code != 0 || strings.Count(out, "R1.1: Explain how the Node.js Event Loop works.") != 1 || !strings.Contains(out, "event-loop") {
		t.Errorf("explain --list: %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "rules"); code != 0 || strings.Count(out, "\n") != len(rules.All()) || !strings.Contains(out, "cors-allow-all") {
		t.Errorf("rules: %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "version"); code != 0 || !strings.HasPrefix(out, "nodecoach ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestCheckReadsConfiguration(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"package.json":    `{"dependencies":{"express":"^4.0.0","cors":"^2.8.5"}}`,
		".nodecoach.json": `{"rules": {"cors-allow-all": "error"}, "exclude": ["legacy/**"]}`,
		"src/app.js":      "const cors = require('cors');\nrequire('express')().use(cors());\n",
		"legacy/old.js":   "const cors = require('cors');\nrequire('express')().use(cors());\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	code, reports := checkJSON(t, dir)
	if code != 1 || len(reports) != 1 || reports[0].Severity != "error" || !strings.HasSuffix(reports[0].File, filepath.Join("src", "app.js")) {
		t.Errorf("with .nodecoach.json: exit %d, %+v; want one error in src/app.js (legacy excluded)", code, reports)
	}

	off := filepath.Join(t.TempDir(), "off.json")
	os.WriteFile(off, []byte(`{"rules": {"cors-allow-all": "off"}}`), 0o644)
	if code, reports := checkJSON(t, "--config", off, dir); code != 0 || len(reports) != 0 {
		t.Errorf("--config turning the rule off: exit %d, %+v", code, reports)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"rules": {"cors-allow-all": "loud"}}`), 0o644)
	if code, _, stderr := runCLI(t, "check", "--config", bad, dir); code != 2 || !strings.Contains(stderr, `level "loud"`) {
		t.Errorf("invalid --config: exit %d, stderr %q", code, stderr)
	}

	os.WriteFile(filepath.Join(dir, ".nodecoach.json"), []byte(`{"rulez": {}}`), 0o644)
	code, out, stderr := runCLI(t, "check", "--format", "json", dir)
	var got []report
	json.Unmarshal([]byte(out), &got)
	if code != 0 || len(got) != 2 || strings.Count(stderr, "invalid configuration") != 1 || !strings.Contains(stderr, ".nodecoach.json") {
		t.Errorf("invalid .nodecoach.json: exit %d, %d findings (defaults: 2 information), stderr %q", code, len(got), stderr)
	}
}

func TestCheckSaysWhenAFileNestsTooDeep(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deep.js")
	// The file must be one a rule parses: a blocking fs call's name opens no-sync-fs-in-handler's gate.
	src := "const fs = require('fs');\nfs.readFileSync('a');\nconst x = " + strings.Repeat("[", 1200) + strings.Repeat("]", 1200) + ";\n"
	os.WriteFile(path, []byte(src), 0o644)
	code, _, stderr := runCLI(t, "check", path)
	if code != 0 || !strings.Contains(stderr, "skipped "+path+": the code nests more than") {
		t.Errorf("exit %d, stderr %q: want the skip said on stderr", code, stderr)
	}
}

// TestCheckSeesOtherFilesOfThePackage: the cross-file rules read what the other checked
// files of the package establish, as the language server's workspace index does.
func TestCheckSeesOtherFilesOfThePackage(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) { os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644) }
	write("package.json", `{"dependencies":{"express":"^4.21.2","helmet":"^8.0.0"}}`)
	write("app.js", "const express = require('express');\nconst app = express();\napp.use(require('./security'));\napp.listen(3000);\n")
	write("security.js", "module.exports = (req, res, next) => { res.removeHeader('X-Powered-By'); next(); };\n")
	if _, reports := checkJSON(t, dir); len(reports) != 0 {
		t.Errorf("security.js disables the header for app.js: %+v", reports)
	}
	write("security.js", "module.exports = (req, res, next) => next();\n")
	if _, reports := checkJSON(t, dir); len(reports) != 1 || reports[0].Rule != "x-powered-by-enabled" {
		t.Errorf("without security.js the header stays: %+v", reports)
	}
}
