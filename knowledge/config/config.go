// Package config reads nodecoach's settings: a .nodecoach.json file at the package or
// workspace root, or a "nodecoach" key in package.json, and the same keys from an
// editor's settings, which override the file.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Config is the user's configuration. Zero values mean "the default".
type Config struct {
	// Rules turns rules off or changes their severity: id → off|hint|information|warning|error.
	Rules map[string]string `json:"rules,omitempty"`
	// Exclude adds glob patterns (relative to the package root) of files not to check.
	Exclude []string `json:"exclude,omitempty"`
	// Wrappers adds names of functions that forward a handler's errors to next().
	Wrappers []string `json:"wrappers,omitempty"`
	// HandlerTier is the weakest evidence accepted that a function handles requests:
	// direct, typed or heuristic (the default).
	HandlerTier string `json:"handlerTier,omitempty"`
	// AsyncContext is the former place of no-sync-fs-in-handler's asyncContext option,
	// still read (see legacyOptions): the rule's own options are its place now.
	AsyncContext string `json:"asyncContext,omitempty"`
	// RuleOptions are the options set per rule, validated: id → option → value
	// ("rules": {"id": [level, {options}]}).
	RuleOptions map[string]map[string]any `json:"-"`
	// Notes are what the user should change although it still works (a deprecated key).
	Notes []string `json:"-"`
}

// written is a configuration as written: a rule's entry is a level or [level, {options}].
type written struct {
	Config
	Rules map[string]json.RawMessage `json:"rules,omitempty"`
}

// read splits each rule's entry into its level and options.
func (w *written) read() (*Config, error) {
	c := w.Config
	c.Rules = nil
	ids := make([]string, 0, len(w.Rules))
	for id := range w.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		level, opts, err := ruleSetting(id, w.Rules[id])
		if err != nil {
			return nil, err
		}
		if level != DefaultLevel {
			if c.Rules == nil {
				c.Rules = map[string]string{}
			}
			c.Rules[id] = level
		}
		if opts != nil {
			if c.RuleOptions == nil {
				c.RuleOptions = map[string]map[string]any{}
			}
			c.RuleOptions[id] = opts
		}
	}
	return &c, nil
}

// Levels are the values a rule can be set to.
var Levels = []string{"off", "hint", "information", "warning", "error"}

// DefaultLevel, in a rule's entry, keeps the rule's own severities: a level replaces
// the severity of each of its findings, so ["default", {options}] is how to set only
// options (a hint stays a hint).
const DefaultLevel = "default"

var tiers = []string{"direct", "typed", "heuristic"}

// Parse reads a configuration and checks it against the known rules and their
// options. Unknown keys are errors: a misspelt key silently ignored is worse than a
// message. A deprecated key still works, with a note.
func Parse(data []byte, known Known) (*Config, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w written
	if err := dec.Decode(&w); err != nil {
		return nil, describe(err)
	}
	c, err := w.read()
	if err != nil {
		return nil, err
	}
	c.Notes = c.moveLegacy()
	if err := c.Validate(known); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate checks values: rule ids, levels and options, tiers, globs.
func (c *Config) Validate(known Known) error {
	var problems []string
	ids := make([]string, 0, len(c.Rules))
	for id := range c.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if _, ok := known[id]; !ok {
			problems = append(problems, fmt.Sprintf("unknown rule %q", id))
		}
		if !slices.Contains(Levels, c.Rules[id]) {
			problems = append(problems, fmt.Sprintf("rule %q: level %q is not one of %s", id, c.Rules[id], strings.Join(Levels, ", ")))
		}
	}
	ids = ids[:0]
	for id := range c.RuleOptions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if opts, ok := known[id]; ok {
			problems = append(problems, checkOptions(id, c.RuleOptions[id], opts)...)
		} else if _, listed := c.Rules[id]; !listed {
			problems = append(problems, fmt.Sprintf("unknown rule %q", id))
		}
	}
	for _, g := range c.Exclude {
		if !doublestar.ValidatePattern(g) {
			problems = append(problems, fmt.Sprintf("exclude: invalid glob %q", g))
		}
	}
	if c.HandlerTier != "" && !slices.Contains(tiers, c.HandlerTier) {
		problems = append(problems, fmt.Sprintf("handlerTier %q is not one of %s", c.HandlerTier, strings.Join(tiers, ", ")))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Merge returns base with every setting of over applied on top; either may be nil.
func Merge(base, over *Config) *Config {
	out := &Config{Rules: map[string]string{}}
	for _, c := range []*Config{base, over} {
		if c == nil {
			continue
		}
		for id, lvl := range c.Rules {
			out.Rules[id] = lvl
		}
		out.Exclude = append(out.Exclude, c.Exclude...)
		out.Wrappers = append(out.Wrappers, c.Wrappers...)
		if c.HandlerTier != "" {
			out.HandlerTier = c.HandlerTier
		}
		if c.AsyncContext != "" {
			out.AsyncContext = c.AsyncContext
		}
		for id, opts := range c.RuleOptions {
			if out.RuleOptions == nil {
				out.RuleOptions = map[string]map[string]any{}
			}
			if out.RuleOptions[id] == nil {
				out.RuleOptions[id] = map[string]any{}
			}
			for name, v := range opts {
				out.RuleOptions[id][name] = v
			}
		}
		out.Notes = append(out.Notes, c.Notes...)
	}
	return out
}

// describe turns encoding/json's errors into what a person fixing the file needs.
func describe(err error) error {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntaxErr):
		return fmt.Errorf("invalid JSON at byte %d: %v", syntaxErr.Offset, err)
	case errors.As(err, &typeErr):
		// The path runs through the embedded Config of written (see read).
		return fmt.Errorf("%q must be %s, not a JSON %s", strings.TrimPrefix(typeErr.Field, "Config."), typeErr.Type, typeErr.Value)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("invalid JSON: the file ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return fmt.Errorf("unknown setting %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return err
}

// ParseSettings reads the "nodecoach" section of an editor's settings. Editors send
// their own keys in the same section (path, trace, enable), so unknown keys are
// ignored here, unlike in a configuration file. A setting that maps to a rule's option
// (nodecoach.asyncContext) is the editor's own and carries no note.
func ParseSettings(data []byte, known Known) (*Config, error) {
	var w written
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, describe(err)
	}
	c, err := w.read()
	if err != nil {
		return nil, err
	}
	c.moveLegacy()
	if err := c.Validate(known); err != nil {
		return nil, err
	}
	return c, nil
}
