// Package fix builds the edits that quick fixes share, independent of any rule.
package fix

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Import is one binding a fix needs in scope: a module's default export (`helmet`),
// or one of its named exports (`{ readFile }`), from Spec.
type Import struct {
	Name  string
	Named bool
	Spec  string
}

// Line is the statement that brings imp into scope, ESM or CommonJS, with its line
// break.
func (imp Import) Line(esm bool) string {
	binding := imp.Name
	if imp.Named {
		binding = "{ " + imp.Name + " }"
	}
	if esm {
		return "import " + binding + " from '" + imp.Spec + "';\n"
	}
	return "const " + binding + " = require('" + imp.Spec + "');\n"
}

// InsertionPoint is where a new import line goes in the file whose tree is root: after
// a shebang, leading comments and any directive prologue ('use strict'), so that none
// of them stops working, and before the first statement.
func InsertionPoint(root *sitter.Node, src []byte) uint {
	at := uint(0)
	for i := uint(0); i < root.NamedChildCount(); i++ {
		c := root.NamedChild(i)
		switch syntax.Kind(c) {
		case syntax.HashBangLine, syntax.Comment:
			continue
		case syntax.ExpressionStatement:
			if s := c.NamedChild(0); s != nil && syntax.Kind(s) == syntax.String {
				at = c.EndByte()
				continue
			}
		}
		if at == 0 {
			return c.StartByte()
		}
		break
	}
	if at == 0 {
		return 0
	}
	return LineEnd(src, at)
}

// LineStart is the offset of the start of the line containing offset.
func LineStart(src []byte, offset uint) uint {
	for offset > 0 && src[offset-1] != '\n' {
		offset--
	}
	return offset
}

// LineEnd is the offset just past the line break that ends the line containing
// offset (the end of src on the last line).
func LineEnd(src []byte, offset uint) uint {
	for int(offset) < len(src) && src[offset] != '\n' {
		offset++
	}
	if int(offset) < len(src) {
		offset++
	}
	return offset
}
