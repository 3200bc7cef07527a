package resolve

import (
	"slices"
	"testing"
)

// A loop over the keys of another module's exported object gives one path per key
// when the module sets them all where they can be read; a key set inside a function
// leaves the loop's variable as written.
func TestRouteTableImportedObjectKeys(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"keys set one by one at the top level (ts)", []tableSource{
			{"src/handler/api.ts", "const version: Record<string, any> = {};\nversion['1'] = { list: [] };\nversion['1.1'] = { ...version['1'], show: ['id'] };\n" +
				"exports.version = version;\n"},
			{"src/hooks/openapi.ts", "import express from 'express';\nconst apiHandler = require('../handler/api');\nconst app = express();\n" +
				"for (const version of Object.keys(apiHandler.version)) {\n  app.get(`/api/${version}/openapi.json`, spec);\n}\n"},
		}, []string{"GET /api/1/openapi.json on app [] spec", "GET /api/1.1/openapi.json on app [] spec"}},
		{"a literal's keys, and a key set in a function (js)", []tableSource{
			{"lib/versions.js", "const versions = { v1: {}, v2: {} };\nconst later = { v1: {} };\nfunction add(k) { later[k] = {}; }\n" +
				"exports.versions = versions;\nexports.later = later;\nexports.add = add;\n"},
			{"app.js", "const express = require('express');\nconst { versions, later } = require('./lib/versions');\nconst app = express();\n" +
				"for (const v of Object.keys(versions)) app.use(`/${v}`, api);\nfor (const w of Object.keys(later)) app.get(`/${w}/x`, x);\n"},
		}, []string{"USE /v1 on app [] api", "USE /v2 on app [] api", "GET /{w}/x on app [] x"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
