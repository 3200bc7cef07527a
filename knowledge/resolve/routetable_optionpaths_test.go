package resolve

import (
	"slices"
	"testing"
)

// A route whose path holds a property of its exported function's options answers at
// one path per string literal the package's calls give that property; a call that
// gives it no literal keeps the path as written beside them.
func TestRouteTableOptionPaths(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"constructor options in another file (js)", []tableSource{
			{"lib/collection.js", "function Collection({ app, colName }) {\n  this.mapRoutes = function () {\n    const prefix = '/' + colName;\n" +
				"    app.get(prefix, search);\n    app.get(prefix + '/:id', read);\n  };\n}\nmodule.exports = Collection;\n"},
			{"lib/setup.js", "const Collection = require('./collection');\nfunction setup(ctx, app) {\n" +
				"  new Collection({ ctx, app, colName: 'entries' }).mapRoutes();\n  new Collection({ ctx, app, colName: 'food' }).mapRoutes();\n}\nmodule.exports = setup;\n"},
			{"server.js", "const express = require('express');\nconst setup = require('./lib/setup');\nconst app = express();\nconst api3 = express();\n" +
				"setup(ctx, api3);\napp.use('/api/v3', api3);\n"},
		}, []string{"GET /api/v3/entries on app [] search", "GET /api/v3/food on app [] search", "GET /api/v3/entries/:id on app [] read", "GET /api/v3/food/:id on app [] read"}},
		{"a renamed property, and a call whose value is no literal (ts)", []tableSource{
			{"src/collection.ts", "import { Router } from 'express';\nexport function mountCollection({ router, name: colName }: Options): void {\n" +
				"  router.get(`/${colName}/count`, count);\n}\n"},
			{"src/app.ts", "import express from 'express';\nimport { mountCollection } from './collection';\nconst router = express.Router();\n" +
				"mountCollection({ router, name: 'users' });\nmountCollection({ router, name: process.env.EXTRA });\n"},
		}, []string{"GET /users/count on router [] count", "GET /{colName}/count on router [] count"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
