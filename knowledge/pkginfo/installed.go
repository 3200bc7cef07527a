package pkginfo

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// installedInfo is the "version" of a node_modules/P/package.json;
// ok is false when the file is broken or has no usable version.
type installedInfo struct {
	v  semver
	ok bool
}

// parseInstalled reads only "version": a dependency's other fields are
// none of nodecoach's business, and checking them would turn harmless
// oddities in third-party code into warnings.
func parseInstalled(_ string, data []byte) (installedInfo, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(trimBOM(data), &top); err != nil {
		return installedInfo{}, fmt.Errorf("invalid package.json: %w", err)
	}
	if top == nil {
		return installedInfo{}, errors.New("invalid package.json: not an object")
	}
	raw, err := field[string](top, "version")
	if err != nil {
		return installedInfo{}, err
	}
	if raw == "" {
		return installedInfo{}, nil
	}
	v, ok := parseExact(raw)
	if !ok {
		return installedInfo{}, fmt.Errorf("version %q is not a semver version", raw)
	}
	return installedInfo{v: v, ok: true}, nil
}

// installedVersion finds dep the way Node's require does from dir: in
// dir/node_modules, then in each ancestor's (hoisted workspaces), skipping
// directories that are themselves node_modules. The first package.json
// found decides, even when it is unusable, because that copy shadows any
// further up. looks, when not nil, is told of each package.json looked for and of
// the one found; memo, when not nil, is the run's answer for each node_modules
// directory.
func (s *Store) installedVersion(dir, dep string, looks *Looks, memo *versionMemo) Version {
	if !validPackageName(dep) {
		return Version{}
	}
	rel := filepath.FromSlash(dep)
	for d := dir; ; {
		if filepath.Base(d) != "node_modules" {
			modules := filepath.Join(d, "node_modules")
			path := filepath.Join(modules, rel, manifestName)
			looks.named(path)
			var (
				iv installedInfo
				ok bool
			)
			if !memo.modulesDirAbsent(modules) {
				iv, ok = s.installed.get(path)
			}
			if ok {
				looks.found(path)
				if iv.ok {
					return iv.v.version(SourceInstalled)
				}
				return Version{}
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return Version{}
		}
		d = parent
	}
}

// validPackageName keeps names that come from a manifest from turning into
// paths outside node_modules: "name" or "@scope/name", no "." or ".."
// parts, no backslashes.
func validPackageName(name string) bool {
	if name == "" || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	parts := strings.Split(name, "/")
	switch len(parts) {
	case 1:
	case 2:
		if !strings.HasPrefix(parts[0], "@") || len(parts[0]) < 2 {
			return false
		}
	default:
		return false
	}
	for _, p := range parts {
		if p == "" || p == "." || p == ".." {
			return false
		}
	}
	return true
}
