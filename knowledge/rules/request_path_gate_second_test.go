package rules

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// TestRequestPathNamed: a call, edge or prototype fact naming one of a file's module
// keys names the file, even where the key itself holds "#" (a folder so named); a fact
// of another kind, or naming another file, does not.
func TestRequestPathNamed(t *testing.T) {
	const odd, plain, other = "/app/lib#v2/store.js", "/app/lib/db.js", "/app/lib/cache.js"
	key := func(file string) string { return resolve.OwnModuleKeys(file)[0] }
	named := RequestPathNamed{}
	named.Add([]analysis.Fact{
		{Name: factRequestPathCall + key(odd) + "#read"},
		{Name: factPrototypeMethod + key(plain) + "#query>find"},
		{Name: factBareRoute + key(other) + "#list"},
	})
	for file, want := range map[string]bool{odd: true, plain: true, other: false} {
		if got := named.Names(file); got != want {
			t.Errorf("%s named = %v, want %v", file, got, want)
		}
	}
	edges := RequestPathNamed{}
	edges.Add([]analysis.Fact{{Name: factRequestPathEdge + key(other) + "#get<load"}})
	if !edges.Names(other) || edges.Names(plain) {
		t.Errorf("an edge names %s only: named %v, %s named %v", other, edges.Names(other), plain, edges.Names(plain))
	}
}
