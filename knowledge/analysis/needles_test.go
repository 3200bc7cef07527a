package analysis

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// registeredNeedleList is the needle set of every rule, as the registry compiles it.
// The rules register when their package is imported, which this package's external
// tests do, so the test binary always holds them.
func registeredNeedleList(tb testing.TB) []string {
	registry.Lock()
	defer registry.Unlock()
	if len(registry.list) == 0 {
		tb.Fatal("no rule registered its needles: the rules package is not in the test binary")
	}
	return append([]string(nil), registry.list...)
}

// sourceFiles reads the JavaScript and TypeScript files under root.
func sourceFiles(tb testing.TB, root string) [][]byte {
	var texts [][]byte
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || syntax.ForPath(p) == syntax.Unknown {
			return err
		}
		data, err := os.ReadFile(p)
		texts = append(texts, data)
		return err
	})
	if err != nil || len(texts) == 0 {
		tb.Fatalf("reading %s: %v (%d files)", root, err, len(texts))
	}
	return texts
}

// asciiLower folds A-Z alone, as the automaton does: bytes.ToLower would also fold
// runes such as the Kelvin sign into ASCII letters.
func asciiLower(text []byte) []byte {
	out := make([]byte, len(text))
	for i, b := range text {
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		out[i] = b
	}
	return out
}

// assertScanAgrees fails when m's scan of text differs from bytes.Contains over the
// lower-cased text for any needle.
func assertScanAgrees(t *testing.T, m *matcher, needles []string, text []byte) {
	t.Helper()
	found := make([]bool, len(needles))
	m.scan(found, text)
	lower := asciiLower(text)
	for id, n := range needles {
		if want := bytes.Contains(lower, []byte(n)); found[id] != want {
			t.Fatalf("needle %q in a text of %d bytes: found %v, want %v", n, len(text), found[id], want)
		}
	}
}

// The automaton of the rules' real needles finds exactly what bytes.Contains finds,
// in the project's own sample files and in texts made of the needles' pieces: pieces
// that overlap, needles that end other needles, random capitals and bytes >= 0x80.
func TestRegisteredMatcherAgreesWithContains(t *testing.T) {
	needles := registeredNeedleList(t)
	m := compile(needles)
	for _, text := range sourceFiles(t, "../../testdata") {
		assertScanAgrees(t, m, needles, text)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		assertScanAgrees(t, m, needles, adversarialText(rng, needles, 2000))
	}
	// Every needle alone, and each but its last byte, which must find it no more.
	for _, n := range needles {
		assertScanAgrees(t, m, needles, []byte(n))
		assertScanAgrees(t, m, needles, []byte(n[:len(n)-1]))
	}
}

// adversarialText strings together whole needles, their prefixes and suffixes, with
// random capitals, and lone bytes, some of them >= 0x80.
func adversarialText(rng *rand.Rand, needles []string, size int) []byte {
	var text []byte
	for len(text) < size {
		n := needles[rng.IntN(len(needles))]
		var piece string
		switch rng.IntN(4) {
		case 0:
			piece = n
		case 1:
			piece = n[:rng.IntN(len(n))+1]
		case 2:
			piece = n[rng.IntN(len(n)):]
		default:
			piece = string([]byte{byte(rng.IntN(256))})
		}
		for _, b := range []byte(piece) {
			if 'a' <= b && b <= 'z' && rng.IntN(3) == 0 {
				b -= 'a' - 'A'
			}
			text = append(text, b)
		}
	}
	return text
}

// A needle is found wherever it lies in a long text, across each place where one of
// the scan's four walks meets the next included, and in the last bytes of each.
func TestMatcherFindsNeedlesWhereTheWalksMeet(t *testing.T) {
	needles := registeredNeedleList(t)
	m := compile(needles)
	for _, size := range []int{minLanedText, minLanedText + 1, 1001} {
		for i, n := range needles {
			if i%7 != 0 && len(n) < m.longest {
				continue // every seventh needle, and the longest, keep the test quick
			}
			q := size / 4 // where the second walk starts; the third at 2q, the fourth at 3q
			ats := []int{size - len(n), 0}
			for _, meet := range []int{q, 2 * q, 3 * q} {
				ats = append(ats, meet-len(n), meet-len(n)/2, meet-1, meet)
			}
			for _, at := range ats {
				text := make([]byte, size) // zero bytes, in no needle
				copy(text[max(at, 0):], n)
				assertScanAgrees(t, m, needles, text)
			}
		}
	}
}
