package analysis_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/analysis/analysistest"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// benchCheck parses and checks each file once per iteration; b.SetBytes makes the
// result read as throughput (MB/s).
func benchCheck(b *testing.B, files map[string][]byte) {
	all := rules.All()
	var total int64
	for _, src := range files {
		total += int64(len(src))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for path, src := range files {
			f, res, err := analysis.Check(context.Background(), path, syntax.ForPath(path), src, nil, nil, all, analysis.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if res.Problems != nil {
				b.Fatal(res.Problems)
			}
			syntax.Close(f.Tree)
		}
	}
}

func BenchmarkCheckLargeFile(b *testing.B) {
	path, src := analysistest.LargeFile(b)
	benchCheck(b, map[string][]byte{path: src})
}

func BenchmarkCheckTestdata(b *testing.B) {
	files := map[string][]byte{}
	err := filepath.WalkDir("../../testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && syntax.ForPath(p) != syntax.Unknown {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files[p] = data
		}
		return err
	})
	if err != nil || len(files) == 0 {
		b.Fatalf("testdata: %v (%d files)", err, len(files))
	}
	benchCheck(b, files)
}

// BenchmarkParseOnly is the floor the engine is measured against: tree-sitter alone.
func BenchmarkParseOnly(b *testing.B) {
	path, src := analysistest.LargeFile(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		tree, err := syntax.Parse(context.Background(), syntax.ForPath(path), src, nil)
		if err != nil {
			b.Fatal(err)
		}
		syntax.Close(tree)
	}
}

// BenchmarkQuick is the prefilter's look at a large file: one pass of the automaton
// over its text, for every needle the rules ask about.
func BenchmarkQuick(b *testing.B) {
	_, src := analysistest.LargeFile(b)
	all := rules.All()
	analysis.Applicable(analysis.NewQuick(src, nil), all, analysis.Options{}) // warm the call-name cache
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		analysis.Applicable(analysis.NewQuick(src, nil), all, analysis.Options{})
	}
}

// The pathological shapes, each at two sizes so that growth shows: twice the input
// should take about twice the time.

func BenchmarkCheckRateLimitedRoutes(b *testing.B) {
	for _, n := range []int{500, 1000} {
		b.Run(fmt.Sprintf("routes=%d", n), func(b *testing.B) {
			benchCheck(b, map[string][]byte{"app.js": analysistest.RateLimitedRoutes(n)})
		})
	}
}

func BenchmarkCheckWrappedRoutes(b *testing.B) {
	for _, n := range []int{250, 500} {
		b.Run(fmt.Sprintf("groups=%d", n), func(b *testing.B) {
			benchCheck(b, map[string][]byte{"routes.js": analysistest.WrappedRoutes(n)})
		})
	}
}

func BenchmarkCheckOpenTemplate(b *testing.B) {
	for _, size := range []int{250_000, 500_000} {
		b.Run(fmt.Sprintf("bytes=%d", size), func(b *testing.B) {
			benchCheck(b, map[string][]byte{"app.js": analysistest.OpenTemplate(size)})
		})
	}
}
