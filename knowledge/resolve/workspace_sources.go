package resolve

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// packageSource maps a sub-path of the package in dir ("" for the package itself) to
// its source file by the package's own declarations, in this order:
//   - `exports`: a string, or the `types`, `import`, `require` or `default`
//     condition of the sub-path (a `*` pattern included);
//   - a file at the sub-path: its TypeScript source, then a declaration file, then
//     JavaScript, then the folder's index file;
//   - for the package itself, `types` (or `typings`), then `main`.
//
// A file that only re-exports another (`export * from "./src/validators"` in a
// declaration stub, `module.exports = require("./dist/validators")`) is followed to
// that file. A candidate that leads to no file is passed over for the next: a build
// output folder (dist) that was never built is not in the workspace's sources, and
// its declaration stub beside it names the source the build is made from, which is
// why a declaration file is tried before JavaScript.
func (ws *workspaceRoot) packageSource(dir, sub string) (string, bool) {
	m := ws.manifest(dir)
	if m == nil {
		return "", false
	}
	var candidates []string
	if target, ok := exportTarget(m.Layout.Exports, sub); ok {
		candidates = append(candidates, target)
	}
	if sub != "" {
		candidates = append(candidates, sub)
	} else {
		candidates = append(candidates, "index", m.Layout.Types, m.Layout.Typings, m.Layout.Main)
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if file, ok := ws.sourceFile(filepath.Join(dir, filepath.FromSlash(c)), dir, map[string]bool{}); ok {
			return file, true
		}
	}
	return "", false
}

// exportTarget is the path `exports` gives the sub-path, ok false when it gives none.
func exportTarget(raw json.RawMessage, sub string) (string, bool) {
	if len(raw) == 0 {
		return "", false
	}
	key := "."
	if sub != "" {
		key = "./" + sub
	}
	var whole string
	if json.Unmarshal(raw, &whole) == nil {
		return whole, key == "."
	}
	var table map[string]json.RawMessage
	if json.Unmarshal(raw, &table) != nil {
		return "", false
	}
	if !subPathKeys(table) {
		// Conditions of the package itself: {"types": …, "default": …}.
		if key != "." {
			return "", false
		}
		return conditionTarget(raw, 0)
	}
	if v, ok := table[key]; ok {
		return conditionTarget(v, 0)
	}
	// Of the patterns that match, Node takes the one with the longest text before
	// its `*`, then the longest pattern: "./features/*" over "./*".
	best, bestPrefix := "", ""
	for pattern := range table {
		prefix, suffix, star := strings.Cut(pattern, "*")
		if !star || !strings.HasPrefix(key, prefix) || !strings.HasSuffix(key, suffix) || len(key) < len(prefix)+len(suffix) {
			continue
		}
		if best == "" || len(prefix) > len(bestPrefix) || len(prefix) == len(bestPrefix) && len(pattern) > len(best) {
			best, bestPrefix = pattern, prefix
		}
	}
	if best == "" {
		return "", false
	}
	target, ok := conditionTarget(table[best], 0)
	if !ok {
		return "", false
	}
	_, suffix, _ := strings.Cut(best, "*")
	return strings.ReplaceAll(target, "*", key[len(bestPrefix):len(key)-len(suffix)]), true
}

// subPathKeys tells whether an exports object maps sub-paths (its keys start with a
// dot) rather than conditions.
func subPathKeys(table map[string]json.RawMessage) bool {
	for k := range table {
		return strings.HasPrefix(k, ".")
	}
	return false
}

// exportConditions are the conditions read, in order: the types name the source a
// TypeScript workspace package's declarations come from.
var exportConditions = []string{"types", "import", "require", "node", "default"}

func conditionTarget(raw json.RawMessage, depth int) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, s != ""
	}
	var conds map[string]json.RawMessage
	if depth > 4 || json.Unmarshal(raw, &conds) != nil {
		return "", false
	}
	for _, c := range exportConditions {
		if v, ok := conds[c]; ok {
			if s, ok := conditionTarget(v, depth+1); ok {
				return s, true
			}
		}
	}
	return "", false
}

// stubExts are the endings a module path is tried with, in order (see packageSource).
var stubExts = []string{".ts", ".tsx", ".mts", ".cts", ".d.ts", ".js", ".mjs", ".cjs", ".jsx"}

// maxStubHops bounds a chain of re-exporting stubs (and a stub that names itself).
const maxStubHops = 8

// sourceFile is the file the module path p names inside the package folder pkgDir,
// following stubs that only re-export another file of the package.
func (ws *workspaceRoot) sourceFile(p, pkgDir string, seen map[string]bool) (string, bool) {
	if len(seen) > maxStubHops || !safefs.Within(p, pkgDir) {
		return "", false
	}
	for _, file := range moduleFiles(p) {
		src, _, err := ws.roots.ReadFile(file, sourceLimit)
		if err != nil {
			continue
		}
		if seen[file] {
			return "", false
		}
		seen[file] = true
		target, stub := onlyReExport(file, src)
		if !stub {
			if strings.HasSuffix(file, ".d.ts") {
				continue // declarations alone hold no values
			}
			return file, true
		}
		if next, ok := ws.sourceFile(filepath.Join(filepath.Dir(file), filepath.FromSlash(target)), pkgDir, seen); ok {
			return next, true
		}
	}
	return "", false
}

// sourceLimit caps a stub or source file read to place a module; far above a real one.
const sourceLimit = 8 << 20

// moduleFiles are the files a module path may be: itself when it has a source
// ending, else with each ending, then its folder's index.
func moduleFiles(p string) []string {
	if trimSourceExt(p) != p {
		ts := strings.TrimSuffix(p, filepath.Ext(p))
		// TypeScript imports its .ts file by the .js name it compiles to.
		return []string{ts + ".ts", ts + ".tsx", p}
	}
	var out []string
	for _, ext := range stubExts {
		out = append(out, p+ext)
	}
	for _, ext := range stubExts {
		out = append(out, filepath.Join(p, "index"+ext))
	}
	return out
}

// onlyReExport: the file's statements are one re-export of a relative module
// (`export * from "./x"`, `module.exports = require("./x")`), and which.
func onlyReExport(file string, src []byte) (string, bool) {
	if len(src) > maxStubBytes {
		return "", false
	}
	tree, err := syntax.Parse(context.Background(), syntax.ForPath(file), src, nil) // a .d.ts is TypeScript
	if err != nil {
		return "", false
	}
	defer syntax.Close(tree)
	root := tree.RootNode()
	target := ""
	for i := range root.NamedChildCount() {
		stmt := root.NamedChild(i)
		if stmt.Kind() == syntax.Comment {
			continue
		}
		spec, ok := reExportOf(stmt, src)
		if !ok || !strings.HasPrefix(spec, ".") || (target != "" && spec != target) {
			return "", false
		}
		target = spec
	}
	return target, target != ""
}

// maxStubBytes: a file longer is no stub (one re-export and a comment or two), and is
// not parsed to find out.
const maxStubBytes = 4096

// reExportOf is the module a statement passes on whole: `export * from "m"` or
// `module.exports = require("m")`.
func reExportOf(stmt *sitter.Node, src []byte) (string, bool) {
	switch stmt.Kind() {
	case syntax.ExportStatement:
		source := stmt.ChildByFieldName(syntax.FieldSource)
		if source == nil || stmt.ChildByFieldName(syntax.FieldDeclaration) != nil {
			return "", false
		}
		return syntax.StringValue(source, src)
	case syntax.ExpressionStatement:
		assign := stmt.NamedChild(0)
		if assign == nil || assign.Kind() != syntax.AssignmentExpression {
			return "", false
		}
		left, right := assign.ChildByFieldName(syntax.FieldLeft), assign.ChildByFieldName(syntax.FieldRight)
		if left == nil || right == nil || syntax.Text(left, src) != "module.exports" || right.Kind() != syntax.CallExpression {
			return "", false
		}
		if fn := right.ChildByFieldName(syntax.FieldFunction); fn == nil || syntax.Text(fn, src) != "require" {
			return "", false
		}
		args := right.ChildByFieldName(syntax.FieldArguments)
		if args == nil || args.NamedChildCount() != 1 {
			return "", false
		}
		return syntax.StringValue(args.NamedChild(0), src)
	}
	return "", false
}
