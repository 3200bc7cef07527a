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

// expressImported are the needles of a file that imports express: a rule whose Run
// needs it (inExpressFiles), or that judges only handlers of an Express app or router
// made in the file or typed from express (Tier Direct or Typed), needs one of them.
var expressImported = analysis.Mentions(importNeedles("express")...)

// heuristicRequestParams are what a parameter named as a handler's request is
// followed by in a parameter list (resolve's looksLikeHandler: req or request first,
// or second after an error, a leading underscore allowed): the comma before the
// response, a type, an optional mark or a default value. expressHandlers counts the
// first two only; a rule whose needles never asked for a handler needs them all.
var heuristicRequestParams = []string{
	"req,", "req:", "req?", "req=", "req =",
	"request,", "request:", "request?", "request=", "request =",
}

// expressHandlerFiles are the needles of a rule that judges only the handlers
// requestHandler accepts that are Express's: in a file that imports express (a
// registration on an app or router it makes, or parameters typed from express), or,
// in a package that depends on express, one with a (req, res) pair (the heuristic
// tier, or a handler-shaped function registered on an app handed in). Elsewhere a
// (req, res) pair is no handler (see resolve.Tier), and a file that names express
// only in a comment or a word holds none.
func expressHandlerFiles() analysis.Needles {
	return expressImported.InPackagesOf("express", "req,", "req:", "request,", "request:")
}
