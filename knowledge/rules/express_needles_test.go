package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// expressApp starts every source below: a file that imports express, so that only
// the text each rule's gate asks for besides decides whether the rule runs.
const expressApp = "const express = require('express');\nconst app = express();\n"

// TestExpressHandlerGates: each Express handler rule runs only in a file that spells
// what it reports at (a catch clause, a use call, a registration with a function
// written inline, a response method). A file where the rule reports passes its gate
// (check asserts that the prefilter lets it through), and the same kind of file
// without that text is not parsed for the rule.
func TestExpressHandlerGates(t *testing.T) {
	cases := []struct {
		name     string
		rule     *analysis.Rule
		file     string
		reported string // the rule reports here
		skipped  string // without the text the rule needs: not applicable
	}{
		{"a catch clause", HandlerCatchSwallowsError, "app.js",
			expressApp + "app.get('/', async (req, res) => { try { await load(); } catch (e) { console.log(e); } });\n",
			expressApp + "app.get('/', async (req, res) => { await load(); });\n"},
		{"error middleware given to use", ErrorMiddlewareArity, "app.js",
			expressApp + "app.use((err, req, res) => { res.status(500).end(); });\n",
			expressApp + "app.get('/', (err, req, res) => res.end());\n"},
		{"error middleware typed ErrorRequestHandler", ErrorMiddlewareArity, "app.ts",
			"import express, { ErrorRequestHandler } from 'express';\nexport const onError: ErrorRequestHandler = (err, req, res) => { res.status(500).end(); };\n",
			"import express from 'express';\nexport const onError = (err: Error, req: express.Request, res: express.Response) => { res.status(500).end(); };\n"},
		{"an error handler given to use", ErrorMiddlewareBeforeRoutes, "app.js",
			expressApp + "app.use((err, req, res, next) => res.status(500).end());\napp.get('/', (req, res) => res.send('ok'));\n",
			expressApp + "app.get('/', (req, res) => res.send('ok'));\napp.post('/', (req, res) => res.send('ok'));\n"},
		{"a registration of an inline function", MiddlewareNeverCallsNext, "app.js",
			expressApp + "app.use((req, res, next) => { console.log(req.url); });\n",
			expressApp + "module.exports = (req, res, next) => { console.log(req.url); };\n"},
		{"a registration without an inline function", MiddlewareNeverCallsNext, "app.js",
			expressApp + "app.use(async function (req, res, next) { console.log(req.url); });\n",
			expressApp + "app.use(express.json());\napp.get('/', handlers.home);\n"},
		{"a response method", ErrorHandlerLeaksDetails, "app.js",
			expressApp + "app.use((err, req, res, next) => { res.status(500).json({ message: err.message }); });\n",
			expressApp + "app.use((err, req, res, next) => { console.error(err.stack); next(err); });\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if findings, _ := check(t, tc.rule, tc.file, express4, tc.reported); len(findings) == 0 {
				t.Fatalf("%s reports nothing in the file meant to pass its gate:\n%s", tc.rule.Name, tc.reported)
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(express4), 0o644); err != nil {
				t.Fatal(err)
			}
			q := analysis.NewQuick([]byte(tc.skipped), pkgOf(filepath.Join(dir, tc.file)))
			if len(analysis.Applicable(q, []*analysis.Rule{tc.rule}, analysis.Options{})) > 0 {
				t.Errorf("%s applies to a file without the text it reports at:\n%s", tc.rule.Name, tc.skipped)
			}
			// The skipped file is one the rule reports nothing in, whatever the gate says.
			if findings, _ := check(t, tc.rule, tc.file, express4, tc.skipped); len(findings) > 0 {
				t.Errorf("%s reports in the file meant to fail its gate: %v", tc.rule.Name, findings)
			}
		})
	}
}
