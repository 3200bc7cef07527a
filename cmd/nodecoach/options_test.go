package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixture has two warnings and one information; each case says what the flags
// make of them: the exit code, the findings printed and what stderr must say.
func TestCheckOptionsAndExitCodes(t *testing.T) {
	dir := writeProject(t, fixture)
	off := filepath.Join(dir, "off.json")
	if err := os.WriteFile(off, []byte(`{"rules": {"cors-allow-all": "off", "no-sync-fs-in-handler": "off"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		shown  map[string]int // severity → findings printed (nil: not checked)
		stderr string
	}{
		{"warnings fail by default", nil, 1, map[string]int{"warning": 2, "information": 1}, ""},
		{"within --max-warnings", []string{"--max-warnings", "2"}, 0, map[string]int{"warning": 2, "information": 1}, ""},
		{"beyond --max-warnings", []string{"--max-warnings", "1"}, 1, nil, "2 warnings, more than --max-warnings 1"},
		{"--max-warnings 0", []string{"--max-warnings=0"}, 1, nil, "more than --max-warnings 0"},
		{"--max-warnings -1 lifts the limit", []string{"--max-warnings", "-1"}, 0, map[string]int{"warning": 2}, ""},
		{"errors fail whatever the limit", []string{"--max-warnings", "5", "--rule", "cors-allow-all=error"}, 1, map[string]int{"error": 1, "warning": 2}, ""},
		{"--quiet prints errors only", []string{"--quiet"}, 0, map[string]int{"warning": 0, "information": 0}, ""},
		{"--quiet still counts warnings for --max-warnings", []string{"--quiet", "--max-warnings", "1"}, 1, map[string]int{"warning": 0}, "more than --max-warnings 1"},
		{"--quiet with an error", []string{"--quiet", "--rule", "cors-allow-all=error"}, 1, map[string]int{"error": 1, "warning": 0}, ""},
		{"--rule off", []string{"--rule", "no-sync-fs-in-handler=off"}, 0, map[string]int{"warning": 0, "information": 1}, ""},
		{"--rule hint", []string{"--rule", "no-sync-fs-in-handler=hint"}, 0, map[string]int{"hint": 2, "warning": 0}, ""},
		{"--rule beats --config", []string{"--config", off, "--rule", "cors-allow-all=warning"}, 1, map[string]int{"warning": 1}, ""},
		{"--config alone", []string{"--config", off}, 0, map[string]int{"warning": 0, "information": 0}, ""},
		{"flags after the path", []string{".", "--max-warnings", "2"}, 0, nil, ""},
		{"unknown rule", []string{"--rule", "no-such-rule=error"}, 2, nil, `unknown rule "no-such-rule"`},
		{"unknown level", []string{"--rule", "cors-allow-all=loud"}, 2, nil, `level "loud" is not one of`},
		{"no level", []string{"--rule", "cors-allow-all"}, 2, nil, "want id=level"},
		{"not a number", []string{"--max-warnings", "many"}, 2, nil, "invalid value"},
		{"unknown format", []string{"--format", "xml"}, 2, nil, `unknown format "xml"`},
	}
	t.Chdir(dir)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"check", "--format", "json"}, c.args...)
			if c.name != "flags after the path" {
				args = append(args, ".")
			}
			code, out, stderr := runCLI(t, args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr %s", code, c.code, stderr)
			}
			if !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, c.stderr)
			}
			if c.shown == nil {
				return
			}
			var reports []report
			if err := json.Unmarshal([]byte(out), &reports); err != nil {
				t.Fatalf("json: %v\n%s", err, out)
			}
			for sev, n := range c.shown {
				if got := count(reports, sev); got != n {
					t.Errorf("%d %s findings printed, want %d: %+v", got, sev, n, reports)
				}
			}
		})
	}
}

// The exit-code rule on its own, with counts no project needs to produce.
func TestExitCode(t *testing.T) {
	mk := func(sevs ...string) []report {
		var rs []report
		for _, s := range sevs {
			rs = append(rs, report{Severity: s})
		}
		return rs
	}
	cases := []struct {
		reports []report
		failed  bool
		flags   checkFlags
		want    int
	}{
		{mk(), false, checkFlags{}, 0},
		{mk("information", "hint"), false, checkFlags{}, 0},
		{mk("warning"), false, checkFlags{}, 1},
		{mk("error"), false, checkFlags{limited: true, maxWarnings: -1}, 1},
		{mk("warning", "warning"), false, checkFlags{limited: true, maxWarnings: 2}, 0},
		{mk("warning", "warning", "warning"), false, checkFlags{limited: true, maxWarnings: 2}, 1},
		{mk("warning"), false, checkFlags{limited: true, maxWarnings: -1}, 0},
		{mk("warning"), false, checkFlags{quiet: true}, 0},
		{mk("warning", "warning"), false, checkFlags{quiet: true, limited: true, maxWarnings: 1}, 1},
		{mk(), true, checkFlags{}, 2},
		{mk("error"), true, checkFlags{}, 2},
	}
	for i, c := range cases {
		if got := exitCode(c.reports, c.failed, &c.flags); got != c.want {
			t.Errorf("case %d: exit %d, want %d", i, got, c.want)
		}
	}
}

// --stdin checks the text piped in as the named file: its package.json and
// configuration are looked up from that name's directory, and the file need not exist.
func TestCheckStdin(t *testing.T) {
	handler := "const app = require('express')();\napp.get('/', async (req, res) => res.json(await load()));\n"
	project := writeProject(t, map[string]string{
		"package.json":           `{"dependencies":{"express":"^4.21.2"}}`,
		"strict/.nodecoach.json": `{"rules": {"express-async-missing-next": "error"}}`,
	})
	bare := t.TempDir() // no package.json: the Express version is unknown
	cases := []struct {
		name, stdin string
		args        []string
		code        int
		severity    string // of the express-async-missing-next finding; "" for none
		file        string
		stderr      string
	}{
		{"in the project: Express 4 known", handler, []string{"--stdin-filename", filepath.Join(project, "src", "new.js")}, 1, "warning", filepath.Join(project, "src", "new.js"), ""},
		{"outside any package: version unknown", handler, []string{"--stdin-filename", filepath.Join(bare, "new.js")}, 0, "information", filepath.Join(bare, "new.js"), ""},
		{"the configuration of the name's directory", handler, []string{"--stdin-filename", filepath.Join(project, "strict", "a.ts")}, 1, "error", filepath.Join(project, "strict", "a.ts"), ""},
		{"--rule applies", handler, []string{"--stdin-filename", filepath.Join(project, "new.js"), "--rule", "express-async-missing-next=off"}, 0, "", "", ""},
		{"an excluded name is not checked", handler, []string{"--stdin-filename", filepath.Join(project, "src", "new.test.js")}, 0, "", "", "excluded"},
		{"clean text", "const x = 1;\n", []string{"--stdin-filename", filepath.Join(project, "ok.js")}, 0, "", "", ""},
		{"no file name", handler, nil, 2, "", "", "--stdin needs --stdin-filename"},
		{"a path as well", handler, []string{"--stdin-filename", "a.js", "."}, 2, "", "", "standard input only"},
		{"not JavaScript", handler, []string{"--stdin-filename", "notes.txt"}, 2, "", "", "not a JavaScript or TypeScript file name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, stderr := runStdin(t, c.stdin, append([]string{"check", "--format", "json", "--stdin"}, c.args...)...)
			if code != c.code || !strings.Contains(stderr, c.stderr) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, c.code, stderr, c.stderr)
			}
			if code == 2 {
				return
			}
			var reports []report
			if err := json.Unmarshal([]byte(out), &reports); err != nil {
				t.Fatalf("json: %v\n%s", err, out)
			}
			got := find(reports, "express-async-missing-next")
			if got.Severity != c.severity || (c.severity != "" && (got.File != c.file || got.Line != 2)) {
				t.Errorf("finding %+v, want severity %q in %s line 2", got, c.severity, c.file)
			}
		})
	}
	if code, _, stderr := runCLI(t, "check", "--stdin-filename", "a.js", "."); code != 2 || !strings.Contains(stderr, "--stdin-filename is for --stdin") {
		t.Errorf("--stdin-filename without --stdin: exit %d, %q", code, stderr)
	}
}
