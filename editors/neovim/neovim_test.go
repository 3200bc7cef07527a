// Package neovim_test runs the Neovim plugin in a real headless Neovim against the
// real nodecoach binary: diagnostics, hover, :NodecoachExplain and :checkhealth.
package neovim_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// result is what test/e2e.lua writes.
type result struct {
	Steps       []string `json:"steps"`
	Error       string   `json:"error"`
	Setup       bool     `json:"setup"`
	MissingBin  bool     `json:"missing_binary_setup"`
	Filetype    string   `json:"filetype"`
	ClientRoot  string   `json:"client_root"`
	Diagnostics []struct {
		Lnum    int    `json:"lnum"`
		Col     int    `json:"col"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"diagnostics"`
	DiagnosticFloat   string    `json:"diagnostic_float"`
	Hover             string    `json:"hover"`
	ExplainViaCommand bool      `json:"explain_via_command"`
	Explain           *floatWin `json:"explain"`
	ExplainFallback   *floatWin `json:"explain_fallback"`
	ExplainByName     string    `json:"explain_by_name"`
	Health            string    `json:"health"`
	Notifications     []struct {
		Message string `json:"message"`
		Level   int    `json:"level"`
	} `json:"notifications"`
}

type floatWin struct {
	Text     string `json:"text"`
	Filetype string `json:"filetype"`
}

const (
	rule  = "no-sync-fs-in-handler"
	title = "Synchronous vs asynchronous I/O" // the entry behind the rule and fs.readFileSync
)

func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not found: install neovim to run the Neovim integration test")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "nodecoach")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/nodecoach").CombinedOutput(); err != nil {
		t.Fatalf("building nodecoach: %v\n%s", err, out)
	}
	version, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("nodecoach version: %v", err)
	}

	project := filepath.Join(tmp, "express-js")
	if err := os.CopyFS(project, os.DirFS("../../testdata/express-js")); err != nil {
		t.Fatal(err)
	}
	pluginDir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	outFile := filepath.Join(tmp, "result.json")

	// Generous: a full run takes well under 5 s; the script's own waits are 20 s at most.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", "NONE",
		"-c", "luafile "+filepath.Join(pluginDir, "test", "e2e.lua"))
	cmd.Dir = project
	cmd.Env = append(os.Environ(),
		"NODECOACH_PLUGIN_DIR="+pluginDir,
		"NODECOACH_BIN="+bin,
		"NODECOACH_PROJECT="+project,
		"NODECOACH_OUT="+outFile,
	)
	// Keep the user's Neovim state, logs and config out of it.
	for _, xdg := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		dir := filepath.Join(tmp, "xdg", strings.ToLower(strings.TrimPrefix(xdg, "XDG_")))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd.Env = append(cmd.Env, xdg+"="+dir)
	}
	output, runErr := cmd.CombinedOutput()
	raw, readErr := os.ReadFile(outFile)
	if runErr != nil || readErr != nil {
		t.Fatalf("nvim: %v (result file: %v)\n--- nvim output ---\n%s\n--- result ---\n%s", runErr, readErr, output, raw)
	}
	var r result
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("result JSON: %v\n%s", err, raw)
	}
	failed := false
	check := func(ok bool, format string, args ...any) {
		if !ok {
			failed = true
			t.Errorf(format, args...)
		}
	}
	defer func() {
		if failed {
			t.Logf("nvim output:\n%s\nresult:\n%s", output, raw)
		}
	}()

	check(r.Error == "", "e2e.lua failed after steps %v: %s", r.Steps, r.Error)
	check(!r.MissingBin, "setup with a missing binary should fail")
	check(len(r.Notifications) > 0 && strings.Contains(r.Notifications[0].Message, "setup{ path = "),
		"setup with a missing binary should say how to fix it, got %+v", r.Notifications)
	check(r.Setup, "setup with the built binary failed")
	check(r.Filetype == "javascript", "filetype = %q, want javascript", r.Filetype)
	check(r.ClientRoot == project, "client root = %q, want the package.json directory %q", r.ClientRoot, project)

	// Diagnostics: the rule on line 10 (0-based 9), its id visible in the message and the float.
	found := false
	for _, d := range r.Diagnostics {
		if d.Code == rule && d.Lnum == 9 {
			found = true
			check(strings.Contains(d.Message, "["+rule+"]"), "diagnostic message lacks the rule id: %q", d.Message)
		}
	}
	check(found, "no %s diagnostic on line 10; got %+v", rule, r.Diagnostics)
	check(strings.Contains(r.DiagnosticFloat, rule), "diagnostic float lacks the rule id: %q", r.DiagnosticFloat)

	check(strings.Contains(r.Hover, "Synchronous"), "hover lacks the explanation: %q", r.Hover)

	// :NodecoachExplain through the server's command, through the CLI fallback, and by name.
	check(r.ExplainViaCommand, "the server does not advertise nodecoach.explain")
	for name, f := range map[string]*floatWin{"explain": r.Explain, "explain fallback": r.ExplainFallback} {
		if f == nil {
			check(false, "%s: no floating window", name)
			continue
		}
		check(strings.Contains(f.Text, title), "%s float lacks %q: %q", name, title, f.Text)
		check(f.Filetype == "markdown", "%s float filetype = %q, want markdown", name, f.Filetype)
	}
	check(strings.Contains(r.ExplainByName, title), "`:NodecoachExplain fs.readFileSync` float lacks %q: %q", title, r.ExplainByName)

	check(strings.Contains(r.Health, "OK") && strings.Contains(r.Health, strings.TrimSpace(string(version))),
		"checkhealth should report the binary and %q:\n%s", strings.TrimSpace(string(version)), r.Health)
}
