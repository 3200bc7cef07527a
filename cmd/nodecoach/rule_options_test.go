package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// `rules --options` lists each option every rule declares: its name, type, default
// and values, and what it does.
func TestRulesListsOptions(t *testing.T) {
	code, out, stderr := runCLI(t, "rules", "--options")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	listed := 0
	for _, r := range rules.All() {
		if len(r.Options) == 0 {
			if strings.Contains(out, r.Name+"\n") {
				t.Errorf("%s takes no options but is listed", r.Name)
			}
			continue
		}
		_, block, ok := strings.Cut(out, r.Name+"\n")
		if !ok {
			t.Errorf("%s's options are not listed", r.Name)
			continue
		}
		for _, o := range r.Options {
			for _, want := range []string{o.Name, string(o.Type), "default " + explain.OptionDefault(o), "values: " + o.AllowedText(), o.Doc} {
				if !strings.Contains(block, want) {
					t.Errorf("%s.%s: the listing lacks %q", r.Name, o.Name, want)
				}
			}
			listed++
		}
	}
	if listed == 0 {
		t.Error("no rule declares an option: asyncContext belongs to no-sync-fs-in-handler")
	}
}

// The rule's option set per rule in .nodecoach.json changes what check reports; the
// former top-level key still does, with a note; a wrong option is a configuration
// error naming the rule, the option and its values.
func TestCheckRuleOption(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"package.json": `{"name": "app", "dependencies": {"express": "^4.19.0"}}`,
		"src/load.js": `const fs = require('fs');
async function load() { return fs.readFileSync('c'); }
module.exports = { load };
`,
	})
	hints := func(config string) (int, string) {
		t.Helper()
		cfg := filepath.Join(dir, ".nodecoach.json")
		os.Remove(cfg)
		if config != "" {
			if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		code, out, stderr := runCLI(t, "check", "--format", "json", dir)
		if code == 2 {
			t.Fatalf("exit 2: %s", stderr)
		}
		n := strings.Count(out, `"rule": "no-sync-fs-in-handler"`) + strings.Count(out, `"rule":"no-sync-fs-in-handler"`)
		return n, stderr
	}
	if n, _ := hints(""); n != 0 {
		t.Errorf("by default: %d findings in an async function off the request path, want 0", n)
	}
	if n, stderr := hints(`{"rules": {"no-sync-fs-in-handler": ["warning", {"asyncContext": "hint"}]}}`); n != 1 || strings.Contains(stderr, "deprecated") {
		t.Errorf("asyncContext hint set on the rule: %d findings, want 1; stderr %q", n, stderr)
	}
	if n, _ := hints(`{"rules": {"no-sync-fs-in-handler": ["warning", {"asyncContext": "off"}]}}`); n != 0 {
		t.Errorf("asyncContext off set on the rule: %d findings, want 0", n)
	}
	if n, stderr := hints(`{"asyncContext": "hint"}`); n != 1 || !strings.Contains(stderr, `"asyncContext" at the top level is deprecated`) {
		t.Errorf("the top-level key: %d findings, want 1, and a note; stderr %q", n, stderr)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	for config, want := range map[string]string{
		`{"rules": {"no-sync-fs-in-handler": ["warning", {"asyncContext": "always"}]}}`: `rule "no-sync-fs-in-handler": option "asyncContext": "always" is not one of off, hint`,
		`{"rules": {"no-sync-fs-in-handler": ["warning", {"context": "hint"}]}}`:        `rule "no-sync-fs-in-handler": unknown option "context" (it takes asyncContext)`,
		`{"rules": {"cors-allow-all": ["warning", {"asyncContext": "hint"}]}}`:          `rule "cors-allow-all": unknown option "asyncContext" (the rule takes no options)`,
	} {
		os.WriteFile(bad, []byte(config), 0o644)
		if code, _, stderr := runCLI(t, "check", "--config", bad, dir); code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", config, code, stderr, want)
		}
	}
}

// The README's configuration example is a valid configuration, per-rule options
// included.
func TestReadmeConfigurationExampleParses(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "\n## Configuration\n")
	_, block, ok2 := strings.Cut(after, "```json\n")
	example, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("the README's Configuration section has no JSON example")
	}
	c, err := config.Parse([]byte(example), rules.Known())
	if err != nil {
		t.Fatalf("the README's example: %v", err)
	}
	if len(c.RuleOptions) == 0 {
		t.Error("the README's example sets no rule's options")
	}
}
