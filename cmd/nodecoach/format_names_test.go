package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTerminalText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"src/app.js", "src/app.js"},
		{"café 😀/ünïcode.ts", "café 😀/ünïcode.ts"},
		{"a\nb\r\tc", `a\nb\r\tc`},
		{"\x1b[31mred\x1b]0;title\x07", `\x1b[31mred\x1b]0;title\x07`},
		{"del\x7f nul\x00", `del\x7f nul\x00`},
		{"caf\xe9 \x9b31m", `caf\xe9 \x9b31m`},         // bytes that are not UTF-8
		{"c1 \u009b31m", `c1 \u009b31m`},               // a C1 control, as UTF-8
		{"admin\u202e.js.txt", `admin\u202e.js.txt`},   // a right-to-left override
		{`C:\Users\dev\app.js`, `C:\Users\dev\app.js`}, // backslashes stay: Windows paths
	}
	for _, c := range cases {
		if got := terminalText(c.in); got != c.want {
			t.Errorf("terminalText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// hostileNames are file names a cloned repository can carry: one with a line break and
// a terminal escape, one in Latin-1 (not UTF-8). Each file holds one finding.
var hostileNames = []string{"evil\n\x1b[31mred.js", "caf\xe9.js"}

func writeHostileProject(t *testing.T) {
	t.Helper()
	files := map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`}
	for _, name := range hostileNames {
		files[name] = "const fs = require('fs');\nrequire('express')().get('/', (req, res) => res.send(fs.readFileSync('a')));\n"
	}
	dir := writeProject(t, files)
	for _, name := range hostileNames {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Skipf("this file system refuses the name %q: %v", name, err)
		}
	}
	t.Chdir(dir)
}

// Text output shows hostile names escaped, never as raw control characters; JSON keeps
// every name exactly (fileBytes for the one that is not UTF-8); SARIF percent-encodes
// them; GitHub commands stay one per line.
func TestHostileFileNamesInEveryFormat(t *testing.T) {
	writeHostileProject(t)

	_, text, _ := runCLI(t, "check", "--format", "text", ".")
	if strings.ContainsAny(text, "\x1b\xe9") {
		t.Errorf("raw control or non-UTF-8 bytes reached the terminal:\n%q", text)
	}
	for _, want := range []string{`evil\n\x1b[31mred.js`, `caf\xe9.js`} {
		if !strings.Contains(text, "\n"+want+"\n") && !strings.HasPrefix(text, want+"\n") {
			t.Errorf("text output has no header line %s:\n%s", want, text)
		}
	}

	_, out, stderr := runCLI(t, "check", "--format", "json", ".")
	var reports []struct {
		File      string `json:"file"`
		FileBytes []byte `json:"fileBytes"`
	}
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, stderr)
	}
	names := map[string]bool{}
	for _, r := range reports {
		name := r.File
		if r.FileBytes != nil {
			if !strings.ContainsRune(r.File, '\uFFFD') {
				t.Errorf("fileBytes for %q, a name JSON holds as it is", r.File)
			}
			name = string(r.FileBytes)
		}
		names[filepath.Base(name)] = true
	}
	for _, name := range hostileNames {
		if !names[name] {
			t.Errorf("JSON lost the name %q: got %v", name, names)
		}
	}

	_, sarif, _ := runCLI(t, "check", "--format", "sarif", ".")
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(sarif), &log); err != nil {
		t.Fatal(err)
	}
	uris := map[string]bool{}
	for _, r := range log.Runs[0].Results {
		u := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		path, err := url.PathUnescape(u)
		if err != nil || strings.ContainsAny(u, "\n\x1b\xe9") {
			t.Errorf("SARIF uri %q is not percent-encoded (%v)", u, err)
		}
		uris[path] = true
	}
	for _, name := range hostileNames {
		if !uris[name] {
			t.Errorf("SARIF lost the name %q: got %v", name, uris)
		}
	}

	_, github, _ := runCLI(t, "check", "--format", "github", ".")
	lines := strings.Split(strings.TrimSuffix(github, "\n"), "\n")
	if len(lines) != len(reports) {
		t.Errorf("%d workflow command lines for %d findings:\n%s", len(lines), len(reports), github)
	}
	for _, line := range lines {
		if !strings.HasPrefix(line, "::") {
			t.Errorf("a line that is not a workflow command: %q", line)
		}
	}
}
