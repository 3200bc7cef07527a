package neovim_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// nativeSnippetFirstLine opens the README's Lua block for Neovim 0.11+ without setup():
// the test runs that block as written, so the README cannot drift from what works.
const nativeSnippetFirstLine = "-- Neovim 0.11+, without setup(): the built-in client starts the server"

// readmeSnippet returns the fenced code block of the README whose first line is first.
func readmeSnippet(t *testing.T, readme, first string) string {
	f, err := os.Open(readme)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var block []string
	inFence, atStart, inSnippet := false, false, false
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := scanner.Text()
		if strings.HasPrefix(line, "```") {
			if inSnippet {
				return strings.Join(block, "\n") + "\n"
			}
			inFence = !inFence
			atStart = inFence
			continue
		}
		if atStart {
			inSnippet, atStart = line == first, false
		}
		if inSnippet {
			block = append(block, line)
		}
	}
	t.Fatalf("%s has no code block starting with %q", readme, first)
	return ""
}

// checkResult asserts what one scenario of e2e.lua must have seen on this editor.
func checkResult(t *testing.T, e editor, s *session, scenario string, r result, want []finding, version string) {
	if r.Error != "" {
		t.Fatalf("e2e.lua failed after steps %v: %s", r.Steps, r.Error)
	}
	if r.Version != e.version {
		t.Errorf("ran Neovim %s, want %s", r.Version, e.version)
	}
	if !r.Setup {
		t.Fatalf("%s: setup failed; notifications %+v", scenario, r.Notifications)
	}
	if r.Filetype != "javascript" {
		t.Errorf("filetype = %q, want javascript", r.Filetype)
	}
	checkDiagnostics(t, r, want)
	checkInline(t, e, scenario, r, want)
	if scenario != "plugin" && scenario != "native" {
		return
	}
	if scenario == "plugin" {
		checkSetupErrors(t, r)
	}
	if root := e.inside(s.project); r.ClientRoot != root {
		t.Errorf("client root = %q, want the package.json directory %q", r.ClientRoot, root)
	}
	if !strings.Contains(r.DiagnosticFloat, hoverRule) {
		t.Errorf("diagnostic float lacks the rule id: %q", r.DiagnosticFloat)
	}
	if !strings.Contains(r.Hover, "Synchronous") {
		t.Errorf("hover lacks the explanation: %q", r.Hover)
	}
	// :NodecoachExplain through the server's command, through the CLI fallback, and by name.
	if !r.ExplainViaCommand {
		t.Errorf("the server does not advertise nodecoach.explain")
	}
	for name, f := range map[string]*floatWin{"explain": r.Explain, "explain fallback": r.ExplainFallback} {
		switch {
		case f == nil:
			t.Errorf("%s: no floating window", name)
		case !strings.Contains(f.Text, title):
			t.Errorf("%s float lacks %q: %q", name, title, f.Text)
		case f.Filetype != "markdown":
			t.Errorf("%s float filetype = %q, want markdown", name, f.Filetype)
		}
	}
	if !strings.Contains(r.ExplainByName, title) {
		t.Errorf("`:NodecoachExplain fs.readFileSync` float lacks %q: %q", title, r.ExplainByName)
	}
	if !strings.Contains(r.Health, "OK") || !strings.Contains(r.Health, version) {
		t.Errorf("checkhealth should report the binary and %q:\n%s", version, r.Health)
	}
	if !strings.Contains(r.Health, "inline diagnostics: virtual_text") {
		t.Errorf("checkhealth should report the inline option in effect:\n%s", r.Health)
	}
}

func checkSetupErrors(t *testing.T, r result) {
	if r.MissingBin {
		t.Errorf("setup with a missing binary should fail")
	}
	if r.InvalidInline {
		t.Errorf("setup with inline = 'sideways' should fail")
	}
	if !notified(r, "setup{ path = ") {
		t.Errorf("setup with a missing binary should say how to fix it, got %+v", r.Notifications)
	}
	if !notified(r, "inline = \"sideways\" is not one of") {
		t.Errorf("setup with an invalid inline option should say which values are valid, got %+v", r.Notifications)
	}
}

func notified(r result, text string) bool {
	for _, n := range r.Notifications {
		if strings.Contains(n.Message, text) {
			return true
		}
	}
	return false
}

// checkDiagnostics: every finding of the CLI arrives on its line, its rule id in the message.
func checkDiagnostics(t *testing.T, r result, want []finding) {
	for _, f := range want {
		found := false
		for _, d := range r.Diagnostics {
			if d.Code == f.Rule && d.Lnum == f.Line-1 {
				found = true
				if !strings.Contains(d.Message, "["+f.Rule+"]") {
					t.Errorf("diagnostic message lacks the rule id: %q", d.Message)
				}
			}
		}
		if !found {
			t.Errorf("no %s diagnostic on line %d; got %+v", f.Rule, f.Line, r.Diagnostics)
		}
	}
}

// checkInline: what shows inline for each finding's line, by scenario and version.
func checkInline(t *testing.T, e editor, scenario string, r result, want []finding) {
	kind := "virt_text"
	switch {
	case scenario == "inline-off":
		kind = ""
	case scenario == "virtual-lines" && e.atLeast(0, 11):
		kind = "virt_lines"
	case scenario == "virtual-lines":
		if !notified(r, "virtual lines need Neovim 0.11") {
			t.Errorf("inline = 'virtual_lines' before 0.11 should say it falls back, got %+v", r.Notifications)
		}
	}
	for _, f := range want {
		var kinds []string
		for _, m := range r.InlineMarks {
			if m.Row == f.Line-1 && strings.Contains(m.Text, f.Rule) {
				kinds = append(kinds, m.Kind)
			}
		}
		got := strings.Join(kinds, ",")
		if got != kind {
			t.Errorf("%s on line %d shows inline as %q, want %q (marks: %+v)", f.Rule, f.Line, got, kind, r.InlineMarks)
		}
	}
	// Another server's diagnostic follows the global configuration: virtual text off in
	// the full scenarios (set so, as 0.11+ has it), each version's default otherwise.
	otherShown := false
	for _, m := range r.InlineMarks {
		otherShown = otherShown || strings.Contains(m.Text, other)
	}
	otherWant := scenario != "plugin" && scenario != "native" && !e.atLeast(0, 11)
	if otherShown != otherWant {
		t.Errorf("another server's diagnostic shown inline = %v, want %v: nodecoach must leave other namespaces alone", otherShown, otherWant)
	}
}
