package resolve

import (
	"slices"
	"testing"
)

// A router handed to a function that mounts its parameter is listed under each use
// of that parameter, besides its own mounts; a parameter no call hands a router
// stays a use row.
func TestRouteTableHandedRouters(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"a factory's app handed to a second factory (js)", []tableSource{
			{"lib/server.js", "const express = require('express');\nconst app = express();\nconst api = require('../api/')(env, ctx);\nconst api2 = require('../api2/')(env, ctx, api);\n" +
				"app.use('/api/v1', api);\napp.use('/api/v2', api2);\n"},
			{"api/index.js", "function create(env, ctx) {\n  const express = require('express'), app = express();\n  app.get('/entries/current', (req, res) => res.end());\n  return app;\n}\nmodule.exports = create;\n"},
			{"api2/index.js", "function create(env, ctx, apiv1) {\n  const express = require('express'), app = express();\n  app.use('/', apiv1);\n  app.use('/summary', (req, res) => res.end());\n  return app;\n}\nmodule.exports = create;\n"},
		}, []string{
			"GET /api/v1/entries/current on app [] inline at api/index.js:3",
			"GET /api/v2/entries/current on app [] inline at api/index.js:3",
			"USE /api/v2 on app [] apiv1",
			"USE /api/v2/summary on app [] inline at api2/index.js:4",
		}},
		{"a router of the file handed to a local mounting function, and a middleware parameter (ts)", []tableSource{
			{"src/app.ts", "import express, { Router, Express, RequestHandler } from 'express';\nconst app = express();\nconst users = Router();\nusers.get('/:id', show);\n" +
				"function mountAll(server: Express, r: Router, guard: RequestHandler) {\n  server.use('/users', guard, r);\n  server.use(guard);\n}\nmountAll(app, users, auth);\n"},
		}, []string{"GET /users/:id on users [guard] show", "USE / on server [] guard"}}, // r is typed a Router: a mount, no use row
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
