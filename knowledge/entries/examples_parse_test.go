package entries

import (
	"context"
	"fmt"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// grammarOf picks the grammar for a block's info string; Unknown for blocks
// that are not JavaScript or TypeScript (a Dockerfile, a shell session).
func grammarOf(lang string) syntax.Language {
	switch lang {
	case "js", "javascript", "jsx", "mjs", "cjs":
		return syntax.JavaScript
	case "ts", "typescript":
		return syntax.TypeScript
	case "tsx":
		return syntax.TSX
	}
	return syntax.Unknown
}

// moduleSignals are what a parsed block says about its module system. The
// grammars accept `import`, `require()` and a top-level `await` side by side,
// so the kind is read from the tree: ESM when the block has import or export
// statements, `import.meta` or an await outside any function; CommonJS when
// it calls a `require` it did not declare or assigns `module.exports`/`exports`.
type moduleSignals struct {
	esm, cjs []string // the first few reasons of each kind, with their lines
}

func (s *moduleSignals) note(list *[]string, what string, n *sitter.Node) {
	if len(*list) < 3 {
		*list = append(*list, fmt.Sprintf("%s (line %d)", what, n.StartPosition().Row+1))
	}
}

// readModuleSignals walks the tree. inFunction tracks whether an await is
// inside a function body, where it belongs to that function, not the module.
func readModuleSignals(root *sitter.Node, src []byte) moduleSignals {
	var s moduleSignals
	ownRequire := declaresRequire(root, src)
	var walk func(n *sitter.Node, inFunction bool)
	walk = func(n *sitter.Node, inFunction bool) {
		kind := syntax.Kind(n)
		switch {
		case kind == "import_statement" || kind == "export_statement":
			s.note(&s.esm, kind, n)
		case kind == "meta_property" && strings.HasPrefix(syntax.Text(n, src), "import"):
			s.note(&s.esm, "import.meta", n)
		case kind == "await_expression" && !inFunction:
			s.note(&s.esm, "top-level await", n)
		case kind == "for_in_statement" && !inFunction && isForAwait(n):
			s.note(&s.esm, "top-level for await", n)
		case kind == "call_expression" && !ownRequire:
			if f := syntax.Field(n, "function"); f != nil && syntax.Kind(f) == "identifier" && syntax.Text(f, src) == "require" {
				s.note(&s.cjs, "require()", n)
			}
		case kind == "assignment_expression":
			if l := syntax.Field(n, "left"); l != nil && isCommonJSExport(l, src) {
				s.note(&s.cjs, syntax.Text(l, src)+" =", n)
			}
		}
		inFunction = inFunction || syntax.IsFunctionKind(kind) || kind == "class_static_block"
		for i := uint(0); i < n.ChildCount(); i++ {
			walk(n.Child(i), inFunction)
		}
	}
	walk(root, false)
	return s
}

// declaresRequire reports whether the block binds its own `require` (as ESM
// does with createRequire), which makes require() calls legal in a module.
func declaresRequire(root *sitter.Node, src []byte) bool {
	found := false
	var walk func(n *sitter.Node)
	walk = func(n *sitter.Node) {
		if found {
			return
		}
		if syntax.Kind(n) == "variable_declarator" {
			if name := syntax.Field(n, "name"); name != nil && syntax.Text(name, src) == "require" {
				found = true
				return
			}
		}
		for i := uint(0); i < n.ChildCount(); i++ {
			walk(n.Child(i))
		}
	}
	walk(root)
	return found
}

func isForAwait(n *sitter.Node) bool {
	for i := uint(0); i < n.ChildCount(); i++ {
		if syntax.Kind(n.Child(i)) == "await" {
			return true
		}
	}
	return false
}

// isCommonJSExport matches `module.exports` and `exports.x` / `module.exports.x`.
func isCommonJSExport(left *sitter.Node, src []byte) bool {
	text := syntax.Text(left, src)
	return syntax.Kind(left) == "member_expression" &&
		(text == "module.exports" || strings.HasPrefix(text, "module.exports.") || strings.HasPrefix(text, "exports."))
}

// firstSyntaxError returns the first ERROR or MISSING node, nil if none.
func firstSyntaxError(n *sitter.Node) *sitter.Node {
	if n.IsError() || n.IsMissing() {
		return n
	}
	if !n.HasError() {
		return nil
	}
	for i := uint(0); i < n.ChildCount(); i++ {
		if bad := firstSyntaxError(n.Child(i)); bad != nil {
			return bad
		}
	}
	return nil
}

// checkBlock parses one block and says what is wrong with it, "" if nothing:
// a syntax error, or a mix of ESM and CommonJS that neither module kind accepts
// (a top-level await beside require() is a SyntaxError in CommonJS, and
// require is not defined in an ES module).
func checkBlock(lang syntax.Language, code string) string {
	src := []byte(code)
	tree, err := syntax.Parse(context.Background(), lang, src, nil)
	if err != nil {
		return err.Error()
	}
	defer syntax.Close(tree)
	root := tree.RootNode()
	if bad := firstSyntaxError(root); bad != nil {
		what := "ERROR"
		if bad.IsMissing() {
			what = "MISSING " + syntax.Kind(bad)
		}
		line := bad.StartPosition().Row
		return fmt.Sprintf("%s node at line %d: %q", what, line+1, lineAt(code, int(line)))
	}
	s := readModuleSignals(root, src)
	if len(s.esm) > 0 && len(s.cjs) > 0 {
		return fmt.Sprintf("mixes ES module syntax (%s) with CommonJS (%s): make it ESM with import, or wrap the awaits in an async function",
			strings.Join(s.esm, ", "), strings.Join(s.cjs, ", "))
	}
	return ""
}

func lineAt(code string, row int) string {
	lines := strings.Split(code, "\n")
	if row < len(lines) {
		return strings.TrimSpace(lines[row])
	}
	return ""
}

// Every JavaScript or TypeScript block of every entry parses, with no ERROR or
// MISSING node, as the module kind it uses: the hover and explain show these
// blocks to people who will copy them.
func TestExampleBlocksParse(t *testing.T) {
	checked := 0
	for _, e := range All() {
		for _, sec := range e.Sections {
			for _, b := range fences(sec.Body) {
				lang := grammarOf(b.lang)
				if lang == syntax.Unknown {
					continue
				}
				checked++
				if problem := checkBlock(lang, b.code); problem != "" {
					t.Errorf("%s.md, %q block starting at section line %d: %s", e.ID, sec.Title, b.line, problem)
				}
			}
		}
	}
	if checked < len(All()) {
		t.Errorf("checked %d blocks for %d entries: every entry has at least one example", checked, len(All()))
	}
}

// The checker itself: each case would slip through if it stopped reading the
// tree for errors or module kinds.
func TestCheckBlockCatchesBadExamples(t *testing.T) {
	cases := []struct {
		name string
		lang syntax.Language
		code string
		bad  bool
	}{
		{"commonjs", syntax.JavaScript, "const fs = require('node:fs');\nmodule.exports = fs;", false},
		{"esm with top-level await", syntax.JavaScript, "import fs from 'node:fs/promises';\nawait fs.readFile('a');", false},
		{"await inside an async function beside require", syntax.JavaScript,
			"const q = require('q');\nasync function main() { await q.add(); }\nmain();", false},
		{"createRequire in a module", syntax.JavaScript,
			"import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst x = require('x');", false},
		{"typescript", syntax.TypeScript, "import type { Request } from 'express';\nconst n: number = 1;\nexport { n };", false},
		{"top-level await beside require", syntax.JavaScript, "const q = require('q');\nawait q.add();", true},
		{"top-level for await beside require", syntax.JavaScript, "const s = require('s');\nfor await (const c of s) {}", true},
		{"import beside require", syntax.JavaScript, "import a from 'a';\nconst b = require('b');", true},
		{"export beside module.exports", syntax.JavaScript, "export const a = 1;\nmodule.exports.b = 2;", true},
		{"syntax error", syntax.JavaScript, "app.get('/', (req, res) => {\n  res.send(\n});", true},
		{"missing token", syntax.JavaScript, "const a = { b: 1 ", true},
		{"type annotation in a js block", syntax.JavaScript, "const n: number = 1;", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			problem := checkBlock(tc.lang, tc.code)
			if got := problem != ""; got != tc.bad {
				t.Errorf("checkBlock = %q, want bad=%v", problem, tc.bad)
			}
		})
	}
}

func TestFences(t *testing.T) {
	md := "Text.\n\n```js\nconst a = 1;\n```\n\n~~~ts good\nlet b: number;\n~~~\n\n```dockerfile\nFROM node\n```\n\n```js\nunclosed"
	got := fences(md)
	want := []fence{{"js", "", 4, "const a = 1;"}, {"ts", "good", 8, "let b: number;"}, {"dockerfile", "", 12, "FROM node"}}
	if len(got) != len(want) {
		t.Fatalf("fences found %d blocks, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
