package resolve

import (
	"slices"
	"testing"
)

// Two functions of one file whose parameters share a name are two receivers: each
// function's routes get the prefixes of the calls that hand it its own app.
func TestRouteTableReceiversFollowTheirBinding(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"two route modules' parameters named app (js)", []tableSource{
			{"server.js", "const express = require('express');\nconst { users, admin } = require('./routes');\nconst app = express();\nconst v1 = express.Router();\nconst backoffice = express.Router();\n" +
				"users(v1);\nadmin(backoffice);\napp.use('/v1', v1);\napp.use('/admin', backoffice);\n"},
			{"routes.js", "function users(app) {\n  app.get('/users', (req, res) => res.end());\n}\nfunction admin(app) {\n  app.get('/stats', (req, res) => res.end());\n}\nmodule.exports = { users, admin };\n"},
		}, []string{"GET /v1/users on app [] inline at routes.js:2", "GET /admin/stats on app [] inline at routes.js:5"}},
		{"two local functions handed apps of the same file, and a router one returns (ts)", []tableSource{
			{"src/app.ts", "import express, { Router, Express } from 'express';\nconst app = express();\nconst api = Router();\n" +
				"function health(app: Express) { app.get('/health', check); }\nfunction items(app: Router): Router { app.get('/items', list); return app; }\n" +
				"health(app);\napp.use('/api', items(api));\n"},
		}, []string{"GET /health on app [] check", "GET /api/items on app [] list"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
