package resolve_test

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// BenchmarkRouteTable is the route table of the large file, on a resolver built once:
// what an outline request or the index's pass costs beyond the analysis.
func BenchmarkRouteTable(b *testing.B) {
	tree, src := parseLarge(b)
	r := resolve.Build(tree.RootNode(), src, kinds, resolve.Options{Express: true})
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		r.RouteTable(tree.RootNode(), "app.js", func(pkg string) bool { return pkg == "express" })
	}
}
