package resolve

import (
	"slices"
	"testing"
)

// A path part bound to a configuration value with a literal default is shown with
// its default, in the file and through an import, in JavaScript and TypeScript.
func TestRouteTableConfigurationDefaults(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"an imported constant with || (ts)", []tableSource{
			{"src/config.ts", "export const BASE_PATH = process.env.BASE_PATH || '/';\n"},
			{"src/app.ts", "import express from 'express';\nimport { BASE_PATH } from './config';\nexport const app = express();\nexport const router = express();\nrouter.post('/runs', handle);\napp.use(BASE_PATH, router);\n"},
		}, []string{"POST {BASE_PATH:/}/runs on router [] handle"}},
		{"a constant of the file with ?? in a template (ts)", []tableSource{
			{"src/app.ts", "import express from 'express';\nconst app = express();\nconst baseUriPath = config.server.baseUriPath ?? '';\napp.use(`${baseUriPath}/api`, auth);\napp.get(`${baseUriPath}`, index);\n"},
		}, []string{"USE {baseUriPath:}/api on app [] auth", "GET {baseUriPath:} on app [] index"}},
		{"the expression written in the registration, and an export by exports. (js)", []tableSource{
			{"config.js", "exports.PREFIX = process.env.PREFIX || '/v1';\n"},
			{"app.js", "const express = require('express');\nconst { PREFIX } = require('./config');\nconst app = express();\napp.get(process.env.HEALTH || '/health', health);\nconst r = express.Router();\nr.get('/users', list);\napp.use(PREFIX, r);\n"},
		}, []string{"GET {process.env.HEALTH:/health} on app [] health", "GET {PREFIX:/v1}/users on r [] list"}},
		{"a default that is not literal stays unknown (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nconst base = process.env.BASE || defaultBase();\napp.get(`${base}/x`, h);\n"},
		}, []string{"GET {base}/x on app [] h"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := joined(t, c.files...)
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("routes =\n%v\nwant\n%v", got, want)
			}
		})
	}
}
