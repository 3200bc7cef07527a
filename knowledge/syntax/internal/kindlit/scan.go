package kindlit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/syntax/internal/grammar"
)

// SyntaxPath is the import path of the package holding the constants.
const SyntaxPath = "github.com/nodecoach/nodecoach/knowledge/syntax"

// File is one parsed Go file of the module.
type File struct {
	Path string // slash-separated, relative to the module root
	Src  []byte
	AST  *ast.File
	Fset *token.FileSet
}

// Module parses every Go file of the module at root that is not a test, not
// generated and not one of the syntax package's generators (which name kinds as
// data), and collects the helpers they declare.
func Module(root string) ([]*File, *Helpers, error) {
	var files []*File
	h := NewHelpers()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" ||
				rel == "knowledge/syntax/internal") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") || filepath.Base(rel) == grammar.GeneratedFile {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, rel, src, parser.ParseComments)
		if err != nil {
			return err
		}
		h.Collect(f)
		files = append(files, &File{Path: rel, Src: src, AST: f, Fset: fset})
		return nil
	})
	return files, h, err
}

// Under reports whether a module-relative path lies in one of dirs (a directory and
// everything below it).
func Under(path string, dirs []string) bool {
	for _, d := range dirs {
		d = strings.TrimSuffix(strings.TrimSuffix(filepath.ToSlash(filepath.Clean(d)), "/..."), "/")
		if d == "." || strings.HasPrefix(path, d+"/") {
			return true
		}
	}
	return false
}

// Names maps kind and field values to their constants' names.
type Names struct {
	named, other, fields map[string]string
}

// LoadNames reads the constants' names from the grammars.
func LoadNames() (*Names, error) {
	kinds, fields, err := grammar.Load()
	if err != nil {
		return nil, err
	}
	n := &Names{named: map[string]string{}, other: map[string]string{}, fields: map[string]string{}}
	for _, k := range kinds {
		if k.Named {
			n.named[k.Value] = k.GoName
		} else {
			n.other[k.Value] = k.GoName
		}
	}
	for _, f := range fields {
		n.fields[f.Value] = f.GoName
	}
	return n, nil
}

// Constant is the constant's name for a use, "" when the literal names no kind or
// field. A named kind wins over a keyword of the same text (string, class): both are
// the same string. Where only a variable's name says the position holds a kind, only
// a named kind counts, so that a word such as "get" or "type" is left alone.
func (n *Names) Constant(u Use) string {
	if u.Field {
		return n.fields[u.Value]
	}
	if c := n.named[u.Value]; c != "" {
		return c
	}
	if u.Sure {
		return n.other[u.Value]
	}
	return ""
}

// Offending is a literal the check reports: one naming a kind or field, or any
// literal where a kind must be (a misspelt kind).
func (n *Names) Offending(u Use) bool { return u.Sure || n.Constant(u) != "" }

// Place is file:line:column of a use.
func (f *File) Place(u Use) string {
	p := f.Fset.Position(u.Lit.Pos())
	return fmt.Sprintf("%s:%d:%d: %s", f.Path, p.Line, p.Column, u.Lit.Value)
}
