// Package neovim_test runs the Neovim plugin in real headless Neovims (the host's, and
// the Debian chroots of `make test-neovim`) against the real nodecoach binary:
// diagnostics, inline virtual text, hover, :NodecoachExplain and :checkhealth.
package neovim_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// result is what test/e2e.lua writes.
type result struct {
	Steps         []string `json:"steps"`
	Error         string   `json:"error"`
	Version       string   `json:"version"`
	Setup         bool     `json:"setup"`
	MissingBin    bool     `json:"missing_binary_setup"`
	InvalidInline bool     `json:"invalid_inline_setup"`
	Filetype      string   `json:"filetype"`
	ClientRoot    string   `json:"client_root"`
	Diagnostics   []struct {
		Lnum    int    `json:"lnum"`
		Col     int    `json:"col"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"diagnostics"`
	InlineMarks []struct {
		Row  int    `json:"row"`
		Kind string `json:"kind"` // virt_text or virt_lines
		Text string `json:"text"`
	} `json:"inline_marks"`
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

// finding is one entry of `nodecoach check --format json` (1-based line and column).
type finding struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Rule   string `json:"rule"`
}

const (
	sample    = "src/routes/reports.js"
	hoverRule = "no-sync-fs-in-handler"           // the finding hovered and explained
	title     = "Synchronous vs asynchronous I/O" // the entry behind it and fs.readFileSync
	other     = "a finding of another server"     // e2e.lua's diagnostic in its own namespace
)

func TestNeovim(t *testing.T) {
	editors := findEditors(t)
	// `make test-neovim` names the versions that must run (e.g. "0.7 0.10 0.12"), so a
	// missing chroot fails there instead of being skipped.
	required := strings.Fields(os.Getenv("NODECOACH_NEOVIM_VERSIONS"))
	if len(editors) == 0 && len(required) == 0 {
		t.Skip("no Neovim found: install neovim (or run `make test-neovim`) to run the Neovim integration test")
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
	want := expectedFindings(t, bin)
	native := readmeSnippet(t, "../../README.md", nativeSnippetFirstLine)

	ran := map[string]bool{}
	for _, e := range editors {
		t.Run("nvim-"+e.version, func(t *testing.T) {
			s := newSession(t, e, bin, native)
			for _, scenario := range []string{"plugin", "native", "inline-off", "virtual-lines"} {
				if scenario == "native" && !e.atLeast(0, 11) {
					continue // vim.lsp.config and vim.lsp.enable are 0.11+
				}
				t.Run(scenario, func(t *testing.T) {
					r := s.run(t, scenario, want)
					checkResult(t, e, s, scenario, r, want, strings.TrimSpace(string(version)))
				})
			}
		})
		ran[minorVersion(e.version)] = true
	}
	for _, v := range required {
		if !ran[v] {
			t.Errorf("Neovim %s did not run (found %d editors); `make test-neovim` installs it", v, len(editors))
		}
	}
}

func minorVersion(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

// expectedFindings is what the CLI finds in the sample file: the editor must show the
// same findings on the same lines.
func expectedFindings(t *testing.T, bin string) []finding {
	out, err := exec.Command(bin, "check", "--format", "json", "../../testdata/express-js").Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) { // 1: warnings found
		t.Fatalf("nodecoach check: %v", err)
	}
	var all, want []finding
	if err := json.Unmarshal(out, &all); err != nil {
		t.Fatalf("nodecoach check JSON: %v\n%s", err, out)
	}
	hovered := false
	for _, f := range all {
		if strings.HasSuffix(filepath.ToSlash(f.File), sample) {
			want = append(want, f)
			hovered = hovered || f.Rule == hoverRule
		}
	}
	if len(want) < 2 || !hovered {
		t.Fatalf("the sample %s should have at least two findings, one of them %s; got %+v", sample, hoverRule, want)
	}
	return want
}

// session is one editor's copy of what the test needs: the binary, the plugin, the
// sample project and the README's native configuration.
type session struct {
	editor  editor
	work    string // host path
	bin     string // host path of the copied binary
	plugin  string
	project string
	config  string
}

func newSession(t *testing.T, e editor, bin, native string) *session {
	s := &session{editor: e, work: e.workDir(t)}
	s.bin = filepath.Join(s.work, "bin", "nodecoach")
	s.plugin = filepath.Join(s.work, "plugin")
	s.project = filepath.Join(s.work, "express-js")
	s.config = filepath.Join(s.work, "config.lua")
	raw, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.MkdirAll(filepath.Dir(s.bin), 0o755))
	must(t, os.WriteFile(s.bin, raw, 0o755))
	for _, dir := range []string{"lua", "plugin", "test"} {
		must(t, os.CopyFS(filepath.Join(s.plugin, dir), os.DirFS(dir)))
	}
	must(t, os.CopyFS(s.project, os.DirFS("../../testdata/express-js")))
	must(t, os.WriteFile(s.config, []byte(native), 0o644))
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// run starts the editor on e2e.lua in one scenario and returns what the script saw.
func (s *session) run(t *testing.T, scenario string, want []finding) result {
	e := s.editor
	state := filepath.Join(s.work, "state-"+scenario)
	out := filepath.Join(state, "result.json")
	path := "/usr/bin:/bin"
	if e.root == "" {
		path = os.Getenv("PATH")
	}
	row, col := hoverPlace(want)
	env := []string{
		"PATH=" + e.inside(filepath.Dir(s.bin)) + string(os.PathListSeparator) + path, // the README's cmd is a bare `nodecoach`
		"HOME=" + e.inside(filepath.Join(state, "home")),
		"NODECOACH_SCENARIO=" + scenario,
		"NODECOACH_PLUGIN_DIR=" + e.inside(s.plugin),
		"NODECOACH_BIN=" + e.inside(s.bin),
		"NODECOACH_PROJECT=" + e.inside(s.project),
		"NODECOACH_CONFIG=" + e.inside(s.config),
		"NODECOACH_OUT=" + e.inside(out),
		"NODECOACH_ROW=" + row,
		"NODECOACH_COL=" + col,
	}
	// The editor's own state, logs and config go to this scenario's directory.
	for _, xdg := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"} {
		dir := filepath.Join(state, strings.ToLower(strings.TrimPrefix(xdg, "XDG_")))
		must(t, os.MkdirAll(dir, 0o700))
		env = append(env, xdg+"="+e.inside(dir))
	}
	must(t, os.MkdirAll(filepath.Join(state, "home"), 0o755))

	// Generous: a run takes a few seconds; the script's own waits are 20 s at most.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	script := e.inside(filepath.Join(s.plugin, "test", "e2e.lua"))
	cmd := e.command(ctx, e.inside(s.project), env, "--headless", "--clean", "-c", "luafile "+script)
	output, runErr := cmd.CombinedOutput()
	raw, readErr := os.ReadFile(out)
	if runErr != nil || readErr != nil {
		t.Fatalf("%s: %v (result file: %v)\n--- nvim output ---\n%s\n--- result ---\n%s", e.describe(), runErr, readErr, output, raw)
	}
	var r result
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("result JSON: %v\n%s", err, raw)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("nvim output:\n%s\nresult:\n%s", output, raw)
		}
	})
	return r
}

// hoverPlace is the 0-based place of the hovered finding, as e2e.lua takes it.
func hoverPlace(want []finding) (row, col string) {
	for _, f := range want {
		if f.Rule == hoverRule {
			return strconv.Itoa(f.Line - 1), strconv.Itoa(f.Column - 1)
		}
	}
	return "0", "0"
}
