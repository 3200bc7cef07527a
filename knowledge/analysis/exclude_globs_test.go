package analysis

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bmatcuk/doublestar/v4"
)

// A compiled glob matches exactly the paths doublestar matches: the default globs,
// the bin glob and globs a user may write, on paths built from the segments they name
// and their near misses.
func TestCompiledGlobsAgreeWithDoublestar(t *testing.T) {
	patterns := append(append([]string{}, defaultExcludes...), binFiles,
		"src/legacy/**", "**/*.gen.ts", "*.js", "**", "a?c/**", "**/{a,b}/*.{js,}", "{x,y/z}/**",
		"**/[ab]*.js", `**/\*.js`, "a{b", "a}b", "a,b/**", "**/fixtures*", "lib/*/index.{js,ts}", "")
	segments := []string{"src", "test", "tests", "__tests__", "__mocks__", "e2e", "scripts", "migrations", "seed",
		"seeds", "seeders", "node_modules", "dist", "build", "coverage", ".next", "tools", "bin", "lib", "legacy",
		"a", "abc", "b", "x", "y", "z", "fixtures", "..", "", "index", "testing", "distinct"}
	bases := []string{"index.js", "a.test.ts", "a.spec.mjs", "a.test.json", "test-setup.js", "jestSetup.ts",
		"setupTests.tsx", "vite.config.ts", "a.config.json", "types.d.ts", "x.d.mts", "x.d.cts", "ecosystem.config.js",
		"a.gen.ts", "b.js", "abc", "[ab].js", "*.js", "a,b", ".d.ts", "server.ts", "seed.js"}
	rng := rand.New(rand.NewPCG(7, 8))
	var paths []string
	for range 4000 {
		var parts []string
		for range rng.IntN(4) {
			parts = append(parts, segments[rng.IntN(len(segments))])
		}
		paths = append(paths, strings.Join(append(parts, bases[rng.IntN(len(bases))]), "/"))
	}
	paths = append(paths, "test", "tools", "bin", "", "/", "a//test/b.js", "/abs/test/x.js")
	narrowed := 0
	for _, p := range patterns {
		g := compileGlob(p)
		if g.needs != nil {
			narrowed++
		}
		for _, path := range paths {
			want, _ := doublestar.Match(p, path)
			if got := g.match(path); got != want {
				t.Fatalf("glob %q (needs %q) on %q: %v, doublestar says %v", p, g.needs, path, got, want)
			}
		}
	}
	for _, g := range defaultGlobs {
		if g.needs == nil {
			t.Errorf("the default glob %q narrows nothing", g.pattern)
		}
	}
	if narrowed < len(defaultExcludes) {
		t.Fatalf("only %d globs narrowed", narrowed)
	}
}

// BenchmarkDefaultExcludes asks the default globs of a package's usual paths, most of
// them checked, compiled and as doublestar alone asked them.
func BenchmarkDefaultExcludes(b *testing.B) {
	paths := []string{"src/index.ts", "src/routes/users.js", "lib/adapters/storage/mongo/index.js",
		"src/controllers/auth.controller.ts", "lib/middleware/rate-limit.js", "src/services/mail/templates.ts",
		"src/routes/users.test.ts", "test/helpers.js", "dist/index.js", "src/types/index.d.ts",
		"src/models/user.model.ts", "lib/utils/request.js"}
	b.Run("compiled", func(b *testing.B) {
		for b.Loop() {
			for _, p := range paths {
				for _, g := range defaultGlobs {
					if g.match(p) {
						break
					}
				}
			}
		}
	})
	b.Run("doublestar", func(b *testing.B) {
		for b.Loop() {
			for _, p := range paths {
				for _, g := range defaultExcludes {
					if ok, _ := doublestar.Match(g, p); ok {
						break
					}
				}
			}
		}
	})
}
