package syntax

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax/internal/kindlit"
)

// migratedToKindConstants are the packages whose code names node kinds and fields by
// the generated constants only; go run ./knowledge/syntax/internal/kindrewrite DIR
// migrates another one.
var migratedToKindConstants = []string{
	"knowledge/syntax", "knowledge/analysis", "knowledge/features", "knowledge/fix",
	"knowledge/topics", "knowledge/explain", "server", "knowledge/rules", "knowledge/resolve",
}

// A kind or field compared, switched on or passed as a string literal compiles even
// when misspelt, and then never matches; the constants do not compile misspelt.
func TestNoKindLiteralsOutsideTests(t *testing.T) {
	files, helpers, err := kindlit.Module(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	names, err := kindlit.LoadNames()
	if err != nil {
		t.Fatal(err)
	}
	var places []string
	checked := 0
	for _, f := range files {
		if !kindlit.Under(f.Path, migratedToKindConstants) {
			continue
		}
		checked++
		for _, u := range helpers.Find(f.AST) {
			if names.Offending(u) {
				places = append(places, f.Place(u))
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d files checked", checked)
	}
	if len(places) > 0 {
		t.Errorf("%d node kinds or fields written as literals (go run ./knowledge/syntax/internal/kindrewrite DIR replaces them):\n%s",
			len(places), strings.Join(places, "\n"))
	}
}
