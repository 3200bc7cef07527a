// Package syntax parses JavaScript and TypeScript with tree-sitter and offers the small
// node helpers that the resolver and the rules share.
package syntax

import (
	"path/filepath"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
	javascript "github.com/tree-sitter/tree-sitter-javascript/bindings/go"
	typescript "github.com/tree-sitter/tree-sitter-typescript/bindings/go"
)

// Language is one of the three grammars nodecoach parses with.
type Language int

const (
	// Unknown marks a file nodecoach does not analyse.
	Unknown Language = iota
	JavaScript
	TypeScript
	TSX
)

func (l Language) String() string {
	switch l {
	case JavaScript:
		return "javascript"
	case TypeScript:
		return "typescript"
	case TSX:
		return "tsx"
	}
	return "unknown"
}

// grammars are created once: a *sitter.Language only wraps a static C pointer.
var grammars = map[Language]*sitter.Language{
	JavaScript: sitter.NewLanguage(javascript.Language()),
	TypeScript: sitter.NewLanguage(typescript.LanguageTypescript()),
	TSX:        sitter.NewLanguage(typescript.LanguageTSX()),
}

// Grammar returns the tree-sitter language for l, nil for Unknown.
func (l Language) Grammar() *sitter.Language { return grammars[l] }

// IsTypeScript reports whether type annotations can appear in the file.
func (l Language) IsTypeScript() bool { return l == TypeScript || l == TSX }

// ForPath picks the grammar from a file name. JSX is a superset the JavaScript grammar
// already parses, so .jsx needs no grammar of its own; .tsx does, because `<T>x` casts
// and JSX elements cannot share one TypeScript grammar.
func ForPath(path string) Language {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".js", ".mjs", ".cjs", ".jsx":
		return JavaScript
	case ".ts", ".mts", ".cts":
		return TypeScript
	case ".tsx":
		return TSX
	}
	return Unknown
}

// ForLanguageID maps an LSP languageId to a grammar; the path decides when the id is
// one nodecoach does not know (some clients send "js" or nothing useful).
func ForLanguageID(id, path string) Language {
	switch id {
	case "javascript", "javascriptreact":
		return JavaScript
	case "typescript":
		if strings.EqualFold(filepath.Ext(path), ".tsx") {
			return TSX
		}
		return TypeScript
	case "typescriptreact":
		return TSX
	}
	return ForPath(path)
}
