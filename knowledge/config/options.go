package config

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// OptionType is the kind of value a rule option takes.
type OptionType string

// The types of rule options, named as the configuration's reader sees them.
const (
	Enum       OptionType = "enum"
	Bool       OptionType = "boolean"
	Number     OptionType = "number"
	StringList OptionType = "string list"
)

// Option declares one setting of a rule: the rule owns it, the configuration sets it
// per rule ("rules": {"id": ["warning", {"name": value}]}), and validation checks the
// value against the declaration.
type Option struct {
	Name string
	Type OptionType
	// Default is the value in force when the configuration sets none: a string for
	// Enum, a bool, a float64, or a []string.
	Default any
	// Allowed are an Enum's values.
	Allowed []string
	// Doc says what the option changes.
	Doc string
}

// Known is what a configuration may name: each rule id, with the options it takes.
type Known map[string][]Option

// check validates a value read from JSON and returns it as its type's Go value.
func (o Option) check(rule string, v any) (any, error) {
	bad := func(want string) error {
		got, _ := json.Marshal(v)
		return fmt.Errorf("rule %q: option %q: %s is not %s", rule, o.Name, got, want)
	}
	switch o.Type {
	case Enum:
		if s, ok := v.(string); ok && slices.Contains(o.Allowed, s) {
			return s, nil
		}
		return nil, bad("one of " + strings.Join(o.Allowed, ", "))
	case Bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, bad("true or false")
	case Number:
		if f, ok := v.(float64); ok {
			return f, nil
		}
		return nil, bad("a number")
	case StringList:
		list, ok := v.([]any)
		out := make([]string, 0, len(list))
		for _, it := range list {
			s, isString := it.(string)
			ok = ok && isString
			out = append(out, s)
		}
		if ok {
			return out, nil
		}
		return nil, bad("a list of strings")
	}
	return nil, fmt.Errorf("rule %q: option %q has no known type %q", rule, o.Name, o.Type)
}

// AllowedText describes the values an option takes, for messages and listings.
func (o Option) AllowedText() string {
	switch o.Type {
	case Enum:
		return strings.Join(o.Allowed, ", ")
	case Bool:
		return "true, false"
	}
	return "any " + string(o.Type)
}

// checkOptions validates the options set for one rule, in place, against opts.
func checkOptions(rule string, set map[string]any, opts []Option) []string {
	var problems []string
	names := make([]string, 0, len(set))
	for name := range set {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		i := slices.IndexFunc(opts, func(o Option) bool { return o.Name == name })
		if i < 0 {
			problems = append(problems, fmt.Sprintf("rule %q: unknown option %q (%s)", rule, name, takes(opts)))
			continue
		}
		v, err := opts[i].check(rule, set[name])
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		set[name] = v
	}
	return problems
}

// takes says which options a rule takes.
func takes(opts []Option) string {
	if len(opts) == 0 {
		return "the rule takes no options"
	}
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = o.Name
	}
	return "it takes " + strings.Join(names, ", ")
}

// ruleSetting reads one entry of "rules": a level ("warning"), or ESLint's array of a
// level and the rule's options (["warning", {"asyncContext": "hint"}]); the level may be
// DefaultLevel.
func ruleSetting(id string, raw json.RawMessage) (level string, opts map[string]any, err error) {
	if json.Unmarshal(raw, &level) == nil {
		return level, nil, nil
	}
	var parts []json.RawMessage
	if json.Unmarshal(raw, &parts) != nil || len(parts) == 0 || len(parts) > 2 || json.Unmarshal(parts[0], &level) != nil {
		return "", nil, fmt.Errorf("rule %q must be a level or [level, {options}], not %s", id, raw)
	}
	if len(parts) == 2 {
		if err := json.Unmarshal(parts[1], &opts); err != nil || opts == nil {
			return "", nil, fmt.Errorf("rule %q: the options after the level must be an object, not %s", id, parts[1])
		}
	}
	return level, opts, nil
}

// legacyOptions are top-level keys that now set a rule's option: the top level still
// works, and the rule's own place wins when both are set.
var legacyOptions = []struct {
	key, rule, option string
	value             func(*Config) string
}{
	{"asyncContext", "no-sync-fs-in-handler", "asyncContext", func(c *Config) string { return c.AsyncContext }},
}

// moveLegacy sets the rule option of each legacy top-level key c sets, and returns a
// note for each, saying where the setting now belongs.
func (c *Config) moveLegacy() (notes []string) {
	for _, l := range legacyOptions {
		v := l.value(c)
		if v == "" {
			continue
		}
		notes = append(notes, fmt.Sprintf("%q at the top level is deprecated: set it as an option of its rule, \"rules\": {%q: [%q, {%q: %q}]}", l.key, l.rule, DefaultLevel, l.option, v))
		if c.RuleOptions == nil {
			c.RuleOptions = map[string]map[string]any{}
		}
		if c.RuleOptions[l.rule] == nil {
			c.RuleOptions[l.rule] = map[string]any{}
		}
		if _, set := c.RuleOptions[l.rule][l.option]; !set {
			c.RuleOptions[l.rule][l.option] = v
		}
	}
	return notes
}
