package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// expressAppServed are the needles of a file that creates an Express app and serves
// it (see secApp.served), in any package, or only in those that depend on express
// when inExpressPackages is set (the rule's Run returns at once elsewhere):
//   - express imported (importNeedles): the resolver names a call express() only
//     after the file imports or requires 'express', whatever the binding is called;
//   - and a listen method (`app.listen(`, `express().listen(`), or a Node server
//     factory the app is handed to (`http.createServer(app)`, `new https.Server(app)`),
//     which names its module (http, https, http2: each spells http) and a member
//     whose name spells server (createServer, createSecureServer, Server), however
//     it is bound (`const { createServer: serve } = require('node:http')`).
func expressAppServed(inExpressPackages bool) analysis.Needles {
	within := analysis.Mentions
	if inExpressPackages {
		within = func(needles ...string) analysis.Needles { return inPackagesOfAny([]string{"express"}, needles...) }
	}
	listens := within(analysis.MethodNeedles("listen")...)
	factory := within("http").And("server")
	return listens.Or(factory).And(importNeedles("express")...)
}
