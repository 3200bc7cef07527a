package analysis

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// A line that begins inside a string, a template literal, a comment or the text of a
// JSX element cannot take a suppression comment: "//" there would be text, and
// inserting it would change what the program prints. Such a line's findings belong to
// the line where the literal (or element) begins, the first line above them where a
// comment is code; the suppression comments and the "Disable RULE for this line"
// action both go by it.

// CommentLine is the line (zero-based, with LSP's line breaks: "\n", "\r\n" or a lone
// "\r") whose suppression comment covers the code at offset: offset's own line, unless
// that line begins inside a literal; then the line where the literal begins, and so on
// outward until a line begins in code.
func CommentLine(root *sitter.Node, lines *source.Lines, offset uint) int {
	line := lineAt(lines, offset)
	for line > 0 {
		lit := literalAround(root, lineStart(lines, line))
		if lit == nil {
			break
		}
		line = lineAt(lines, lit.StartByte())
	}
	return line
}

// DisableNextLine is the edit that suppresses rule for the finding at offset: a
// "// nodecoach-disable-next-line RULE" line, indented like the line it covers, above
// the finding's comment line (see CommentLine). When that line begins inside a JSX
// element, after nothing but white space since the previous child, the comment goes
// there as a JSX expression ({/* ... */}) on a line of its own, which covers exactly
// the finding's line and renders as nothing.
func DisableNextLine(root *sitter.Node, lines *source.Lines, rule string, offset uint) Edit {
	src := lines.Text()
	directive := "nodecoach-disable-next-line " + rule
	line := lineAt(lines, offset)
	text := "// " + directive
	if at := lineStart(lines, line); !blankJSXChildLine(root, src, at) {
		line = CommentLine(root, lines, offset)
	} else {
		text = "{/* " + directive + " */}"
	}
	at := lineStart(lines, line)
	indent := at
	for int(indent) < len(src) && (src[indent] == ' ' || src[indent] == '\t') {
		indent++
	}
	return Edit{Start: at, End: at, NewText: string(src[at:indent]) + text + lineBreakAfter(src, at)}
}

// literalAround is the literal or JSX element whose text holds the position offset
// (text inserted there would become part of it), or nil when offset lies between
// tokens of code, including inside a template substitution, a JSX expression or tag.
func literalAround(root *sitter.Node, offset uint) *sitter.Node {
	for n := root.DescendantForByteRange(offset, offset); n != nil; n = n.Parent() {
		if n.StartByte() >= offset || n.EndByte() <= offset {
			continue // offset is at its edge: text inserted there is outside it
		}
		switch syntax.Kind(n) {
		case syntax.TemplateSubstitution, syntax.JSXExpression, syntax.JSXOpeningElement, syntax.JSXClosingElement, syntax.JSXSelfClosingElement:
			return nil
		case syntax.String, syntax.TemplateString, syntax.TemplateLiteralType, syntax.Comment, syntax.HTMLComment, syntax.Regex, syntax.JSXText, syntax.JSXElement:
			return n
		}
	}
	return nil
}

// blankJSXChildLine reports whether offset, a line start, lies among a JSX element's
// children with only white space before it since the previous child (or the opening
// tag): an expression inserted there leaves the rendered text as it was, since JSX
// drops white space that holds a line break.
func blankJSXChildLine(root *sitter.Node, src []byte, offset uint) bool {
	lit := literalAround(root, offset)
	if lit == nil {
		return false
	}
	switch syntax.Kind(lit) {
	case syntax.JSXElement:
		return true // between two children, with no text node
	case syntax.JSXText:
		parent := lit.Parent()
		return parent != nil && syntax.Kind(parent) == syntax.JSXElement &&
			strings.TrimSpace(string(src[lit.StartByte():offset])) == ""
	}
	return false
}

// lineBreakAfter is the line break that ends the line starting at offset ("\n" when
// the line has none), so an inserted line keeps the file's line endings.
func lineBreakAfter(src []byte, offset uint) string {
	for i := int(offset); i < len(src); i++ {
		switch src[i] {
		case '\n':
			return "\n"
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				return "\r\n"
			}
			return "\r"
		}
	}
	return "\n"
}

func lineAt(lines *source.Lines, offset uint) int {
	return int(lines.Position(int(offset), source.UTF8).Line)
}

func lineStart(lines *source.Lines, line int) uint {
	return uint(lines.Offset(source.Position{Line: uint32(line)}, source.UTF8))
}
