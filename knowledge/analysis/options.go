package analysis

import (
	"time"

	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// Off turns a rule off. As a user's level it drops the rule; as a rule's own Severity
// it makes the rule off by default: it runs only where the user sets a level for it
// (the configuration's rules, --rule, the editor's settings).
const Off Severity = -1

// Options are the settings in force for one file; the zero value is the defaults.
type Options struct {
	// Severity overrides rule severities; Off drops the rule's findings.
	Severity map[string]Severity
	// Exclude lists extra globs, relative to the package root, of files not checked.
	Exclude []string
	// Wrappers names extra functions that forward a handler's errors to next().
	Wrappers []string
	// HandlerTier is the weakest handler evidence rules accept (0: heuristic).
	HandlerTier resolve.Tier
	// RuleOptions are the rules' own options set by the user, validated against each
	// rule's declaration: id → option → value (see Pass.Option).
	RuleOptions map[string]map[string]any
	// Facts are what the package's other files establish; nil when unknown (the
	// cross-file rules then judge from the file alone).
	Facts Facts
	// Asks, when set, hears which facts of the package's other files a rule's
	// findings may read, however those facts turn out: each as the prefix of the
	// names asked. A check that records a file's facts only where a file reads them
	// listens in the pass that judges before any fact is known.
	Asks func(prefix string)
	// budget and deadline bound a whole check (see Budget); zero for none.
	budget   time.Duration
	deadline time.Time
}

// OptionsFrom converts a validated configuration; nil gives the defaults.
func OptionsFrom(c *config.Config) Options {
	var o Options
	if c == nil {
		return o
	}
	o.Exclude, o.Wrappers = c.Exclude, c.Wrappers
	for id, level := range c.Rules {
		if o.Severity == nil {
			o.Severity = map[string]Severity{}
		}
		o.Severity[id] = ParseSeverity(level)
	}
	switch c.HandlerTier {
	case "direct":
		o.HandlerTier = resolve.Direct
	case "typed":
		o.HandlerTier = resolve.Typed
	}
	o.RuleOptions = c.RuleOptions
	return o
}

// ParseSeverity reads a level name; unknown names (which validation rejects) are Off.
func ParseSeverity(level string) Severity {
	switch level {
	case "error":
		return Error
	case "warning":
		return Warning
	case "information":
		return Information
	case "hint":
		return Hint
	}
	return Off
}

// Enabled reports whether r runs under these options: the user's level for it when
// one is set, else its default. An off rule is dropped before anything is computed for
// it (its needles, its node kinds, its anchors), so it costs a file nothing.
func (o *Options) Enabled(r *Rule) bool {
	if sev, ok := o.Severity[r.Name]; ok {
		return sev != Off
	}
	return r.Severity != Off
}

// enabledRules keeps the rules that run under opts, in order; rules itself when all do.
func enabledRules(rules []*Rule, opts Options) []*Rule {
	for i, r := range rules {
		if !opts.Enabled(r) {
			out := append([]*Rule(nil), rules[:i]...)
			for _, r := range rules[i+1:] {
				if opts.Enabled(r) {
					out = append(out, r)
				}
			}
			return out
		}
	}
	return rules
}

// AcceptsTier reports whether a handler found with tier t counts under these options.
func (o *Options) AcceptsTier(t resolve.Tier) bool {
	min := o.HandlerTier
	if min == 0 {
		min = resolve.Heuristic
	}
	return t >= min
}

// Option is the declaration of one of a rule's options (see Rule.Options).
type Option = config.Option

// The types an Option takes.
const (
	OptionEnum       = config.Enum
	OptionBool       = config.Bool
	OptionNumber     = config.Number
	OptionStringList = config.StringList
)

// Option is the value of the running rule's option name: the user's, else the
// declared default; nil when the rule declares no such option.
func (p *Pass) Option(name string) any {
	if v, ok := p.Options.RuleOptions[p.rule.Name][name]; ok {
		return v
	}
	for _, o := range p.rule.Options {
		if o.Name == name {
			return o.Default
		}
	}
	return nil
}

// OptionString is Option for an Enum option; "" when it is not a string.
func (p *Pass) OptionString(name string) string {
	s, _ := p.Option(name).(string)
	return s
}

// Known is what a configuration may name: every rule with its options, and the
// unused-suppression hint.
func Known(rules []*Rule) config.Known {
	k := config.Known{UnusedSuppression: nil}
	for _, r := range rules {
		k[r.Name] = r.Options
	}
	return k
}
