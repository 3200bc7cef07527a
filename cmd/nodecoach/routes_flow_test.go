package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// Two files: app.js mounts the router a factory of api.js returns, and hands the app
// to routes.js's function, which registers on its parameter and mounts a router of
// its own. Every route gets its full path; computed parts are shown in braces.
func TestRoutesThroughFactoriesAndAppParameters(t *testing.T) {
	root := writeProject(t, map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
		"app.js": "const express = require('express');\nconst routes = require('./routes');\nconst app = express();\n" +
			"app.use('/api/v1', require('./api')(env));\nroutes(app, db);\napp.get(config.health.path, (req, res) => res.end());\n",
		"api.js": "module.exports = function create(env) {\n  const express = require('express');\n  const api = express.Router();\n" +
			"  api.get('/entries/current', (req, res) => res.end());\n  return api;\n};\n",
		"routes.ts": "import tutorial from './tutorial';\nimport * as session from './session';\n" +
			"export default (app, db) => {\n  app.get('/login', session.displayLogin);\n  app.use('/tutorial', tutorial);\n};\n",
		"tutorial.ts": "import { Router } from 'express';\nconst router = Router();\nrouter.get('/', (req, res) => res.end());\nexport default router;\n",
		"session.ts":  "import { Request, Response } from 'express';\nexport function displayLogin(req: Request, res: Response) { res.end() }\n",
	})
	var got []string
	for _, r := range routesJSON(t, root) {
		got = append(got, r.Method+" "+r.Path+" "+r.Written)
	}
	want := []string{"GET /api/v1/entries/current /entries/current", "GET {config.health.path} {config.health.path}", "GET /login /login", "GET /tutorial /"}
	if !slices.Equal(got, want) {
		t.Errorf("routes:\n got %q\nwant %q", got, want)
	}
	out, err := exec.Command(binary, "routes", root).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, want := range []string{"GET     /api/v1/entries/current", "GET     /login", "4 routes"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

// A path is one word in the text table: a literal one with spaces is quoted, so the
// file and handler columns stay where they are.
func TestRoutesTextPathIsOneWord(t *testing.T) {
	var b strings.Builder
	rows := []routeRow{{Method: "GET", Path: "/a b", File: "app.js", Line: 3, Handler: "h"}, {Method: "GET", Path: "/{cfg.base}x", File: "app.js", Line: 4, Handler: "g"}}
	if err := printRoutesText(&b, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	for i, want := range []string{`GET     "/a b"        app.js:3  h`, `GET     /{cfg.base}x  app.js:4  g`} {
		if lines[i] != want {
			t.Errorf("line %d: %q, want %q", i+1, lines[i], want)
		}
	}
}
