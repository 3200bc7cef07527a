package analysis

import (
	"bytes"
	"path"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
)

// defaultExcludes are the paths nodecoach does not check by default:
// tests, scripts, migrations, seeds, generated output. Request handlers do not live
// there, and sync I/O or SQL assembled from the schema's own names is normal there.
// They match at any depth below the package root, since monorepo packages and apps
// keep them beside their sources (src/database/migrations, src/scripts, src/test).
var defaultExcludes = []string{
	"**/*.{test,spec}.{js,jsx,ts,tsx,mjs,cjs,mts,cts}",
	"**/__tests__/**", "**/__mocks__/**",
	"**/test/**", "**/tests/**", "**/e2e/**", "**/scripts/**", "**/migrations/**", "**/seed*/**",
	// Test runner setup files (jest's setupFiles, vitest's setupFiles) beside the sources.
	"**/{test,jest,vitest}-setup.*", "**/{test,jest,vitest}Setup.*", "**/setupTests.*",
	"**/*.config.{js,ts,mjs,cjs}",
	"**/node_modules/**", "**/dist/**", "**/build/**", "**/coverage/**", "**/.next/**",
	"**/*.d.ts", "**/*.d.mts", "**/*.d.cts",
	// tools/ only at the package root: deeper, a "tools" directory is as often a feature
	// of the app (routes/tools, controllers/tools) as tooling.
	"tools/**",
}

// binFiles are the files excluded only when they are command-line tools (cliFile).
const binFiles = "**/bin/**"

// defaultGlobs and binGlob are defaultExcludes and binFiles compiled (see compileGlob).
var defaultGlobs, binGlob = compileGlobs(defaultExcludes), compileGlob(binFiles)

func compileGlobs(patterns []string) []glob {
	out := make([]glob, len(patterns))
	for i, p := range patterns {
		out[i] = compileGlob(p)
	}
	return out
}

// Excluded reports whether rel, a slash-separated path relative to the root of pkg
// (the file's package, nil when there is none), is excluded from checking, by default
// or by the extra globs. A file under a bin/ directory is excluded only when it is a
// command-line tool (see cliFile); src gives its source and is called for those files
// only, so a caller can skip reading the others.
func Excluded(rel string, extra []string, pkg *pkginfo.Package, src func() []byte) bool {
	rel = strings.TrimPrefix(path.Clean(strings.ReplaceAll(rel, "\\", "/")), "./")
	for _, g := range extra {
		if userGlob(g).match(rel) {
			return true
		}
	}
	if path.Base(rel) == "ecosystem.config.js" {
		return false
	}
	for _, g := range defaultGlobs {
		if g.match(rel) {
			return true
		}
	}
	if binGlob.match(rel) {
		var text []byte
		if src != nil {
			text = src()
		}
		return cliFile(text, pkg)
	}
	return false
}

// cliFile reports whether a file under bin/ is a command-line tool rather than a
// server's entry point: it starts with a shebang, or its package depends on no HTTP
// framework. packages/api/bin/server.ts starting an Express app is checked.
func cliFile(src []byte, pkg *pkginfo.Package) bool {
	return Shebang(src) || !pkg.ServesHTTP()
}

// Shebang reports whether a source starts with `#!`, the mark of an executable script.
func Shebang(src []byte) bool { return bytes.HasPrefix(src, []byte("#!")) }
