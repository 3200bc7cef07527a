package analysis

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// IndexWord finds what bytes.Index finds, where the word's rarest letter is
// everywhere, nowhere, or at the text's edges, and for words with no letter at all.
func TestIndexWordAgreesWithIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	alphabet := []byte("requimportypq \n(,")
	for _, word := range []string{"require", "import", "prototype", "q", "ee", " req,", "res)", ",(", ""} {
		for range 3000 {
			text := make([]byte, rng.IntN(30))
			for i := range text {
				text[i] = alphabet[rng.IntN(len(alphabet))]
			}
			if rng.IntN(3) == 0 {
				at := rng.IntN(len(text) + 1)
				text = append(text[:at:at], append([]byte(word), text[at:]...)...)
			}
			if got, want := IndexWord(text, word), bytes.Index(text, []byte(word)); got != want {
				t.Fatalf("IndexWord(%q, %q) = %d, want %d", text, word, got, want)
			}
		}
	}
}
