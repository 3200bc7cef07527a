package workspace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/source"
)

// A file whose lines end in a lone CR (old Mac line breaks) is ordinary source, as in
// JavaScript and LSP: the walk checks it. One long line is still a bundle, whatever
// ends it.
func TestLoneCRLinesAreNotMinified(t *testing.T) {
	dir := t.TempDir()
	line := "app.get('/r', (req, res) => res.send(fs.readFileSync('a')));"
	files := map[string]string{
		"lf.js":     strings.Repeat(line+"\n", 200),
		"crlf.js":   strings.Repeat(line+"\r\n", 200),
		"cr.js":     strings.Repeat(line+"\r", 200),
		"bundle.js": strings.Repeat(line, 200) + "\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	visited := map[string]bool{}
	skipped := map[string]string{}
	err := Walk([]string{dir}, func(p string) { visited[filepath.Base(p)] = true },
		func(s Skipped) { skipped[filepath.Base(s.Path)] = s.Reason })
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"lf.js", "crlf.js", "cr.js"} {
		if !visited[name] {
			t.Errorf("%s was not checked (skipped as %q)", name, skipped[name])
		}
	}
	if visited["bundle.js"] || skipped["bundle.js"] != "a minified bundle" {
		t.Errorf("bundle.js: checked %v, skipped as %q; want a minified bundle", visited["bundle.js"], skipped["bundle.js"])
	}
}

// lineCount counts the lines source.Lines counts, whatever ends them (the minified test
// divides by it).
func TestLineCountIsTheLinesCount(t *testing.T) {
	for _, text := range []string{"", "a", "a\n", "\n", "\r", "\r\n", "\n\r", "a\rb\r\nc\nd", "\r\r\n\n\r", "x\r", strings.Repeat("ab\r\n", 50) + "\r"} {
		if got, want := lineCount([]byte(text)), source.NewLines([]byte(text)).Count(); got != want {
			t.Errorf("%q: %d lines, source.Lines counts %d", text, got, want)
		}
	}
}
