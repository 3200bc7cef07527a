package pkginfo

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Layout is what a package.json says of where its modules are, for a reader that
// follows a bare import into the package's source (a workspace's other packages).
type Layout struct {
	// Exports is `exports` as written: a string, or a table of sub-paths or
	// conditions, read by whoever resolves a sub-path against it.
	Exports json.RawMessage
	// Types, Typings and Main are the package's entry files.
	Types, Typings, Main string
}

// parseLayout reads the layout's fields. One of the wrong type reads as absent, with
// no error: Node passes over a `main` that is no string, and the rest of the
// manifest (its versions) owes nothing to these fields.
func parseLayout(top map[string]json.RawMessage) Layout {
	var l Layout
	if raw, ok := top["exports"]; ok && string(bytes.TrimSpace(raw)) != "null" {
		l.Exports = raw
	}
	l.Types, _ = field[string](top, "types")
	l.Typings, _ = field[string](top, "typings")
	l.Main, _ = field[string](top, "main")
	return l
}

// workspaceGlobs reads `workspaces`: a list of globs, or an object whose `packages`
// lists them (yarn's form, beside its `nohoist`). declared is true when the field is
// there, even when malformed, so that the manifest's folder still counts as one that
// declares a workspace; err then says why its globs are not read.
func workspaceGlobs(top map[string]json.RawMessage) (globs []string, declared bool, err error) {
	raw, ok := top["workspaces"]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return nil, false, nil
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		obj, err := field[map[string]json.RawMessage](top, "workspaces")
		if err == nil {
			globs, err = field[[]string](obj, "packages")
		}
		if err != nil {
			return nil, true, workspaceError{fmt.Errorf("workspaces: %w", err)}
		}
		return globs, true, nil
	}
	if globs, err = field[[]string](top, "workspaces"); err != nil {
		return nil, true, workspaceError{err}
	}
	return globs, true, nil
}
