package grammar

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The copied node-types.json files come from the grammar versions go.mod pins; a
// grammar upgrade without copying them again leaves the constants describing the old
// grammar.
func TestSourcesAreThePinnedGrammars(t *testing.T) {
	mod, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Sources {
		if !strings.Contains(string(mod), s.Module+" "+s.Version+"\n") {
			t.Errorf("go.mod does not pin %s %s, which %s.json was copied from", s.Module, s.Version, s.Language)
		}
	}
}

func TestGoNames(t *testing.T) {
	for value, want := range map[string]string{"call_expression": "CallExpression", "static get": "KeywordStaticGet", "===": "TokenEqEqEq", "?.": "TokenQuestionDot", "jsx_element": "JSXElement"} {
		named := value == "call_expression" || value == "jsx_element"
		if got, err := kindGoName(value, named); err != nil || got != want {
			t.Errorf("kindGoName(%q) = %q, %v; want %q", value, got, err, want)
		}
	}
	kinds, fields, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(kinds) < 300 || len(fields) < 30 {
		t.Errorf("%d kinds and %d fields", len(kinds), len(fields))
	}
}
