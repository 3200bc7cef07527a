package pkginfo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// depSections are read in this order, and the first one that names a
// dependency decides its range. npm lets optionalDependencies override
// dependencies; devDependencies is what is installed for development and is
// narrower than a peer range, so it beats peerDependencies.
var depSections = []string{"optionalDependencies", "dependencies", "devDependencies", "peerDependencies"}

// manifest is what a package.json says, before it is tied to a path.
type manifest struct {
	name, typ   string
	hasBin      bool
	enginesNode Version
	deps        map[string]depSpec
	layout      Layout
	// workspaces are the package globs `workspaces` declares (see WorkspacePackages).
	workspaces         []string
	declaresWorkspaces bool
}

// depSpec is a declared dependency: its spec as written and the minimum of
// that range, worked out once per manifest.
type depSpec struct {
	spec string
	min  Version
}

// trimBOM drops a UTF-8 byte order mark, which some Windows editors add
// and npm ignores.
func trimBOM(data []byte) []byte {
	return bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
}

// parseManifest reads a package.json. Every field it relies on is
// type-checked, because a rule trusting `"dependencies": []` would be
// wrong in ways nobody could trace; any mismatch makes the whole manifest
// an error. Fields nodecoach does not read are not checked.
func parseManifest(data []byte) (manifest, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(trimBOM(data), &top); err != nil {
		return manifest{}, fmt.Errorf("invalid package.json: %w", err)
	}
	if top == nil {
		return manifest{}, errors.New("invalid package.json: not an object")
	}
	var m manifest
	var err error
	if m.name, err = field[string](top, "name"); err != nil {
		return manifest{}, err
	}
	if _, err = field[string](top, "version"); err != nil {
		return manifest{}, err
	}
	typ, err := field[string](top, "type")
	if err != nil {
		return manifest{}, err
	}
	// Node ignores other values and treats the package as CommonJS, so they
	// read as absent rather than as a third module system.
	if typ == "module" || typ == "commonjs" {
		m.typ = typ
	}
	if m.hasBin, err = hasBin(top); err != nil {
		return manifest{}, err
	}
	engines, err := field[map[string]json.RawMessage](top, "engines")
	if err != nil {
		return manifest{}, err
	}
	node, err := field[string](engines, "node")
	if err != nil {
		return manifest{}, fmt.Errorf("engines: %w", err)
	}
	m.enginesNode = rangeVersion(node)
	m.layout = parseLayout(top)
	for _, sec := range depSections {
		deps, err := field[map[string]string](top, sec)
		if err != nil {
			return manifest{}, err
		}
		for name, spec := range deps {
			if _, seen := m.deps[name]; seen {
				continue
			}
			if m.deps == nil {
				m.deps = make(map[string]depSpec)
			}
			m.deps[name] = depSpec{spec: spec, min: rangeVersion(spec)}
		}
	}
	// Last: a malformed declaration is warned about, and the rest of the manifest
	// still stands (its name, its versions).
	m.workspaces, m.declaresWorkspaces, err = workspaceGlobs(top)
	return m, err
}

// field decodes top[key] as T. An absent key or JSON null is the zero value:
// null carries no claim about the package, so it is not worth a warning.
func field[T any](top map[string]json.RawMessage, key string) (T, error) {
	var v T
	raw, ok := top[key]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return v, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("%q has the wrong type: %w", key, err)
	}
	return v, nil
}

// hasBin accepts both forms npm does: a path string, or an object mapping
// command names to paths. An empty string or object installs nothing.
func hasBin(top map[string]json.RawMessage) (bool, error) {
	raw, ok := top["bin"]
	if !ok {
		return false, nil
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		cmds, err := field[map[string]string](top, "bin")
		return len(cmds) > 0, err
	}
	path, err := field[string](top, "bin")
	return path != "", err
}
