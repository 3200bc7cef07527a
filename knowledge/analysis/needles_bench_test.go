package analysis

import (
	"os"
	"testing"
)

// BenchmarkCompileNeedles builds the automaton of every rule's needles, as each
// process does at its first look at a file.
func BenchmarkCompileNeedles(b *testing.B) {
	needles := registeredNeedleList(b)
	b.ReportAllocs()
	for b.Loop() {
		compile(needles)
	}
}

// BenchmarkScanNeedles looks for every rule's needles in real files: those under
// NODECOACH_BENCH_CORPUS when set (make bench), else the project's sample files.
func BenchmarkScanNeedles(b *testing.B) {
	root := os.Getenv("NODECOACH_BENCH_CORPUS")
	if root == "" {
		root = "../../testdata"
	}
	texts := sourceFiles(b, root)
	m := compile(registeredNeedleList(b))
	found := make([]bool, len(m.ids))
	var total int64
	for _, t := range texts {
		total += int64(len(t))
	}
	b.SetBytes(total)
	for b.Loop() {
		for _, t := range texts {
			m.scan(found, t)
		}
	}
}
