package analysis

import (
	"context"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// A block comment may list its ids on several lines: a line break separates ids as a
// space does. (FuzzCheck found the message of an unused id spanning two lines.)
func TestSuppressionIdsOnSeveralLines(t *testing.T) {
	src := "/* nodecoach-disable rule-a,\n   rule-b */\nbad();\nworse();"
	f, res, err := Check(context.Background(), "x.js", syntax.JavaScript, []byte(src), nil, nil,
		[]*Rule{callRule("rule-a", "bad"), callRule("rule-b", "worse")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer syntax.Close(f.Tree)
	for _, fd := range res.Findings {
		t.Errorf("want both rules suppressed, got %s: %q", fd.Rule, fd.Message)
		if strings.Contains(fd.Message, "\n") {
			t.Errorf("a message must be one line: %q", fd.Message)
		}
	}
}
