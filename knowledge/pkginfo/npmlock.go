package pkginfo

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
)

// npmLock is package-lock.json or npm-shrinkwrap.json. Version 2 and 3
// lockfiles list every install location under "packages"; version 1 only
// has the "dependencies" tree (version 2 has both).
type npmLock struct {
	Packages     map[string]npmLockEntry `json:"packages"`
	Dependencies map[string]npmLockEntry `json:"dependencies"`
}

type npmLockEntry struct {
	Version string `json:"version"`
}

func parseNpmLock(_ string, data []byte) (lockfile, error) {
	var lk npmLock
	if err := json.Unmarshal(trimBOM(data), &lk); err != nil {
		return nil, fmt.Errorf("invalid npm lockfile: %w", err)
	}
	return &lk, nil
}

// lookup resolves dep from the importer's directory the way Node would:
// "packages/api/node_modules/P" (a workspace's own copy, installed there
// when it conflicts with the root's) before "packages/node_modules/P"
// before the hoisted "node_modules/P". Version 1 files only know the
// top-level tree.
func (lk *npmLock) lookup(importer, dep, _ string) (semver, bool) {
	for dir := importer; ; dir = path.Dir(dir) {
		key := path.Join(dir, "node_modules", dep)
		if e, ok := lk.Packages[key]; ok {
			// An entry without a version is a link to a workspace; the
			// workspace's own package.json is read as "installed".
			return npmLockVersion(e.Version)
		}
		if dir == "." || dir == "/" {
			break
		}
	}
	if e, ok := lk.Dependencies[dep]; ok {
		return npmLockVersion(e.Version)
	}
	return semver{}, false
}

// npmLockVersion reads an entry's version. Version 1 writes aliases as
// "npm:express@5.1.0"; git and file dependencies have URLs, not versions.
func npmLockVersion(s string) (semver, bool) {
	if rest, ok := strings.CutPrefix(s, "npm:"); ok {
		s = aliasRange(rest)
	}
	return parseExact(s)
}
