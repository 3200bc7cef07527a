package entries

import (
	"fmt"
	"strings"
)

// Example marks. A code block of the Example section may say, after its language in
// the info string, which side of the lesson it is on:
//
//	```js bad     the mistake the entry warns about; a hover never shows it as the way to go
//	```js good    the fix, the right way; a hover prefers it
//	```js         a neutral example (the usual case for entries without a mistake)
//
// An entry that shows a mistake and its fix splits them into two blocks, the bad one
// first, so the whole entry still reads as "don't, do", while the hover picks the
// good part that uses the hovered API.
const (
	MarkBad  = "bad"
	MarkGood = "good"
)

// Block is one fenced JavaScript or TypeScript block of the Example section.
type Block struct {
	Lang string // the info string's language: js, ts, ...
	Mark string // MarkBad, MarkGood or ""
	Code string // the lines between the fences
}

// TypeScript reports whether the block is TypeScript.
func (b Block) TypeScript() bool {
	return b.Lang == "ts" || b.Lang == "tsx" || b.Lang == "typescript"
}

// Examples returns the JavaScript and TypeScript blocks of the Example section, in file
// order, with their marks. Blocks in other languages (shell, JSON) are left out.
func (e *Entry) Examples() []Block {
	var out []Block
	for _, f := range fences(e.Section(SecExample)) {
		if exampleLangs[f.lang] {
			out = append(out, Block{Lang: f.lang, Mark: f.mark, Code: f.code})
		}
	}
	return out
}

// fence is one fenced code block: its info string's language and mark, the line of
// its first code line in md (1-based), and the code between the fences.
type fence struct {
	lang, mark string
	line       int
	code       string
}

// fences splits md into its fenced code blocks; an unclosed block is dropped.
func fences(md string) []fence {
	var out []fence
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		t := strings.TrimLeft(lines[i], " ")
		open := fenceRe.FindString(t)
		if open == "" {
			continue
		}
		f := fence{line: i + 2}
		if words := strings.Fields(t[len(open):]); len(words) > 0 {
			f.lang = words[0]
			if len(words) > 1 {
				f.mark = words[1]
			}
		}
		for j := i + 1; j < len(lines); j++ {
			if closesFence(lines[j], open) {
				f.code = strings.Join(lines[i+1:j], "\n")
				out = append(out, f)
				i = j
				break
			}
		}
	}
	return out
}

// checkMarks rejects a mark other than good or bad on a code block of the example, and
// an entry whose blocks are all bad (a hover would have nothing right to show).
func checkMarks(e *Entry) error {
	blocks := e.Examples()
	good := false
	for _, b := range blocks {
		switch b.Mark {
		case "", MarkGood:
			good = true
		case MarkBad:
		default:
			return fmt.Errorf("section %q: example mark %q: use %q or %q", SecExample, b.Mark, MarkGood, MarkBad)
		}
	}
	if len(blocks) > 0 && !good {
		return fmt.Errorf("section %q: every code block is marked %q", SecExample, MarkBad)
	}
	return nil
}
