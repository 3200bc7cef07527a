package main

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// fixture is an Express 4 project with two warnings (sync reads in handlers, lines 4
// and 5) and one information (cors() on line 6).
var fixture = map[string]string{
	"package.json": `{"dependencies":{"express":"^4.21.2","cors":"^2.8.5"}}`,
	"src/app.js": "const fs = require('fs');\n" +
		"const cors = require('cors');\n" +
		"const app = require('express')();\n" +
		"app.get('/a', (req, res) => res.send(fs.readFileSync('a')));\n" +
		"app.get('/b', (req, res) => res.send(fs.readFileSync('b')));\n" +
		"app.use(cors());\n",
}

// Each format, run from the project root as CI does, on the same project.
func TestCheckFormats(t *testing.T) {
	schema := sarifSchema(t) // before the test leaves the package directory
	t.Chdir(writeProject(t, fixture))
	cases := []struct {
		format string
		check  func(t *testing.T, out string)
	}{{
		format: "text",
		check: func(t *testing.T, out string) {
			// Grouped under the file; line:column, severity, message and rule aligned.
			for _, re := range []string{
				`(?m)^src/app\.js\n  4:38  warning {6}fs\.readFileSync .*  no-sync-fs-in-handler$`,
				`(?m)^  5:38  warning {6}\S.*  no-sync-fs-in-handler$`,
				`(?m)^  6:9   information  .*  cors-allow-all$`,
				`(?m)^\d+ findings \(0 errors, 2 warnings, \d+ information, 0 hints\)$`,
			} {
				if !regexp.MustCompile(re).MatchString(out) {
					t.Errorf("text output does not match %s:\n%s", re, out)
				}
			}
			if strings.Contains(out, "\x1b[") {
				t.Errorf("colour escapes in output that is not a terminal:\n%q", out)
			}
		},
	}, {
		format: "json",
		check: func(t *testing.T, out string) {
			var reports []report
			if err := json.Unmarshal([]byte(out), &reports); err != nil {
				t.Fatal(err)
			}
			want := report{File: "src/app.js", Line: 4, Column: 38, EndLine: 4, EndColumn: 53, Rule: "no-sync-fs-in-handler", Severity: "warning"}
			got := find(reports, "no-sync-fs-in-handler")
			got.Message = ""
			if !reflect.DeepEqual(got, want) {
				t.Errorf("first sync finding %+v, want %+v", got, want)
			}
			// The field names are the contract scripts rely on.
			for _, field := range []string{`"file"`, `"line"`, `"column"`, `"endLine"`, `"endColumn"`, `"rule"`, `"severity"`, `"message"`} {
				if !strings.Contains(out, field) {
					t.Errorf("json output lacks %s", field)
				}
			}
		},
	}, {
		format: "sarif",
		check: func(t *testing.T, out string) {
			validateSARIF(t, schema, out)
			log := decodeSARIF(t, out)
			r := log.result(t, "no-sync-fs-in-handler")
			loc := r.Locations[0].PhysicalLocation
			if r.Level != "warning" || loc.ArtifactLocation.URI != "src/app.js" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
				loc.Region != (region{StartLine: 4, StartColumn: 38, EndLine: 4, EndColumn: 53}) || r.Message.Text == "" {
				t.Errorf("sync result %+v", r)
			}
			if c := log.result(t, "cors-allow-all"); c.Level != "note" {
				t.Errorf("information must be a note, got %q", c.Level)
			}
		},
	}, {
		format: "github",
		check: func(t *testing.T, out string) {
			for _, want := range []string{
				"::warning file=src/app.js,line=4,col=38,endLine=4,endColumn=53,title=no-sync-fs-in-handler::fs.readFileSync ",
				"::warning file=src/app.js,line=5,col=38,endLine=5,endColumn=53,title=no-sync-fs-in-handler::",
				"::notice file=src/app.js,line=6,col=9,endLine=6,endColumn=15,title=cors-allow-all::",
			} {
				if !strings.Contains(out, "\n"+want) && !strings.HasPrefix(out, want) {
					t.Errorf("github output lacks a line starting %q:\n%s", want, out)
				}
			}
			for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if !strings.HasPrefix(line, "::") {
					t.Errorf("not a workflow command: %q", line)
				}
			}
		},
	}}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			code, out, stderr := runCLI(t, "check", "--format", c.format, ".")
			if code != 1 {
				t.Errorf("exit %d, want 1 (two warnings); stderr %s", code, stderr)
			}
			c.check(t, out)
		})
	}
}

func find(reports []report, rule string) report {
	for _, r := range reports {
		if r.Rule == rule {
			return r
		}
	}
	return report{}
}

func TestTextColour(t *testing.T) {
	reports := []report{
		{File: "a.js", Line: 1, Column: 1, EndLine: 1, EndColumn: 2, Rule: "r1", Severity: "error", Message: "bad"},
		{File: "a.js", Line: 12, Column: 3, EndLine: 12, EndColumn: 4, Rule: "r2", Severity: "warning", Message: "meh"},
	}
	var plain, coloured bytes.Buffer
	printText(&plain, reports, output{})
	printText(&coloured, reports, output{color: true})
	if strings.Contains(plain.String(), "\x1b") {
		t.Errorf("plain output has escapes: %q", plain.String())
	}
	for _, want := range []string{ansiRed + "error  " + ansiReset, ansiYellow + "warning" + ansiReset, ansiUnderline + "a.js" + ansiReset, ansiDim + "r1" + ansiReset, ansiBold + ansiRed + "2 findings"} {
		if !strings.Contains(coloured.String(), want) {
			t.Errorf("coloured output lacks %q:\n%q", want, coloured.String())
		}
	}
	// Stripped of colour, both are the same aligned table: line right-aligned.
	strip := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(coloured.String(), "")
	if strip != plain.String() || !strings.Contains(plain.String(), "\n   1:1  error    bad  r1\n  12:3  warning  meh  r2\n") {
		t.Errorf("alignment:\n%s\nvs\n%s", plain.String(), strip)
	}
}

func TestColourPolicy(t *testing.T) {
	cases := []struct {
		tty           bool
		noColor, term string
		want          bool
	}{
		{tty: true, term: "xterm-256color", want: true},
		{tty: false, term: "xterm-256color", want: false},
		{tty: true, noColor: "1", term: "xterm", want: false},
		{tty: true, term: "dumb", want: false},
	}
	for _, c := range cases {
		t.Setenv("NO_COLOR", c.noColor)
		t.Setenv("TERM", c.term)
		if got := colorAllowed(c.tty); got != c.want {
			t.Errorf("tty %v NO_COLOR %q TERM %q: colour %v, want %v", c.tty, c.noColor, c.term, got, c.want)
		}
	}
	// A buffer is never a terminal.
	if useColor(&bytes.Buffer{}) {
		t.Error("colour to a buffer")
	}
}

func TestRelativePaths(t *testing.T) {
	cases := []struct {
		file, cwd string
		rel       string
		inside    bool
		uri       string
	}{
		{"src/app.js", "/repo", "src/app.js", true, "src/app.js"},
		{"/repo/src/app.js", "/repo", "src/app.js", true, "src/app.js"},
		{"./src/../lib/a.js", "/repo", "lib/a.js", true, "lib/a.js"},
		{"src/my app%.js", "/repo", "src/my app%.js", true, "src/my%20app%25.js"},
		{"a:b.js", "/repo", "a:b.js", true, "./a:b.js"},
		{"../other/x.js", "/repo", "/other/x.js", false, "file:///other/x.js"},
		{"/elsewhere/y.ts", "/repo", "/elsewhere/y.ts", false, "file:///elsewhere/y.ts"},
	}
	for _, c := range cases {
		rel, inside := relPath(c.file, c.cwd)
		if rel != c.rel || inside != c.inside {
			t.Errorf("relPath(%q, %q) = %q %v, want %q %v", c.file, c.cwd, rel, inside, c.rel, c.inside)
		}
		if uri := fileURI(rel, inside); uri != c.uri {
			t.Errorf("fileURI(%q) = %q, want %q", rel, uri, c.uri)
		}
	}
}
