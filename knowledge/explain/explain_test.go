package explain

import (
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
)

// TestAPIHoversAreShort: every API hover fits about 20 lines and keeps what a hover
// promises: title, the API, the example, the interview question and a docs link.
func TestAPIHoversAreShort(t *testing.T) {
	for _, e := range entries.All() {
		if len(e.APIs) == 0 {
			continue
		}
		api := e.APIs[0]
		md := API(e, api, Markdown)
		if n := strings.Count(md, "\n") + 1; n > 22 {
			t.Errorf("%s: the hover has %d lines, want about 20 at most", e.ID, n)
		}
		for _, want := range []string{"### " + e.Title, "`" + api + "`: ", "```", e.Docs, "nodecoach explain " + e.ID} {
			if !strings.Contains(md, want) {
				t.Errorf("%s: hover lacks %q:\n%s", e.ID, want, md)
			}
		}
		if len(e.Source) > 0 && !strings.Contains(md, "Interview "+e.Source[0]) {
			t.Errorf("%s: hover does not name the interview question", e.ID)
		}
		if e.Answer == entries.AnswerNodecoach && !strings.Contains(md, "without an answer") {
			t.Errorf("%s: the hover must say the interview gives no answer", e.ID)
		}
		plain := API(e, api, Plain)
		if strings.Contains(plain, "```") || strings.Contains(plain, "### ") || strings.Contains(plain, "](") {
			t.Errorf("%s: plain text hover contains Markdown:\n%s", e.ID, plain)
		}
	}
}

func TestShorten(t *testing.T) {
	long := "```js\n" + strings.Repeat("a();\n", 14) + "```"
	got := shorten(long, 8)
	if strings.Count(got, "a();") != 8 || !strings.HasSuffix(got, "// …\n```") {
		t.Errorf("shorten:\n%s", got)
	}
	short := "```js\na();\n```"
	if shorten(short, 8) != short {
		t.Error("a short example must stay as it is")
	}
}

func TestFindingAndRule(t *testing.T) {
	r := &analysis.Rule{Name: "no-sync-fs-in-handler", Entry: "sync-vs-async-io", Severity: analysis.Warning, Doc: "Flags sync fs.\n\nBecause."}
	f := analysis.Finding{Rule: r.Name, Severity: analysis.Warning, Message: "fs.readFileSync blocks"}
	md := Finding(r, f, Markdown)
	for _, want := range []string{"### no-sync-fs-in-handler (warning)", "fs.readFileSync blocks", "Because.", "Interview R2.1"} {
		if !strings.Contains(md, want) {
			t.Errorf("finding hover lacks %q:\n%s", want, md)
		}
	}
	full := Rule(r)
	if !strings.HasPrefix(full, "# no-sync-fs-in-handler\n\nDefault severity: warning") || !strings.Contains(full, "## Why it matters") {
		t.Errorf("rule explanation:\n%s", full)
	}
}

func TestRuleDocsDoNotTurnIntoEmphasis(t *testing.T) {
	r := &analysis.Rule{Name: "x", Doc: "A *Sync call in `fs.*Sync` and setup* functions, UV_THREADPOOL_SIZE."}
	md := Finding(r, analysis.Finding{Rule: "x"}, Markdown)
	if !strings.Contains(md, `A \*Sync call in `+"`fs.*Sync`"+` and setup\* functions, UV\_THREADPOOL\_SIZE.`) {
		t.Errorf("emphasis not escaped outside code spans:\n%s", md)
	}
	if plain := Finding(r, analysis.Finding{Rule: "x"}, Plain); strings.Contains(plain, `\*`) {
		t.Errorf("plain text must not carry Markdown escapes:\n%s", plain)
	}
}
