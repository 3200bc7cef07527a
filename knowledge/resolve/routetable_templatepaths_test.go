package resolve

import (
	"slices"
	"testing"
)

// A template's substitutions that take known paths give one path per value (per
// combination), a path helper's call is its template with the call's arguments, and
// a constant object's property is its string; the rest keeps its braces.
func TestRouteTableTemplatePaths(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"loops over a constant object's values and a root helper (ts)", []tableSource{
			{"src/openapi.ts", "import express from 'express';\nconst app = express();\nconst Style = { FLAT: 'api', REST: 'rest' };\n" +
				"const rootFor = (version: string, style: string = Style.FLAT): string => `/${style}/${version}`;\n" +
				"for (const version of Object.keys(handler.version)) {\n  for (const style of [Style.FLAT, Style.REST]) {\n    const apiRoot = rootFor(version, style);\n" +
				"    app.get(`${apiRoot}/openapi.json`, spec);\n    app.get(`/${style}/openapi.json`, latest);\n    app.use(apiRoot, serve);\n  }\n}\n"},
		}, []string{
			"GET /api/{version}/openapi.json on app [] spec", "GET /rest/{version}/openapi.json on app [] spec",
			"GET /api/openapi.json on app [] latest", "GET /rest/openapi.json on app [] latest",
			"USE /api/{version} on app [] serve", "USE /rest/{version} on app [] serve",
		}},
		{"two loops combined, one name used twice, a let object's property kept (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nlet Mutable = { A: '/a' };\nconst ROUTES = { login: '/login' };\n" +
				"for (const v of ['v1', 'v2']) {\n  for (const kind of ['users', 'teams']) {\n    app.get(`/${v}/${kind}/${kind}-list`, list);\n  }\n}\n" +
				"app.post(ROUTES.login, login);\napp.put(Mutable.A, put);\n"},
		}, []string{
			"GET /v1/users/users-list on app [] list", "GET /v1/teams/teams-list on app [] list",
			"GET /v2/users/users-list on app [] list", "GET /v2/teams/teams-list on app [] list",
			"POST /login on app [] login", "PUT {Mutable.A} on app [] put",
		}},
		{"string concatenations, through names (js)", []tableSource{
			{"collection.js", "const express = require('express');\nfunction Collection({ app, colName }) {\n  this.mapRoutes = function () {\n    const prefix = '/' + colName, prefixHistory = prefix + '/history';\n" +
				"    app.get(prefix, search);\n    app.get(prefixHistory + '/:lastModified', history);\n    app.post(count + 1, nothing);\n  };\n}\nconst app = express();\nnew Collection({ app, colName: 'entries' });\n"},
		}, []string{"GET /{colName} on app [] search", "GET /{colName}/history/:lastModified on app [] history", "POST {count+1} on app [] nothing"}},
		{"a concatenation with a constant (ts)", []tableSource{
			{"src/app.ts", "import express from 'express';\nconst app = express();\nconst API = '/api';\nconst V = API + '/v' + version;\napp.use(API + '/health', health);\napp.get(V + '/items', list);\n"},
		}, []string{"USE /api/health on app [] health", "GET /api/v{version}/items on app [] list"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// A long chain of constants built from each other is followed to its end, and a
// constant that reads itself ends.
func TestRouteTablePathConstantChains(t *testing.T) {
	got := joined(t, tableSource{"src/features.ts", "import { Router } from 'express';\nconst router = Router();\nconst PATH = '/:projectId/features';\n" +
		"const A = `${PATH}/:featureName`;\nconst B = `${A}/environments/:environment`;\nconst C = `${B}/strategies`;\nconst D = `${C}/:strategyId`;\n" +
		"const E = D + '/x';\nconst F = `${E}/y`;\nconst G = F + '/z';\nrouter.get(G, show);\nconst self = self + '/loop';\nrouter.post(self, loop);\n"})
	want := []string{"GET /:projectId/features/:featureName/environments/:environment/strategies/:strategyId/x/y/z on router [] show"}
	if len(got) != 2 || got[0] != want[0] {
		t.Errorf("routes: %q, want %q and a row for the loop", got, want)
	}
}

// A template of templates of a loop's values stays readable past the depth where
// choices stop: the deepest constants are still read.
func TestRouteTableDeepTemplateChoices(t *testing.T) {
	got := joined(t, tableSource{"app.js", "const express = require('express');\nconst app = express();\nconst ROOT = '/root';\nconst A = `${ROOT}/a`;\nconst B = `${A}/b`;\nconst C = `${B}/c`;\n" +
		"for (const v of ['x', 'y']) {\n  app.get(`${C}/${v}`, h);\n}\n"})
	want := []string{"GET /root/a/b/c/x on app [] h", "GET /root/a/b/c/y on app [] h"}
	if !slices.Equal(got, want) {
		t.Errorf("routes:\n got %q\nwant %q", got, want)
	}
}
