package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// handlerOf is a module making a route object of the spec name imports from shared.
func handlerOf(name string) string {
	return "import { " + name + " } from 'shared';\nimport { createHandler } from './handler';\n" +
		"export const " + name + "Route = createHandler(" + name + ")(async (req, res) => { res.end() });\n"
}

// A malformed workspace declaration is skipped with one warning on stderr that names
// the file and says what it costs, however many files of the workspace ask for it; the
// routes are still listed.
func TestRoutesWarnOnceOfAMalformedWorkspaceDeclaration(t *testing.T) {
	tests := map[string]map[string]string{
		"pnpm-workspace.yaml": {"package.json": `{"name": "root", "private": true}`, "pnpm-workspace.yaml": "packages: [unclosed\n"},
		"package.json":        {"package.json": `{"name": "root", "private": true, "workspaces": 5}`},
	}
	for name, decl := range tests {
		t.Run(name, func(t *testing.T) {
			files := map[string]string{
				"packages/shared/package.json": `{"name": "shared", "types": "src/specs.ts"}`,
				"packages/shared/src/specs.ts": "export const getA = { method: 'get' as const, path: '/a' };\nexport const getB = { method: 'get' as const, path: '/b' };\n",
				"packages/api/package.json":    `{"name": "api", "dependencies": {"express": "^4.21.2", "shared": "*"}}`,
				"packages/api/src/handler.ts":  "export function createHandler({ method, path }) {\n  return (handler) => ({ method, path, handler });\n}\n",
				"packages/api/src/getA.ts":     handlerOf("getA"),
				"packages/api/src/getB.ts":     handlerOf("getB"),
				"packages/api/src/app.ts": "import express from 'express';\nimport { getARoute } from './getA';\nimport { getBRoute } from './getB';\n" +
					"const app = express();\nconst allRoutes = [getARoute, getBRoute];\n" +
					"allRoutes.forEach((route) => {\n  app[route.method](`/api${route.path}`, route.handler);\n});\n",
			}
			for k, v := range decl {
				files[k] = v
			}
			root := writeProject(t, files)
			code, out, stderr := runCLI(t, "routes", "--format", "json", filepath.Join(root, "packages", "api"))
			if code != 0 || !strings.Contains(out, `/api`) {
				t.Fatalf("exit %d, routes %s, stderr %s", code, out, stderr)
			}
			file := filepath.Join(root, name)
			var warned []string
			for _, line := range strings.Split(stderr, "\n") {
				if strings.Contains(line, file) {
					warned = append(warned, line)
				}
			}
			if len(warned) != 1 || !strings.Contains(warned[0], "the workspace packages it declares are not read") {
				t.Fatalf("stderr lines about %s: %q, want one saying what was skipped\n%s", file, warned, stderr)
			}
		})
	}
}
