package rules

import (
	"maps"
	"slices"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// importNeedles are the spellings of an import or require of one of modules that the
// resolver reads (Resolver.Imports, a module's values): its specifier is a string
// literal whose text is the module's name, with or without "node:" ('express',
// "node:fs", `zlib`; an escape in it is kept as written, so it never spells a name).
// A comment or a word that names the module (mongoose's docs say "express"), or a
// path that ends in it ('../fastify'), spells none of them. They are marked as import
// specifiers (analysis.ImportSpecifiers), so a literal counts only in the positions
// the resolver reads an import from (`require(`, `from`, `import(`, ...), not in
// `depd('express')` or `{ vendor: 'mongoose' }`.
func importNeedles(modules ...string) []string {
	var out []string
	for _, m := range modules {
		m = strings.ToLower(m)
		for _, q := range []string{"'", `"`, "`"} {
			out = append(out, q+m+q, q+"node:"+m+q)
		}
	}
	return analysis.ImportSpecifiers(out...)
}

// importsOneOf are the import spellings of the modules of a set that Run asks
// importsAny about.
func importsOneOf[V any](modules map[string]V) []string {
	return importNeedles(slices.Sorted(maps.Keys(modules))...)
}
