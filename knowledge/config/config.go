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
	// AsyncContext is what no-sync-fs-in-handler reports outside handlers, in other
	// async functions: hint (the default) or off.
	AsyncContext string `json:"asyncContext,omitempty"`
}

// Levels are the values a rule can be set to.
var Levels = []string{"off", "hint", "information", "warning", "error"}

var tiers = []string{"direct", "typed", "heuristic"}

// Parse reads a configuration and checks it against the known rule ids. Unknown keys
// are errors: a misspelt key silently ignored is worse than a message.
func Parse(data []byte, knownRules []string) (*Config, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Config
	if err := dec.Decode(&c); err != nil {
		return nil, describe(err)
	}
	if err := c.Validate(knownRules); err != nil {
		return nil, err
	}
	return &c, nil
}

// Validate checks values: rule ids and levels, tiers, globs.
func (c *Config) Validate(knownRules []string) error {
	var problems []string
	ids := make([]string, 0, len(c.Rules))
	for id := range c.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !contains(knownRules, id) {
			problems = append(problems, fmt.Sprintf("unknown rule %q", id))
		}
		if !contains(Levels, c.Rules[id]) {
			problems = append(problems, fmt.Sprintf("rule %q: level %q is not one of %s", id, c.Rules[id], strings.Join(Levels, ", ")))
		}
	}
	for _, g := range c.Exclude {
		if !doublestar.ValidatePattern(g) {
			problems = append(problems, fmt.Sprintf("exclude: invalid glob %q", g))
		}
	}
	if c.HandlerTier != "" && !contains(tiers, c.HandlerTier) {
		problems = append(problems, fmt.Sprintf("handlerTier %q is not one of %s", c.HandlerTier, strings.Join(tiers, ", ")))
	}
	if c.AsyncContext != "" && c.AsyncContext != "hint" && c.AsyncContext != "off" {
		problems = append(problems, fmt.Sprintf("asyncContext %q is not hint or off", c.AsyncContext))
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
	}
	return out
}

func contains(list []string, s string) bool {
	for _, it := range list {
		if it == s {
			return true
		}
	}
	return false
}

// describe turns encoding/json's errors into what a person fixing the file needs.
func describe(err error) error {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntaxErr):
		return fmt.Errorf("invalid JSON at byte %d: %v", syntaxErr.Offset, err)
	case errors.As(err, &typeErr):
		return fmt.Errorf("%q must be %s, not a JSON %s", typeErr.Field, typeErr.Type, typeErr.Value)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("invalid JSON: the file ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return fmt.Errorf("unknown setting %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return err
}

// ParseSettings reads the "nodecoach" section of an editor's settings. Editors send
// their own keys in the same section (path, trace, enable), so unknown keys are
// ignored here, unlike in a configuration file.
func ParseSettings(data []byte, knownRules []string) (*Config, error) {
	var c Config
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, describe(err)
	}
	if err := c.Validate(knownRules); err != nil {
		return nil, err
	}
	return &c, nil
}
