package rules

import (
	"maps"
	"slices"
	"strings"
)

// importNeedles are the spellings of an import or require of one of modules that the
// resolver reads (Resolver.Imports, a module's values): its specifier is a string
// literal whose text is the module's name, with or without "node:" ('express',
// "node:fs", `zlib`; an escape in it is kept as written, so it never spells a name).
// A comment or a word that names the module (mongoose's docs say "express"), or a
// path that ends in it ('../fastify'), spells none of them.
func importNeedles(modules ...string) []string {
	var out []string
	for _, m := range modules {
		m = strings.ToLower(m)
		for _, q := range []string{"'", `"`, "`"} {
			out = append(out, q+m+q, q+"node:"+m+q)
		}
	}
	return out
}

// importsOneOf are the import spellings of the modules of a set that Run asks
// importsAny about.
func importsOneOf[V any](modules map[string]V) []string {
	return importNeedles(slices.Sorted(maps.Keys(modules))...)
}
