package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// vulnerableApp has one no-sync-fs-in-handler warning.
const vulnerableApp = "const fs = require('fs');\nrequire('express')().get('/', (req, res) => res.send(fs.readFileSync('a')));\n"

// plants are the hostile files a cloned repository can carry in place of a project
// file: links to devices that never end and a FIFO that never answers.
var plants = map[string]func(path string) error{
	"link to /dev/zero":    func(p string) error { return os.Symlink("/dev/zero", p) },
	"link to /dev/urandom": func(p string) error { return os.Symlink("/dev/urandom", p) },
	"FIFO":                 func(p string) error { return syscall.Mkfifo(p, 0o644) },
}

// checkBinary runs the built binary's check in dir, failing the test (not hanging
// it) when the run does not end. stdin stays open and silent: a run that read it
// would block.
func checkBinary(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, append([]string{"check"}, args...)...)
	cmd.Dir = dir
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdinW.Close()
	defer stdinR.Close()
	cmd.Stdin = stdinR
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("check %q did not end (killed after the deadline); stderr:\n%s", args, errb.String())
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errb.String()
}

// TestCheckSkipsHostileProjectFiles: package.json, .nodecoach.json or .gitignore
// linked to /dev/zero or /dev/urandom once took check to 2 GB in seconds or walked
// forever, and as a FIFO hung it. Now check ends, says which file it skipped and why,
// and still checks the sources.
func TestCheckSkipsHostileProjectFiles(t *testing.T) {
	type tc struct{ file, plant string }
	var cases []tc
	for _, file := range []string{"package.json", ".nodecoach.json", ".gitignore"} {
		for plant := range plants {
			cases = append(cases, tc{file, plant})
		}
	}
	// The server once read its own LSP input through such a link.
	cases = append(cases, tc{".nodecoach.json", "link to /dev/stdin"})
	plant := func(c tc, path string) error {
		if c.plant == "link to /dev/stdin" {
			return os.Symlink("/dev/stdin", path)
		}
		return plants[c.plant](path)
	}
	for _, c := range cases {
		t.Run(c.file+" "+c.plant, func(t *testing.T) {
			dir := writeProject(t, map[string]string{
				".git/HEAD":    "ref: refs/heads/main\n",
				"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
				"src/app.js":   vulnerableApp,
			})
			os.Remove(filepath.Join(dir, c.file))
			if err := plant(c, filepath.Join(dir, c.file)); err != nil {
				t.Skipf("cannot make a %s here: %v", c.plant, err)
			}
			code, stdout, stderr := checkBinary(t, dir, "--format", "json", ".")
			var reports []report
			if err := json.Unmarshal([]byte(stdout), &reports); err != nil {
				t.Fatalf("json output: %v\n%s\nstderr: %s", err, stdout, stderr)
			}
			if code != 1 || rulesOf(reports)["no-sync-fs-in-handler"] != 1 {
				t.Errorf("exit %d, findings %v: the sources must still be checked", code, rulesOf(reports))
			}
			if !strings.Contains(stderr, c.file+": not read: ") {
				t.Errorf("stderr does not say %s was skipped and why:\n%s", c.file, stderr)
			}
		})
	}
}

// TestCheckRefusesASourceLinkedOutOfTheProject: named on the command line, a source
// linked out of the project is not read; the walk of a directory never follows it.
func TestCheckRefusesASourceLinkedOutOfTheProject(t *testing.T) {
	outside := writeProject(t, map[string]string{"secret.js": vulnerableApp})
	dir := writeProject(t, map[string]string{".git/HEAD": "", "src/app.js": "module.exports = 1;\n"})
	if err := os.Symlink(filepath.Join(outside, "secret.js"), filepath.Join(dir, "src", "out.js")); err != nil {
		t.Skipf("symlinks unsupported here: %v", err)
	}
	code, stdout, stderr := checkBinary(t, dir, "--format", "json", "src/out.js")
	if code != 2 || strings.Contains(stdout, "no-sync-fs-in-handler") || !strings.Contains(stderr, "not read: a link to ") {
		t.Errorf("exit %d, stdout %s, stderr %s: want the link refused", code, stdout, stderr)
	}
	if code, stdout, _ := checkBinary(t, dir, "--format", "json", "."); code != 0 || stdout != "[]\n" {
		t.Errorf("walking the project: exit %d, %s", code, stdout)
	}
}

// TestCheckConfigurationStopsAtTheProject: a .nodecoach.json above the project (a
// shared /tmp, say) once applied and could turn every rule off. The project of a
// checked path is the nearest directory holding .git, else the path itself; only
// --config reaches past it.
func TestCheckConfigurationStopsAtTheProject(t *testing.T) {
	above := writeProject(t, map[string]string{
		".nodecoach.json":        `{"rules":{"no-sync-fs-in-handler":"off"}}`,
		"repo/.git/HEAD":         "",
		"repo/package.json":      `{"dependencies":{"express":"^4.21.2"}}`,
		"repo/src/app.js":        vulnerableApp,
		"loose/package.json":     `{"dependencies":{"express":"^4.21.2"}}`,
		"loose/app.js":           vulnerableApp,
		"inner/.git/HEAD":        "",
		"inner/.nodecoach.json":  `{"rules":{"no-sync-fs-in-handler":"off"}}`,
		"inner/pkg/package.json": `{"dependencies":{"express":"^4.21.2"}}`,
		"inner/pkg/src/app.js":   vulnerableApp,
	})
	for _, tc := range []struct {
		args []string
		want int
		why  string
	}{
		{[]string{"repo"}, 1, "the file above the repository does not apply"},
		{[]string{"repo/src"}, 1, "nor when a directory inside the repository is checked"},
		{[]string{"loose"}, 1, "outside any repository, the checked directory is the project"},
		{[]string{"--config", ".nodecoach.json", "repo"}, 0, "--config applies from anywhere"},
		{[]string{"inner/pkg/src"}, 0, "the file at the repository root applies to a directory checked inside it"},
	} {
		_, reports := checkJSONIn(t, above, tc.args...)
		if n := rulesOf(reports)["no-sync-fs-in-handler"]; n != tc.want {
			t.Errorf("check %q: %d findings, want %d: %s", tc.args, n, tc.want, tc.why)
		}
	}
}

// checkJSONIn runs the built binary's check --format json in dir.
func checkJSONIn(t *testing.T, dir string, args ...string) (int, []report) {
	t.Helper()
	code, stdout, stderr := checkBinary(t, dir, append([]string{"--format", "json"}, args...)...)
	var reports []report
	if err := json.Unmarshal([]byte(stdout), &reports); err != nil {
		t.Fatalf("json output: %v\n%s\nstderr: %s", err, stdout, stderr)
	}
	return code, reports
}
