package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// inPackagesOf are needles that count only in packages that depend on dep: a rule
// whose Run returns at once elsewhere need not look at any other file.
func inPackagesOf(dep string, needles ...string) analysis.Needles {
	return analysis.Needles{ByDependency: map[string][]string{dep: needles}}
}

// importedNeedles are the spellings of a module specifier naming one of modules, the
// only way the resolver learns that a value comes from it (`require('express')`,
// `import e from "express"`, a template literal, and `node:express`, which it
// reads as express too). The specifier is read as written, escapes left as they are,
// so it spells the name between its quotes. The bare name would also match every
// "regular expression" of a comment.
func importedNeedles(modules ...string) []string {
	var out []string
	for _, m := range modules {
		out = append(out, "'"+m+"'", `"`+m+`"`, "`"+m+"`", "node:"+m)
	}
	return out
}

// expressAppServed are the needles of a file that creates an Express app and serves
// it (see secApp.served), in any package, or only in those that depend on express
// when inExpressPackages is set (the rule's Run returns at once elsewhere):
//   - express imported: the resolver names a call express() only after the file
//     imports or requires 'express', whatever the binding is called;
//   - and a listen method (`app.listen(`, `express().listen(`), or a Node server
//     factory the app is handed to (`http.createServer(app)`, `new https.Server(app)`),
//     which names its module (http, https, http2: each spells http) and a member
//     whose name spells server (createServer, createSecureServer, Server), however
//     it is bound (`const { createServer: serve } = require('node:http')`).
func expressAppServed(inExpressPackages bool) analysis.Needles {
	within := analysis.Mentions
	if inExpressPackages {
		within = func(needles ...string) analysis.Needles { return inPackagesOf("express", needles...) }
	}
	listens := within(analysis.MethodNeedles("listen")...)
	factory := within("http").And("server")
	return listens.Or(factory).And(importedNeedles("express")...)
}
