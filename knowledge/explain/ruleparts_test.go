package explain

import (
	"slices"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// TestSplitRuleDocKeepsEveryWord: the rules reference shows every rule's whole Doc,
// each word once, under some heading; and every Doc has a summary and a fix.
func TestSplitRuleDocKeepsEveryWord(t *testing.T) {
	for _, r := range rules.All() {
		d := SplitRuleDoc(r.Doc)
		if d.Summary == "" || d.UseInstead == "" {
			t.Errorf("%s: summary %q, use instead %q: both are needed", r.Name, d.Summary, d.UseInstead)
		}
		parts := []string{d.Summary, useInsteadLine + ":", d.UseInstead}
		for _, ps := range [][]string{d.Why, d.Details, d.NotFlagged, d.After} {
			parts = append(parts, ps...)
		}
		got, want := strings.Fields(strings.Join(parts, " ")), strings.Fields(r.Doc)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the parts do not hold the Doc's words exactly once", r.Name)
		}
	}
}

// TestSplitRuleDocSections: each convention of a Doc lands under its heading.
func TestSplitRuleDocSections(t *testing.T) {
	doc := `Flags a thing.

It blocks the loop. A thing in a test is not flagged. Nor is one at top level.
The loop stalls.

Hint: in a service it is a hint.

Not flagged:
- startup code.
Use instead:
  await other();
  done();

Off by default: turn it on with --rule thing=warning.`
	d := SplitRuleDoc(doc)
	check := func(what string, got, want any) {
		t.Helper()
		if !slices.Equal(toStrings(got), toStrings(want)) {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	check("Summary", d.Summary, "Flags a thing.")
	check("Why", d.Why, []string{"It blocks the loop.\nThe loop stalls."})
	check("Details", d.Details, []string{"Hint: in a service it is a hint."})
	check("NotFlagged", d.NotFlagged, []string{"A thing in a test is not flagged.\nNor is one at top level.", "Not flagged:\n- startup code."})
	check("UseInstead", d.UseInstead, "  await other();\n  done();")
	check("After", d.After, []string{"Off by default: turn it on with --rule thing=warning."})

	md := docMarkdown(d.UseInstead)
	if !strings.Contains(md, "```js\nawait other();\ndone();\n```") {
		t.Errorf("indented lines of a fix are code:\n%s", md)
	}
	if md := docMarkdown("A *Sync call:\n- one\n  more\nAfter the list."); md != "A \\*Sync call:\n- one\n  more\n\nAfter the list." {
		t.Errorf("prose after a list is a paragraph of its own, emphasis escaped:\n%s", md)
	}
}

func toStrings(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	return v.([]string)
}
