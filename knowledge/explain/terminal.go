package explain

import (
	"regexp"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/entries"
)

// ANSI styles for terminals; empty when colour is off.
type style struct{ bold, dim, code, reset string }

var (
	colour = style{bold: "\x1b[1m", dim: "\x1b[2m", code: "\x1b[36m", reset: "\x1b[0m"}
	mono   = style{}
	link   = regexp.MustCompile(`\[([^\]]+)\]\(([^)]+)\)`)
	strong = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	inline = regexp.MustCompile("`([^`]+)`")
)

// Terminal renders an entry's Markdown for a terminal: headings stand out, code is
// indented, links show their address, and no Markdown syntax is left. With colour
// off the result is plain text, for pipes and files.
func Terminal(md string, useColour bool) string {
	st := mono
	if useColour {
		st = colour
	}
	var out []string
	inCode := false
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```"):
			inCode = !inCode
			if label := markLabels[exampleMark(trimmed)]; inCode && label != "" {
				out = append(out, "    "+st.bold+label+st.reset)
			}
			continue
		case inCode:
			out = append(out, "    "+st.dim+line+st.reset)
			continue
		case strings.HasPrefix(line, "# "):
			title := strings.TrimPrefix(line, "# ")
			out = append(out, st.bold+title+st.reset, strings.Repeat("=", len([]rune(title))))
			continue
		case strings.HasPrefix(line, "## "), strings.HasPrefix(line, "### "):
			title := strings.TrimLeft(line, "# ")
			out = append(out, st.bold+title+st.reset, strings.Repeat("-", len([]rune(title))))
			continue
		case trimmed == "---":
			out = append(out, strings.Repeat("─", 40))
			continue
		}
		line = strings.NewReplacer(`\*`, "*", `\_`, "_").Replace(line) // escapes are for Markdown renderers
		line = link.ReplaceAllString(line, "$1 <$2>")
		line = strong.ReplaceAllString(line, st.bold+"$1"+st.reset)
		line = inline.ReplaceAllString(line, st.code+"$1"+st.reset)
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// markLabels say in words what an example block's mark (see entries.MarkBad) says to
// a Markdown reader's eye: a terminal shows no info strings.
var markLabels = map[string]string{entries.MarkBad: "The mistake:", entries.MarkGood: "The fix:"}

// exampleMark is the second word of a fence's info string: "```js bad" gives "bad".
func exampleMark(fence string) string {
	if words := strings.Fields(strings.TrimLeft(fence, "`")); len(words) > 1 {
		return words[1]
	}
	return ""
}
