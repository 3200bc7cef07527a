package analysis

import (
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// defaultExcludes are the paths nodecoach does not check by default (CATALOG §0.5):
// tests, scripts, tooling, generated output. Request handlers do not live there, and
// sync I/O there is normal.
var defaultExcludes = []string{
	"**/*.{test,spec}.{js,jsx,ts,tsx,mjs,cjs,mts,cts}",
	"**/__tests__/**",
	"test/**", "tests/**", "e2e/**", "scripts/**", "bin/**", "tools/**", "migrations/**",
	"seed/**", "seeds/**", "seeders/**",
	"**/*.config.{js,ts,mjs,cjs}",
	"**/node_modules/**", "dist/**", "build/**", "coverage/**", ".next/**",
	"**/*.d.ts", "**/*.d.mts", "**/*.d.cts",
}

// Excluded reports whether rel, a slash-separated path relative to the package root,
// is excluded from checking, by default or by the extra globs.
func Excluded(rel string, extra []string) bool {
	rel = strings.TrimPrefix(path.Clean(strings.ReplaceAll(rel, "\\", "/")), "./")
	for _, g := range extra {
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
	}
	if path.Base(rel) == "ecosystem.config.js" {
		return false
	}
	for _, g := range defaultExcludes {
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
	}
	return false
}
