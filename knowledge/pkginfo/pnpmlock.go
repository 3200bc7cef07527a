package pkginfo

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// pnpmLock is pnpm-lock.yaml. Workspaces (and every project from lockfile
// v9 on) list dependencies per importer; single-project lockfiles before v9
// keep them at the top level.
type pnpmLock struct {
	Importers map[string]pnpmDeps `yaml:"importers"`
	pnpmDeps  `yaml:",inline"`
}

type pnpmDeps struct {
	Dependencies         map[string]pnpmDep `yaml:"dependencies"`
	DevDependencies      map[string]pnpmDep `yaml:"devDependencies"`
	OptionalDependencies map[string]pnpmDep `yaml:"optionalDependencies"`
}

// pnpmDep is either "4.18.2" (lockfile v5) or {specifier, version} (v6+).
type pnpmDep struct {
	version string
}

func (d *pnpmDep) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		d.version = n.Value
		return nil
	case yaml.MappingNode:
		var m struct {
			Version string `yaml:"version"`
		}
		if err := n.Decode(&m); err != nil {
			return err
		}
		d.version = m.Version
		return nil
	}
	return fmt.Errorf("line %d: dependency is neither a version nor a mapping", n.Line)
}

func parsePnpmLock(_ string, data []byte) (lockfile, error) {
	var lk pnpmLock
	if err := yaml.Unmarshal(data, &lk); err != nil {
		return nil, fmt.Errorf("invalid pnpm-lock.yaml: %w", err)
	}
	return &lk, nil
}

func (lk *pnpmLock) lookup(importer, dep, _ string) (semver, bool) {
	deps, ok := lk.Importers[importer]
	if !ok {
		if importer != "." {
			return semver{}, false
		}
		deps = lk.pnpmDeps
	}
	for _, sec := range []map[string]pnpmDep{deps.Dependencies, deps.DevDependencies, deps.OptionalDependencies} {
		if d, ok := sec[dep]; ok {
			return pnpmVersion(d.version)
		}
	}
	return semver{}, false
}

// pnpmVersion extracts the version from the forms pnpm writes:
//
//	5.1.0
//	5.1.0(supports-color@8.1.1)    peer suffix, v6+
//	4.18.2_supports-color@8.1.1    peer suffix, v5
//	/express@5.1.0, express@5.1.0  an npm: alias, v6 and v9
//	/express/4.18.2_debug@4.3.4    an npm: alias, v5
//	link:../lib                    a workspace link: no version
//
// Rather than peel these apart in order (names may contain "_" and peer
// suffixes contain "@"), it takes the first version-shaped run that starts
// the string or follows "/" or "@", and ends the string or is followed by a
// peer suffix.
func pnpmVersion(s string) (semver, bool) {
	if strings.HasPrefix(s, "link:") || strings.HasPrefix(s, "file:") {
		return semver{}, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || (i > 0 && s[i-1] != '/' && s[i-1] != '@') {
			continue
		}
		j := i
		for j < len(s) && isVersionChar(s[j]) {
			j++
		}
		if j < len(s) && s[j] != '(' && s[j] != '_' {
			continue
		}
		if v, ok := parseExact(s[i:j]); ok {
			return v, true
		}
	}
	return semver{}, false
}

func isVersionChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '-' || c == '+'
}
