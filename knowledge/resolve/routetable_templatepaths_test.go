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
