package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// printGitHub prints one GitHub Actions workflow command per finding, which the runner
// turns into an annotation on the pull request's diff:
//
//	::warning file=src/app.js,line=3,col=9,endLine=3,endColumn=15,title=cors-allow-all::message
//
// Information and hints become notices: Actions has no lower level.
func printGitHub(w io.Writer, reports []report, out output) error {
	bw := bufio.NewWriter(w)
	for _, r := range reports {
		file, _ := relPath(r.File, out.cwd)
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			githubLevel(r.Severity), escapeProperty(file), r.Line, r.Column, r.EndLine, r.EndColumn,
			escapeProperty(r.Rule), escapeData(r.Message))
	}
	return bw.Flush()
}

func githubLevel(severity string) string {
	switch severity {
	case "error":
		return "error"
	case "warning":
		return "warning"
	}
	return "notice"
}

// dataEscaper escapes a command's message as @actions/core does: the line breaks that
// would end the command, and % so that a literal %0A stays text. A Replacer makes one
// pass, so the % of an escape it wrote is never escaped again.
var dataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

// propertyEscaper also escapes the property separators : and , of file=…,title=….
var propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
