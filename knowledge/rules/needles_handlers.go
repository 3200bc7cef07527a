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

// requestParams are what a parameter named as a handler's request is followed by in
// a parameter list (resolve's looksLikeHandler: req or request first, or second after
// an error, a leading underscore allowed): the comma before the response, a type, or
// an optional mark and a type, as formatted code writes them (a comment between the
// name and the comma hides it, as it hides a method name from
// analysis.MethodNeedles). expressHandlers counts the first two only, which a gate
// that also let through any file naming express did not need; a gate on an import
// does.
var requestParams = paramSpellings(",", ":", "?:")

// requestParamsOrDefaults are requestParams and a default value (`req = {}`), which
// makes a handler all the same but stops Function.length (see functionLength), so a
// rule that judges only four-parameter error handlers does without them.
var requestParamsOrDefaults = paramSpellings(",", ":", "?:", "=", " =")

func paramSpellings(after ...string) []string {
	var out []string
	for _, name := range []string{"req", "request"} {
		for _, a := range after {
			out = append(out, name+a)
		}
	}
	return out
}

// expressHandlerFiles are the needles of a rule that judges only the handlers
// requestHandler accepts that are Express's: in a file that imports express (a
// registration on an app or router it makes, or parameters typed from express), or,
// in a package that depends on express, one with a (req, res) pair (the heuristic
// tier, or a handler-shaped function registered on an app handed in). Elsewhere a
// (req, res) pair is no handler (see resolve.Tier), and a file that names express
// only in a comment or a word holds none.
func expressHandlerFiles() analysis.Needles {
	return expressImported.InPackagesOf("express", requestParams...)
}
