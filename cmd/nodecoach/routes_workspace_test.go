package main

import (
	"path/filepath"
	"slices"
	"testing"
)

// A route whose method and path another package of the workspace exports is listed
// with them, when routes is given the registering package alone (the other package is
// read for its facts only: its own registration is not listed) and when given the
// whole workspace (then listed once, in its own package). The registering package
// and the sibling import each other, which reads round the cycle once.
func TestRoutesReadSiblingWorkspacePackages(t *testing.T) {
	root := writeProject(t, map[string]string{
		"package.json":                 `{"name": "root", "private": true, "workspaces": ["packages/*"]}`,
		"packages/shared/package.json": `{"name": "shared", "types": "src/index.ts", "dependencies": {"api": "*", "express": "^4.21.2"}}`,
		"packages/shared/src/index.ts": "export * from './specs';\nexport * from 'api';\n",
		"packages/shared/src/specs.ts": "export const getThingValidator = { method: 'get' as const, path: '/things/:id' };\n",
		"packages/shared/src/own.ts":   "import express from 'express';\nconst app = express();\napp.get('/shared-own', (req, res) => res.end());\n",
		"packages/api/package.json":    `{"name": "api", "types": "src/index.ts", "dependencies": {"express": "^4.21.2", "shared": "*"}}`,
		"packages/api/src/index.ts":    "export * from 'shared';\n",
		"packages/api/src/handler.ts":  "export function createHandler({ method, path }) {\n  return (handler) => ({ method, path, handler });\n}\n",
		"packages/api/src/getThing.ts": "import { getThingValidator } from 'shared';\nimport { createHandler } from './handler';\n" +
			"export const getThing = createHandler(getThingValidator)(async (req, res) => { res.end() });\n",
		"packages/api/src/app.ts": "import express from 'express';\nimport { getThing } from './getThing';\nconst app = express();\nconst allRoutes = [getThing];\n" +
			"allRoutes.forEach((route) => {\n  app[route.method](`/api${route.path}`, route.handler);\n});\n",
	})
	for _, dir := range []string{filepath.Join(root, "packages", "api"), root} {
		var got []string
		for _, r := range routesJSON(t, dir) {
			got = append(got, r.Method+" "+r.Path)
		}
		if !slices.Contains(got, "GET /api/things/:id") {
			t.Errorf("routes %s: the spec in the sibling package is not read: %q", dir, got)
		}
		own := 0
		for _, g := range got {
			if g == "GET /shared-own" {
				own++
			}
		}
		if want := map[bool]int{true: 1, false: 0}[dir == root]; own != want {
			t.Errorf("routes %s: the sibling's own route is listed %d times, want %d: %q", dir, own, want, got)
		}
	}
}

// A module a relative import names outside the importing package is read for its
// facts only within the importer's workspace: one of a workspace beside it is not
// read, though that folder declares a workspace of its own.
func TestRoutesReadNoOtherWorkspace(t *testing.T) {
	spec := func(name, path string) string {
		return "export const " + name + " = { method: 'get' as const, path: '" + path + "' };\n"
	}
	handler := func(name, from string) string {
		return "import { " + name + " } from '" + from + "';\nimport { createHandler } from './handler';\n" +
			"export const " + name + "Route = createHandler(" + name + ")(async (req, res) => { res.end() });\n"
	}
	root := writeProject(t, map[string]string{
		"one/package.json":                `{"name": "one", "private": true, "workspaces": ["packages/*"]}`,
		"one/packages/spec/package.json":  `{"name": "spec"}`,
		"one/packages/spec/src/specs.ts":  spec("inside", "/inside"),
		"one/packages/api/package.json":   `{"name": "api", "dependencies": {"express": "^4.21.2"}}`,
		"one/packages/api/src/handler.ts": "export function createHandler({ method, path }) {\n  return (handler) => ({ method, path, handler });\n}\n",
		"one/packages/api/src/inside.ts":  handler("inside", "../../spec/src/specs"),
		"one/packages/api/src/outside.ts": handler("outside", "../../../../two/packages/spec/src/specs"),
		"one/packages/api/src/app.ts": "import express from 'express';\nimport { insideRoute } from './inside';\nimport { outsideRoute } from './outside';\n" +
			"const app = express();\nconst allRoutes = [insideRoute, outsideRoute];\n" +
			"allRoutes.forEach((route) => {\n  app[route.method](`/api${route.path}`, route.handler);\n});\n",
		"two/package.json":               `{"name": "two", "private": true, "workspaces": ["packages/*"]}`,
		"two/packages/spec/package.json": `{"name": "spec"}`,
		"two/packages/spec/src/specs.ts": spec("outside", "/outside"),
	})
	var got []string
	for _, r := range routesJSON(t, filepath.Join(root, "one", "packages", "api")) {
		got = append(got, r.Method+" "+r.Path)
	}
	if !slices.Contains(got, "GET /api/inside") {
		t.Errorf("the spec in a sibling package of the same workspace is not read: %q", got)
	}
	if slices.Contains(got, "GET /api/outside") {
		t.Errorf("the spec in another workspace is read: %q", got)
	}
}
