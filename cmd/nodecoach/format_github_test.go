package main

import (
	"bytes"
	"testing"
)

func TestGitHubEscaping(t *testing.T) {
	cases := []struct {
		in, data, property string
	}{
		{"plain text", "plain text", "plain text"},
		{"50% done", "50%25 done", "50%25 done"},
		{"line\nbreak\r\n", "line%0Abreak%0D%0A", "line%0Abreak%0D%0A"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		// An escape already in the text stays text: its % is escaped once.
		{"%0A%3A", "%250A%253A", "%250A%253A"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
	}
	for _, c := range cases {
		if got := escapeData(c.in); got != c.data {
			t.Errorf("escapeData(%q) = %q, want %q", c.in, got, c.data)
		}
		if got := escapeProperty(c.in); got != c.property {
			t.Errorf("escapeProperty(%q) = %q, want %q", c.in, got, c.property)
		}
	}
}

func TestGitHubCommands(t *testing.T) {
	reports := []report{
		{File: "/repo/src/a,b:c.js", Line: 1, Column: 2, EndLine: 3, EndColumn: 4, Rule: "r", Severity: "error", Message: "one\ntwo: 100%"},
		{File: "src/w.js", Line: 5, Column: 6, EndLine: 5, EndColumn: 9, Rule: "r", Severity: "warning", Message: "w"},
		{File: "src/i.js", Line: 1, Column: 1, EndLine: 1, EndColumn: 1, Rule: "r", Severity: "information", Message: "i"},
		{File: "src/h.js", Line: 1, Column: 1, EndLine: 1, EndColumn: 1, Rule: "r", Severity: "hint", Message: "h"},
	}
	var out bytes.Buffer
	if err := printGitHub(&out, reports, output{cwd: "/repo"}); err != nil {
		t.Fatal(err)
	}
	want := "::error file=src/a%2Cb%3Ac.js,line=1,col=2,endLine=3,endColumn=4,title=r::one%0Atwo: 100%25\n" +
		"::warning file=src/w.js,line=5,col=6,endLine=5,endColumn=9,title=r::w\n" +
		"::notice file=src/i.js,line=1,col=1,endLine=1,endColumn=1,title=r::i\n" +
		"::notice file=src/h.js,line=1,col=1,endLine=1,endColumn=1,title=r::h\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
