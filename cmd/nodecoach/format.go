package main

import (
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
)

// output is what a format needs beside the findings.
type output struct {
	cwd    string // paths in SARIF and GitHub annotations are relative to it
	color  bool   // ANSI colours (text only)
	failed bool   // some file could not be checked
}

// formatter writes the findings of one run to w in one format.
type formatter func(w io.Writer, reports []report, out output) error

// formats are the values of --format, each in its own file.
var formats = map[string]formatter{
	"text":   printText,
	"json":   printJSON,
	"sarif":  printSARIF,
	"github": printGitHub,
}

func formatNames() []string {
	names := make([]string, 0, len(formats))
	for name := range formats {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// relPath returns file relative to cwd with forward slashes, and false (with the
// absolute path) when the file lies outside cwd: code scanning and workflow
// annotations resolve paths from the repository root, where CI runs the check.
func relPath(file, cwd string) (string, bool) {
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(cwd, file)
	}
	rel, err := filepath.Rel(cwd, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(abs), false
	}
	return filepath.ToSlash(rel), true
}

// fileURI turns a path from relPath into a URI reference: relative and escaped inside
// cwd, an absolute file: URI outside it.
func fileURI(path string, relative bool) string {
	if relative {
		return (&url.URL{Path: path}).String() // "a:b.js" comes out as "./a:b.js", not a scheme
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // a Windows drive path, C:/x
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}
