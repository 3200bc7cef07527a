package entries

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// TestEveryAPIIsResolvable: an api no import form can produce would never show its
// entry on hover.
func TestEveryAPIIsResolvable(t *testing.T) {
	total := 0
	for _, e := range All() {
		for _, api := range e.APIs {
			total++
			if !resolve.Producible(api) {
				t.Errorf("%s lists %q, which the resolver never produces", e.ID, api)
			}
		}
	}
	if total < 150 {
		t.Errorf("the base explains %d APIs, want at least 150", total)
	}
}
