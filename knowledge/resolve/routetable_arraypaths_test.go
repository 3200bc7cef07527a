package resolve

import (
	"slices"
	"testing"
)

// A loop over an array the file builds walks the literal's paths, what it spreads
// and what the file pushes onto it; an element of another kind keeps the braces.
func TestRouteTableLoopsOverBuiltArrays(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"a Set of a let array with pushes, spread (js)", []tableSource{
			{"server.js", "const express = require('express');\nconst app = express();\nlet directories = ['/css', '/modules', '/css'];\n" +
				"for (const value of Object.values(vendor)) {\n  const parts = value.split('/');\n  directories.push(`/${parts[0]}/${parts[1]}`);\n}\n" +
				"function other() { const directories = []; directories.push('/not-this-one'); }\n" +
				"const uniqDirs = [...new Set(directories)];\nfor (const directory of uniqDirs) {\n  app.use(directory, express.static(directory));\n}\n"},
		}, []string{"USE /css on app [] express.static(directory)", "USE /modules on app [] express.static(directory)", "USE /{parts[0]}/{parts[1]} on app [] express.static(directory)"}},
		{"Array.from and a spread with literals beside it (ts)", []tableSource{
			{"src/app.ts", "import express from 'express';\nconst app = express();\nconst base: string[] = ['/a'];\nconst all = [...base, '/b'];\nfor (const p of Array.from(all)) app.get(p, show);\n" +
				"const unknown = [...lookup(), '/c'];\nfor (const q of unknown) app.post(q, save);\n"},
		}, []string{"GET /a on app [] show", "GET /b on app [] show", "POST {q} on app [] save"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
