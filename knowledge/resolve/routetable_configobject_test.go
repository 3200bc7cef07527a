package resolve

import (
	"slices"
	"testing"
)

// A path part that reads a property of a configuration object another module exports
// is shown with the default that module gives it, followed through parameters,
// loaders and merges; anything else keeps plain braces.
func TestRouteTableConfigObjectDefaults(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"a loader merging the defaults, handed to a function (js)", []tableSource{
			{"app.js", "import express from 'express';\nimport { deepmerge } from './lib/utils.js';\nimport configDefault from './config.default.js';\nconst app = express();\n" +
				"const loadConfig = async () => {\n  if (custom) {\n    const { default: c } = await import('./config.js');\n    return deepmerge(configDefault, c);\n  }\n  return configDefault;\n};\n" +
				"async function bootstrap(config) {\n  app.use(config.site.baseUrl, express.static('public'));\n  app.get(`${config.site.baseUrl}health`, health);\n}\nconst config = await loadConfig();\nawait bootstrap(config);\n"},
			{"config.default.js", "const site = { baseUrl: process.env.BASE_URL || '/', port: 8081 };\nexport default {\n  site,\n  other: { x: process.env.X || 'y' },\n};\n"},
		}, []string{"USE {config.site.baseUrl:/} on app [] express.static('public')", "GET {config.site.baseUrl:/}health on app [] health"}},
		{"a required module, Object.assign over it, and a named export (ts)", []tableSource{
			{"src/server.ts", "import express from 'express';\nimport { settings } from './settings';\nconst defaults = require('./defaults');\nconst app = express();\n" +
				"const conf = Object.assign({}, defaults, overrides);\napp.use(conf.http.prefix, router);\nconst mountApi = (s: Settings) => app.use(s.api.root, api);\nmountApi(settings);\n"},
			{"src/defaults.ts", "module.exports = { http: { prefix: process.env.PREFIX ?? '/v1' } };\n"},
			{"src/settings.ts", "export const settings = { api: { root: process.env.API_ROOT || '/api' } };\n"},
		}, []string{"USE {conf.http.prefix:/v1} on app [] router", "USE {s.api.root:/api} on app [] api"}},
		{"what the code cannot follow keeps plain braces (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst defaults = require('./defaults');\nconst app = express();\n" +
				"function mount(config) { app.use(config.site.baseUrl, router); }\nmount(defaults);\nmount(readConfig());\n" +
				"const loaded = loadFromDisk(defaults);\napp.use(loaded.site.baseUrl, other);\nconst mountStatic = (c) => app.use(c.site.path, third);\nmountStatic(defaults);\n"},
			{"defaults.js", "module.exports = { site: { baseUrl: process.env.BASE || '/', path: computePath() } };\n"},
		}, []string{"USE {config.site.baseUrl} on app [] router", "USE {loaded.site.baseUrl} on app [] other", "USE {c.site.path} on app [] third"}},
		{"a path helper another module exports (js)", []tableSource{
			{"lib/router.js", "import express from 'express';\nimport { loginPath, logoutPath, pick } from './auth.js';\nconst appRouter = express.Router();\n" +
				"appRouter.get(loginPath(config), login);\nappRouter.get(logoutPath(config), logout);\nappRouter.get(pick(config), other);\nexport default appRouter;\n"},
			{"lib/auth.js", "export const loginPath = (config) => `${config.site.baseUrl || '/'}login`;\nexport function logoutPath(config) {\n  return '/logout';\n}\n" +
				"export const pick = (config) => (config.a ? '/a' : '/b');\n"},
		}, []string{"GET {config.site.baseUrl:/}login on appRouter [] login", "GET /logout on appRouter [] logout", "GET {pick(config)} on appRouter [] other"}},
		{"a path helper with a parameter (ts)", []tableSource{
			{"src/routes.ts", "import { Router } from 'express';\nimport { versioned } from './paths';\nconst router = Router();\nrouter.get(versioned(version), list);\n"},
			{"src/paths.ts", "export const versioned = (v: string): string => `/api/${v}/items`;\n"},
		}, []string{"GET /api/{v}/items on router [] list"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := joined(t, tc.files...); !slices.Equal(got, tc.want) {
				t.Errorf("routes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
