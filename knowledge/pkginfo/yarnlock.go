package pkginfo

import (
	"fmt"
	"strings"
)

// yarnLock is yarn.lock, classic (v1) or Berry (v2+). Both are blocks whose
// unindented header lists the descriptors ("name@range") resolved to one
// version:
//
//	express@^4.18.2, express@^4.17.1:     classic
//	  version "4.18.2"
//
//	"express@npm:^4.18.2":                Berry
//	  version: 4.18.2
//
// It is read line by line rather than as YAML because classic lockfiles
// are not YAML.
type yarnLock struct {
	entries map[string][]yarnEntry // by package name
}

type yarnEntry struct {
	rng     string // as written after "name@", e.g. "^4.18.2" or "npm:^4.18.2"
	version string
}

func parseYarnLock(_ string, data []byte) (lockfile, error) {
	lk := &yarnLock{entries: make(map[string][]yarnEntry)}
	var names [][2]string // descriptors of the current block
	keyIndent := -1       // indentation of the current block's own keys
	for n, line := range strings.Split(string(trimBOM(data)), "\n") {
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indent := len(line) - len(trimmed)
		if indent == 0 {
			// Every top-level line is a header; anything else (a merge
			// conflict marker, a JSON file saved under this name) means the
			// file cannot be trusted.
			if !strings.HasSuffix(trimmed, ":") {
				return nil, fmt.Errorf("invalid yarn.lock: line %d is not a block header", n+1)
			}
			names = yarnDescriptors(strings.TrimSuffix(trimmed, ":"))
			keyIndent = -1
			continue
		}
		if keyIndent < 0 {
			keyIndent = indent
		}
		if indent != keyIndent {
			continue // nested: a dependency list, where "version" is a package name
		}
		if v, ok := yarnVersionLine(trimmed); ok {
			for _, d := range names {
				lk.entries[d[0]] = append(lk.entries[d[0]], yarnEntry{rng: d[1], version: v})
			}
		}
	}
	return lk, nil
}

// yarnDescriptors splits a header into (name, range) pairs. Classic quotes
// each descriptor that needs it; Berry quotes the whole list.
func yarnDescriptors(header string) [][2]string {
	var out [][2]string
	for _, d := range strings.Split(header, ",") {
		d = strings.Trim(strings.TrimSpace(d), `"`)
		// The name's "@" is after a scope's leading "@".
		if len(d) < 2 {
			continue
		}
		i := strings.IndexByte(d[1:], '@')
		if i < 0 {
			continue
		}
		out = append(out, [2]string{d[:i+1], d[i+2:]})
	}
	return out
}

// yarnVersionLine reads `version "4.18.2"` (classic) or `version: 4.18.2`.
func yarnVersionLine(s string) (string, bool) {
	rest, ok := strings.CutPrefix(s, "version")
	if !ok || rest == "" || (rest[0] != ' ' && rest[0] != ':') {
		return "", false
	}
	rest = strings.TrimPrefix(rest, ":")
	return strings.Trim(strings.TrimSpace(rest), `"'`), true
}

// lookup prefers the block that lists the manifest's own range, as yarn
// does; Berry records plain ranges with an "npm:" prefix. Without an exact
// match it accepts only an unambiguous answer: every block for dep agreeing
// on one version. Workspace entries carry placeholder versions and never
// match.
func (lk *yarnLock) lookup(_, dep, spec string) (semver, bool) {
	spec = strings.TrimSpace(spec)
	var only string
	ambiguous := false
	for _, e := range lk.entries[dep] {
		if strings.HasPrefix(e.rng, "workspace:") {
			continue
		}
		if e.rng == spec || e.rng == "npm:"+spec {
			return parseExact(e.version)
		}
		switch {
		case only == "":
			only = e.version
		case only != e.version:
			ambiguous = true
		}
	}
	if only == "" || ambiguous {
		return semver{}, false
	}
	return parseExact(only)
}
