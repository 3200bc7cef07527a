package explain

import (
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/entries"
)

func TestTerminalPlainHasNoMarkdown(t *testing.T) {
	md := "# Title\n\nSome `code` and **bold** and [docs](https://nodejs.org/api/fs.html).\n\n## Example\n\n```js\nconst a = 1;\n```\n"
	got := Terminal(md, false)
	want := "Title\n=====\n\nSome code and bold and docs <https://nodejs.org/api/fs.html>.\n\nExample\n-------\n\n    const a = 1;\n"
	if got != want {
		t.Errorf("plain rendering:\n%q\nwant:\n%q", got, want)
	}
	for _, e := range entries.All() {
		plain := Terminal(e.Markdown(), false)
		if strings.Contains(plain, "```") || strings.Contains(plain, "](") || strings.Contains(plain, "\x1b[") {
			t.Errorf("%s: Markdown or escapes left in plain text", e.ID)
		}
	}
}

func TestTerminalColour(t *testing.T) {
	got := Terminal("## Why\n\nuse `fs/promises`", true)
	if !strings.Contains(got, "\x1b[1mWhy\x1b[0m") || !strings.Contains(got, "\x1b[36mfs/promises\x1b[0m") {
		t.Errorf("colour rendering: %q", got)
	}
}

func TestTerminalDropsMarkdownEscapes(t *testing.T) {
	if got := Terminal(`A \*Sync call, UV\_THREADPOOL\_SIZE`, false); got != "A *Sync call, UV_THREADPOOL_SIZE" {
		t.Errorf("got %q", got)
	}
}

// TestTerminalNamesMarkedExamples: a terminal shows no info strings, so a block marked
// bad or good is introduced by a label.
func TestTerminalNamesMarkedExamples(t *testing.T) {
	got := Terminal("```js bad\nfs.readFileSync(p);\n```\n\n```js good\nawait readFile(p);\n```\n\n```js\nx();\n```", false)
	want := "    The mistake:\n    fs.readFileSync(p);\n\n    The fix:\n    await readFile(p);\n\n    x();"
	if got != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
}
