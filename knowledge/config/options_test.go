package config

import (
	"slices"
	"strings"
	"testing"
)

// Per-rule options in ESLint's shape: a level, or [level, {options}], each option
// checked against the rule's declaration, with the rule, the option and the allowed
// values named in the message.
func TestRuleOptions(t *testing.T) {
	typed := Known{
		"no-sync-fs-in-handler": {{Name: "asyncContext", Type: Enum, Default: "off", Allowed: []string{"off", "hint"}}},
		"cors-allow-all": {
			{Name: "strict", Type: Bool, Default: false},
			{Name: "maxAge", Type: Number, Default: 0.0},
			{Name: "origins", Type: StringList},
		},
	}
	cases := []struct {
		name, json string
		err        string // a substring of the expected error, "" for valid
		want       map[string]map[string]any
	}{
		{"level only", `{"rules": {"cors-allow-all": "error"}}`, "", nil},
		{"level and options", `{"rules": {"no-sync-fs-in-handler": ["warning", {"asyncContext": "hint"}]}}`, "",
			map[string]map[string]any{"no-sync-fs-in-handler": {"asyncContext": "hint"}}},
		{"level in an array", `{"rules": {"cors-allow-all": ["off"]}}`, "", nil},
		{"every type", `{"rules": {"cors-allow-all": ["hint", {"strict": true, "maxAge": 3, "origins": ["a", "b"]}]}}`, "",
			map[string]map[string]any{"cors-allow-all": {"strict": true, "maxAge": 3.0, "origins": []string{"a", "b"}}}},
		{"unknown option", `{"rules": {"no-sync-fs-in-handler": ["warning", {"asyncContex": "hint"}]}}`,
			`rule "no-sync-fs-in-handler": unknown option "asyncContex" (it takes asyncContext)`, nil},
		{"bad enum value", `{"rules": {"no-sync-fs-in-handler": ["warning", {"asyncContext": "warning"}]}}`,
			`rule "no-sync-fs-in-handler": option "asyncContext": "warning" is not one of off, hint`, nil},
		{"bad bool", `{"rules": {"cors-allow-all": ["hint", {"strict": "yes"}]}}`, `option "strict": "yes" is not true or false`, nil},
		{"bad list", `{"rules": {"cors-allow-all": ["hint", {"origins": ["a", 1]}]}}`, `option "origins": ["a",1] is not a list of strings`, nil},
		{"options of a rule without any", `{"rules": {"unknown-free": ["hint", {"x": 1}]}}`, `unknown rule "unknown-free"`, nil},
		{"bad level in an array", `{"rules": {"cors-allow-all": ["loud", {}]}}`, `level "loud"`, nil},
		{"options not an object", `{"rules": {"cors-allow-all": ["hint", 3]}}`, `rule "cors-allow-all": the options after the level must be an object`, nil},
		{"too long an array", `{"rules": {"cors-allow-all": ["hint", {}, {}]}}`, `rule "cors-allow-all" must be a level or [level, {options}]`, nil},
		{"legacy key", `{"asyncContext": "hint"}`, "", map[string]map[string]any{"no-sync-fs-in-handler": {"asyncContext": "hint"}}},
		{"the rule's place wins over the legacy key", `{"asyncContext": "hint", "rules": {"no-sync-fs-in-handler": ["warning", {"asyncContext": "off"}]}}`, "",
			map[string]map[string]any{"no-sync-fs-in-handler": {"asyncContext": "off"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse([]byte(tc.json), typed)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want it to mention %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for id, opts := range tc.want {
				for name, v := range opts {
					got := c.RuleOptions[id][name]
					if list, ok := v.([]string); ok {
						if gl, _ := got.([]string); !slices.Equal(gl, list) {
							t.Errorf("%s.%s = %#v, want %#v", id, name, got, v)
						}
					} else if got != v {
						t.Errorf("%s.%s = %#v, want %#v", id, name, got, v)
					}
				}
			}
		})
	}
}

// The top-level asyncContext still works, with a note saying where it belongs now;
// the editor's setting of the same name is its own and carries none.
func TestLegacyKeyNote(t *testing.T) {
	c, err := Parse([]byte(`{"asyncContext": "hint"}`), known)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Notes) != 1 || !strings.Contains(c.Notes[0], `"asyncContext" at the top level is deprecated`) || !strings.Contains(c.Notes[0], `"no-sync-fs-in-handler"`) {
		t.Errorf("notes %q", c.Notes)
	}
	s, err := ParseSettings([]byte(`{"asyncContext": "hint"}`), known)
	if err != nil || s.RuleOptions["no-sync-fs-in-handler"]["asyncContext"] != "hint" || len(s.Notes) != 0 {
		t.Errorf("settings %+v, %v", s, err)
	}
	if _, err := ParseSettings([]byte(`{"asyncContext": "loud"}`), known); err == nil || !strings.Contains(err.Error(), "off, hint") {
		t.Errorf("a bad editor setting: %v", err)
	}
}

// The editor's options win over the file's, option by option.
func TestMergeRuleOptions(t *testing.T) {
	file := &Config{RuleOptions: map[string]map[string]any{"r": {"a": "x", "b": true}}}
	editor := &Config{RuleOptions: map[string]map[string]any{"r": {"a": "y"}}}
	m := Merge(file, editor)
	if m.RuleOptions["r"]["a"] != "y" || m.RuleOptions["r"]["b"] != true {
		t.Errorf("merged %v", m.RuleOptions)
	}
	if file.RuleOptions["r"]["a"] != "x" {
		t.Error("merging changed the file's configuration")
	}
}

// "default" as a rule's level sets its options and leaves its severities alone.
func TestDefaultLevelSetsOnlyOptions(t *testing.T) {
	c, err := Parse([]byte(`{"rules": {"no-sync-fs-in-handler": ["default", {"asyncContext": "hint"}]}}`), known)
	if err != nil {
		t.Fatal(err)
	}
	if _, set := c.Rules["no-sync-fs-in-handler"]; set || c.RuleOptions["no-sync-fs-in-handler"]["asyncContext"] != "hint" {
		t.Errorf("rules %v, options %v: want no level and the option", c.Rules, c.RuleOptions)
	}
	if _, err := Parse([]byte(`{"rules": {"no-such-rule": ["default", {"x": 1}]}}`), known); err == nil || !strings.Contains(err.Error(), `unknown rule "no-such-rule"`) {
		t.Errorf("an unknown rule with only options: %v", err)
	}
}
