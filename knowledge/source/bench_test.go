package source

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// benchText is about 5,000 lines of code-like text, with a CJK or emoji
// line every few lines so that both the ASCII fast path and the scanning
// path are measured.
func benchText() []byte {
	var b strings.Builder
	for i := range 5000 {
		switch i % 7 {
		case 3:
			b.WriteString("  const label = \"日本語のラベル\"; // 翻訳済み\n")
		case 5:
			b.WriteString("  log(\"done 😀 with 🎉 item\", index, value); \r\n")
		default:
			b.WriteString("  if (value.length > limit) { return compute(value, index); }\n")
		}
	}
	return []byte(b.String())
}

// benchPositions draws positions spread over the text, with a fixed seed so
// that runs compare.
func benchPositions(l *Lines, n int) []Position {
	r := rand.New(rand.NewPCG(1, 2))
	ps := make([]Position, n)
	for i := range ps {
		ps[i] = Position{Line: uint32(r.IntN(l.Count())), Character: uint32(r.IntN(64))}
	}
	return ps
}

func BenchmarkOffset(b *testing.B) {
	l := NewLines(benchText())
	ps := benchPositions(l, 1024)
	for _, e := range encodings {
		b.Run(e.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				l.Offset(ps[i%len(ps)], e.enc)
				i++
			}
		})
	}
}

func BenchmarkPosition(b *testing.B) {
	text := benchText()
	l := NewLines(text)
	r := rand.New(rand.NewPCG(3, 4))
	offs := make([]int, 1024)
	for i := range offs {
		offs[i] = r.IntN(len(text) + 1)
	}
	for _, e := range encodings {
		b.Run(e.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				l.Position(offs[i%len(offs)], e.enc)
				i++
			}
		})
	}
}

func BenchmarkNewLines(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		NewLines(text)
	}
}
