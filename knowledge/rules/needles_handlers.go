package rules

import (
	"slices"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// expressImported are the needles of a file that imports express: a rule whose Run
// needs it (inExpressFiles), or that judges only handlers of an Express app or router
// made in the file or typed from express (Tier Direct or Typed), needs one of them.
var expressImported = analysis.Mentions(importNeedles("express")...)

// nodeServerHandlers are the needles of a file that may hand a handler to a Node
// server: the resolver makes a handler of the callback of http.createServer or
// https.createServer, and of a 'request' listener on the server one of them makes
// (Express's app.listen makes one too, after an express import), so such a file
// names createServer and imports http or https ('http', "node:https"). A net or tls
// server's callback is handed a socket, not a request, and a word such as http in a
// URL imports nothing.
var nodeServerHandlers = analysis.Mentions("createserver").And(importNeedles("http", "https")...)

// requestParams are what a parameter named as a handler's request is followed by in
// a parameter list (resolve's looksLikeHandler: req or request first, or second after
// an error, a leading underscore allowed): the comma before the response, a type, an
// optional mark and a type or a comma ((req?, res?) in TS), or a default value, as
// formatted code writes them (a comment between the name and the comma hides it, as
// it hides a method name from analysis.MethodNeedles). expressHandlers counts "req," and "req:" only, which a
// gate that also let through any file naming express did not need; a gate on an
// import does.
var requestParams = slices.Concat(requestSpellings("req"), requestSpellings("request"))

// requestSpellings are requestParams of one request name.
func requestSpellings(name string) []string {
	var out []string
	for _, after := range []string{",", ":", "?:", "?,", "=", " ="} {
		out = append(out, name+after)
	}
	return out
}

// handlerParamLists are the files with a parameter list that resolve's
// looksLikeHandler may read as a handler's, in a package that depends on one of deps
// (any package when none): one that names the request (requestSpellings) and, later in
// the same list (analysis.Needles.AndInOneList), the response, (req, res) or
// (request, response). The response's name is followed by a comma, a type or an
// optional mark, a default value, the list's end, a blank or a comment; a leading
// underscore before either is allowed, as the resolver allows it. A request and a
// response in two lists, as in a library that passes a request to one function and
// reads a response's fields in another, make no handler. Spaces other than ASCII
// ones, or a comment, between the request's name and its comma hide the pair.
func handlerParamLists(deps ...string) analysis.Needles {
	var out analysis.Needles
	for _, pair := range [][2]string{{"req", "res"}, {"request", "response"}} {
		reqs := requestSpellings(pair[0])
		var ress []string
		for _, after := range []string{",", ":", "?", "=", ")", " ", "\t", "\n", "\r", "\f", "\v", "/"} {
			ress = append(ress, pair[1]+after)
		}
		named := analysis.Mentions(reqs...)
		if len(deps) > 0 {
			named = inPackagesOfAny(deps, reqs...)
		}
		out = out.Or(named.AndInOneList(reqs, ress))
	}
	return out
}

// errorHandlerFiles are the needles of a rule that judges only the four-parameter
// error handlers ((err, req, res, next), Function.length 4) requestHandler accepts
// that are Express's: in a file that imports express (a registration on an app or
// router it makes, or parameters typed from express), or, in a package that depends
// on express, one with the heuristic tier's pair in an error handler's place (see
// errorHandlerPair). Elsewhere a (req, res) pair is no handler (see resolve.Tier),
// and a file that names express only in a comment or a word holds none.
func errorHandlerFiles() analysis.Needles {
	pairs := errorHandlerPair("req", "res").Or(errorHandlerPair("request", "response"))
	return expressImported.Or(pairs)
}

// errorHandlerPair is the heuristic tier's pair (resolve's looksLikeHandler) as the
// second and third of four parameters with no default value: the request's name comes
// after the error parameter's comma and a space, a line break, a comment's end or
// underscores, and is followed by the comma before the response, or by a type (an
// optional mark allowed before either); the response's name, later in the same
// parameter list (analysis.Needles.AndInOneList), is followed likewise before next.
// Spaces other than ASCII ones, or a comment, between a name and its comma hide it,
// as formatted code never has.
func errorHandlerPair(req, res string) analysis.Needles {
	var reqs, ress []string
	for _, after := range []string{",", ":", "?:", "?,"} {
		for _, before := range []string{" ", "\t", "\n", "\r", ",", "/", "_"} {
			reqs = append(reqs, before+req+after)
		}
		ress = append(ress, res+after)
	}
	return inPackagesOfAny([]string{"express"}, reqs...).AndInOneList(reqs, ress)
}
