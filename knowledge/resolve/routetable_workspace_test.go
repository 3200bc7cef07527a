package resolve

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The registering package of each case: a list of route objects made by a curried
// factory from a spec that another package exports (growthbook's shape), in
// TypeScript and in JavaScript.
const (
	wsRoutesTS = "import { Router } from 'express';\nimport { getThing } from './getThing';\nconst router = Router();\nconst allRoutes = [getThing];\n" +
		"allRoutes.forEach((route) => {\n  router[route.method](`/v1${route.path}`, route.handler);\n});\nexport default router;\n"
	wsHandlerTS = "export function createHandler({ method, path }) {\n  return (handler) => ({ method, path, handler });\n}\n"
	wsRoutesJS  = "const router = require('express').Router();\nconst { getThing } = require('./getThing');\nconst allRoutes = [getThing];\n" +
		"allRoutes.forEach((route) => {\n  router[route.method](`/v1${route.path}`, route.handler);\n});\nmodule.exports = router;\n"
	wsHandlerJS = "function createHandler({ method, path }) {\n  return (handler) => ({ method, path, handler });\n}\nmodule.exports = { createHandler };\n"
)

func wsGetThingTS(spec string) string {
	return "import { getThingValidator } from '" + spec + "';\nimport { createHandler } from './handler';\n" +
		"export const getThing = createHandler(getThingValidator)(async (req, res) => { res.end() });\n"
}

func wsGetThingJS(spec string) string {
	return "const { getThingValidator } = require('" + spec + "');\nconst { createHandler } = require('./handler');\n" +
		"const getThing = createHandler(getThingValidator)(async (req, res) => { res.end() });\nmodule.exports = { getThing };\n"
}

const (
	wsSpecTS = "export const getThingValidator = { method: 'get' as const, path: '/things/:id' };\n"
	wsSpecJS = "const getThingValidator = { method: 'get', path: '/things/:id' };\nmodule.exports = { getThingValidator };\n"
)

// A route whose method and path live in another package of the workspace is read
// there, through the package's exports, a re-exporting declaration stub, or its main;
// the same shape from a registry dependency stays the registration's computed row.
func TestRouteTableAcrossWorkspacePackages(t *testing.T) {
	const resolved = "GET /v1/things/:id on router [] inline async at "
	cases := []struct {
		name  string
		files map[string]string
		// dep is the bare package the api package depends on.
		dep, api string
		want     bool
	}{
		{"through exports' types condition, npm workspaces (ts)", map[string]string{
			"package.json":                     `{"name": "root", "workspaces": ["packages/*"]}`,
			"packages/shared/package.json":     `{"name": "@acme/shared", "exports": {"./specs": {"types": "./src/specs.ts", "default": "./dist/specs.js"}}}`,
			"packages/shared/src/specs.ts":     wsSpecTS,
			"packages/api/package.json":        `{"name": "api", "dependencies": {"@acme/shared": "*"}}`,
			"packages/api/src/routes.ts":       wsRoutesTS,
			"packages/api/src/handler.ts":      wsHandlerTS,
			"packages/api/src/getThing.ts":     wsGetThingTS("@acme/shared/specs"),
			"packages/api/node_modules/.keep":  "",
			"packages/shared/dist/specs.js.md": "not a source",
		}, "@acme/shared", "packages/api", true},
		{"through a declaration stub beside a JS stub into an unbuilt dist, pnpm (ts)", map[string]string{
			"pnpm-workspace.yaml":                        "packages:\n  - 'packages/*'\n",
			"packages/shared/package.json":               `{"name": "shared", "main": "dist/index.js", "types": "src/index.ts"}`,
			"packages/shared/validators.d.ts":            "export * from \"./src/validators\";\n",
			"packages/shared/validators.js":              "module.exports = require(\"./dist/validators\");\n",
			"packages/shared/src/validators/index.ts":    "export * from './other';\nexport * from './things';\n",
			"packages/shared/src/validators/other.ts":    "export const other = 1;\n",
			"packages/shared/src/validators/things.ts":   wsSpecTS,
			"packages/back-end/package.json":             `{"name": "back-end", "dependencies": {"shared": "workspace:*"}}`,
			"packages/back-end/src/routes.ts":            wsRoutesTS,
			"packages/back-end/src/handler.ts":           wsHandlerTS,
			"packages/back-end/src/getThing.ts":          wsGetThingTS("shared/validators"),
			"packages/back-end/node_modules/placeholder": "",
		}, "shared", "packages/back-end", true},
		{"through main, packages listed by the pnpm lockfile (js)", map[string]string{
			"pnpm-lock.yaml":               "lockfileVersion: '9.0'\nimporters:\n  .: {}\n  libs/specs: {}\n  apps/api:\n    dependencies:\n      specs:\n        specifier: workspace:*\n        version: link:../../libs/specs\n",
			"libs/specs/package.json":      `{"name": "specs", "main": "lib/index.js"}`,
			"libs/specs/lib/index.js":      wsSpecJS,
			"apps/api/package.json":        `{"name": "api", "dependencies": {"specs": "workspace:*"}}`,
			"apps/api/src/routes.js":       wsRoutesJS,
			"apps/api/src/handler.js":      wsHandlerJS,
			"apps/api/src/getThing.js":     wsGetThingJS("specs"),
			"apps/api/src/unrelated.js":    "module.exports = 1;\n",
			"apps/api/.placeholder/readme": "",
		}, "specs", "apps/api", true},
		{"a registry dependency of the same shape stays unresolved (js)", map[string]string{
			"package.json":                             `{"name": "root", "workspaces": ["apps/*"]}`,
			"apps/api/package.json":                    `{"name": "api", "dependencies": {"specs": "^1.0.0"}}`,
			"apps/api/src/routes.js":                   wsRoutesJS,
			"apps/api/src/handler.js":                  wsHandlerJS,
			"apps/api/src/getThing.js":                 wsGetThingJS("specs"),
			"apps/api/node_modules/specs/package.json": `{"name": "specs", "main": "index.js"}`,
			"apps/api/node_modules/specs/index.js":     wsSpecJS,
		}, "specs", "apps/api", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, c.files)
			rows := joinWorkspace(t, root, c.api, c.dep)
			got := slices.ContainsFunc(rows, func(r string) bool { return strings.HasPrefix(r, resolved) })
			if got != c.want {
				t.Errorf("resolved across packages = %v, want %v; rows:\n%s", got, c.want, strings.Join(rows, "\n"))
			}
			if !c.want && !slices.ContainsFunc(rows, func(r string) bool { return strings.HasPrefix(r, "{route.method}") }) {
				t.Errorf("an unread spec keeps the computed row; rows:\n%s", strings.Join(rows, "\n"))
			}
		})
	}
}

// Two packages whose specs import each other are read once round the cycle: the
// join ends, and the route each one's spec holds is found.
func TestRouteTableWorkspaceCycle(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"package.json":                 `{"name": "root", "workspaces": ["packages/*"]}`,
		"packages/a/package.json":      `{"name": "a", "types": "src/index.ts", "dependencies": {"b": "*"}}`,
		"packages/a/src/index.ts":      "export * from 'b';\nexport const getThingValidator = { method: 'get' as const, path: '/things/:id' };\n",
		"packages/b/package.json":      `{"name": "b", "types": "src/index.ts", "dependencies": {"a": "*"}}`,
		"packages/b/src/index.ts":      "export * from 'a';\n",
		"packages/api/package.json":    `{"name": "api", "dependencies": {"b": "*"}}`,
		"packages/api/src/routes.ts":   wsRoutesTS,
		"packages/api/src/handler.ts":  wsHandlerTS,
		"packages/api/src/getThing.ts": wsGetThingTS("b"),
	})
	rows := joinWorkspace(t, root, "packages/api", "b", "a")
	if !slices.ContainsFunc(rows, func(r string) bool { return strings.HasPrefix(r, "GET /v1/things/:id on router") }) {
		t.Errorf("the spec re-exported round a cycle of packages is not read; rows:\n%s", strings.Join(rows, "\n"))
	}
}

// A package folder that is a link out of the workspace is no package of it: its
// package.json is not read. A plain folder beside it is, so the setup reads packages.
func TestWorkspaceModulesFollowNoLinkOut(t *testing.T) {
	outside, root := t.TempDir(), t.TempDir()
	writeTree(t, outside, map[string]string{"package.json": `{"name": "shared", "main": "index.js"}`, "index.js": wsSpecJS})
	writeTree(t, root, map[string]string{
		"package.json":                `{"name": "root", "workspaces": ["packages/*", "linked"]}`,
		"packages/api/index.js":       "",
		"packages/plain/package.json": `{"name": "plain", "main": "index.js"}`,
		"packages/plain/index.js":     wsSpecJS,
	})
	if err := os.Symlink(outside, filepath.Join(root, "linked")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "packages", "shared")); err != nil {
		t.Fatal(err)
	}
	w := NewWorkspaceModules(pkginfo.NewStore(nil))
	if _, ok := w.Source(filepath.Join(root, "packages/api/index.js"), "plain"); !ok {
		t.Fatal("the package of a plain folder the globs name is not found")
	}
	if file, ok := w.Source(filepath.Join(root, "packages/api/index.js"), "shared"); ok {
		t.Errorf("read %s through a link out of the workspace", file)
	}
}

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// joinWorkspace tables every source file under root (as RouteTableIn, with deps the
// bare packages every package depends on), then joins the tables of the registering
// package (the folder api) with the facts of the other packages' files, as
// `nodecoach routes` does, and describes the rows.
func joinWorkspace(t *testing.T, root, api string, deps ...string) []string {
	t.Helper()
	w := NewWorkspaceModules(pkginfo.NewStore(nil))
	dependsOn := func(pkg string) bool { return pkg == "express" || slices.Contains(deps, pkg) }
	var own, facts []FileRoutes
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		lang := syntax.ForPath(p)
		if d.IsDir() || lang == syntax.Unknown || strings.HasSuffix(p, ".d.ts") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r, tree := parse(t, lang, string(src))
		table := r.RouteTableIn(tree.RootNode(), p, dependsOn, w)
		if strings.HasPrefix(p, filepath.Join(root, filepath.FromSlash(api))+string(filepath.Separator)) {
			own = append(own, table)
		} else {
			facts = append(facts, table.onlyFacts())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, r := range JoinRoutes(append(own, facts...)) {
		rows = append(rows, describe(r))
	}
	return rows
}

// A specifier's sub-path maps to a file by the package's declarations: exports (a
// string, a `*` pattern, nested conditions), then a file at the sub-path (its folder's
// index too), then types and main, following stubs that only re-export and passing
// over one whose target was never built.
func TestWorkspacePackageSources(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"package.json":                     `{"name": "root", "workspaces": ["libs/*"]}`,
		"libs/whole/package.json":          `{"name": "whole", "exports": "./src/main.ts"}`,
		"libs/whole/src/main.ts":           "export const a = 1;\n",
		"libs/star/package.json":           `{"name": "@x/star", "exports": {".": "./index.js", "./features/*": {"node": {"import": "./src/features/*.ts"}}}}`,
		"libs/star/index.js":               "module.exports = 1;\n",
		"libs/star/src/features/flags.ts":  "export const f = 1;\n",
		"libs/plain/package.json":          `{"name": "plain", "main": "build/index.js", "types": "lib/index.ts"}`,
		"libs/plain/lib/index.ts":          "export const p = 1;\n",
		"libs/plain/routes/index.ts":       "export const r = 1;\n",
		"libs/plain/specs.js":              "module.exports = require('./build/specs');\n",
		"libs/plain/specs.d.ts":            "export * from './lib/specs';\n",
		"libs/plain/lib/specs.ts":          "export const s = 1;\n",
		"libs/gone/package.json":           `{"name": "gone", "main": "dist/index.js"}`,
		"apps/web/package.json":            `{"name": "web"}`,
		"libs/whole/node_modules/x/a.js":   "",
		"libs/star/features-unrelated.txt": "",
	})
	importer := filepath.Join(root, "libs", "plain", "x.ts")
	cases := []struct{ spec, want string }{
		{"whole", "libs/whole/src/main.ts"},
		{"@x/star", "libs/star/index.js"},
		{"@x/star/features/flags", "libs/star/src/features/flags.ts"},
		{"plain", "libs/plain/lib/index.ts"},
		{"plain/routes", "libs/plain/routes/index.ts"},
		{"plain/specs", "libs/plain/lib/specs.ts"},
		{"gone", ""},
		{"web", ""}, // not a package of the workspace's declarations
		{"express", ""},
	}
	w := NewWorkspaceModules(pkginfo.NewStore(nil))
	for _, c := range cases {
		got, ok := w.Source(importer, c.spec)
		want := ""
		if c.want != "" {
			want = filepath.Join(root, filepath.FromSlash(c.want))
		}
		if got != want || ok != (want != "") {
			t.Errorf("%s: %q %v, want %q", c.spec, got, ok, want)
		}
	}
}

// A router another package of the workspace exports, mounted by this one, stays the
// use it was: a row of its own, not the other package's routes, which are listed in
// that package's map.
func TestRouteTableWorkspaceRouterMountStaysAUse(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"package.json":                 `{"name": "root", "workspaces": ["packages/*"]}`,
		"packages/shared/package.json": `{"name": "shared", "main": "index.js"}`,
		"packages/shared/index.js":     "const router = require('express').Router();\nrouter.get('/x', (req, res) => res.end());\nmodule.exports = { sharedRouter: router };\n",
		"packages/api/package.json":    `{"name": "api", "dependencies": {"shared": "*"}}`,
		"packages/api/routes.js":       "const express = require('express');\nconst { sharedRouter } = require('shared');\nconst app = express();\napp.use('/s', sharedRouter);\n",
	})
	rows := joinWorkspace(t, root, "packages/api", "shared")
	if !slices.ContainsFunc(rows, func(r string) bool { return strings.HasPrefix(r, "USE /s on app") }) || slices.ContainsFunc(rows, func(r string) bool { return strings.HasPrefix(r, "GET /s/x") }) {
		t.Errorf("rows:\n%s", strings.Join(rows, "\n"))
	}
}

// Of several `*` patterns of exports that match a sub-path, the one with the longest
// text before its `*` gives the file, as in Node, whatever order the object is read in.
func TestExportTargetLongestPatternWins(t *testing.T) {
	exports := json.RawMessage(`{"./*": "./src/*.ts", "./features/*": "./src/feat/*.ts", "./features/*.js": "./src/js/*.js"}`)
	cases := []struct{ sub, want string }{
		{"features/flags", "./src/feat/flags.ts"},
		{"features/flags.js", "./src/js/flags.js"},
		{"other", "./src/other.ts"},
	}
	for range 50 { // map order varies from one read to the next
		for _, c := range cases {
			if got, ok := exportTarget(exports, c.sub); !ok || got != c.want {
				t.Fatalf("%s: %q %v, want %q", c.sub, got, ok, c.want)
			}
		}
	}
}

// A malformed declaration is passed over for the next: a package.json that is no JSON
// and a pnpm-workspace.yaml that is no YAML leave the lockfile's importers to name the
// packages, and an exports field of the wrong shape leaves main to name the source.
func TestWorkspaceMalformedDeclarationsArePassedOver(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"package.json":            `{"name": "root", "workspaces": [`,
		"pnpm-workspace.yaml":     "packages: [\n",
		"pnpm-lock.yaml":          "lockfileVersion: '9.0'\nimporters:\n  .: {}\n  libs/specs: {}\n  libs/odd: {}\n  apps/api: {}\n",
		"libs/specs/package.json": `{"name": "specs", "exports": 42, "main": "lib/index.js"}`,
		"libs/specs/lib/index.js": wsSpecJS,
		"libs/odd/package.json":   `{"name": "odd", "exports": {"./x": [1, 2]}, "main": "index.js"}`,
		"libs/odd/index.js":       wsSpecJS,
		"apps/api/package.json":   `{"name": "api"}`,
	})
	w := NewWorkspaceModules(pkginfo.NewStore(nil))
	importer := filepath.Join(root, "apps", "api", "x.js")
	for spec, want := range map[string]string{"specs": "libs/specs/lib/index.js", "odd": "libs/odd/index.js"} {
		if got, ok := w.Source(importer, spec); !ok || got != filepath.Join(root, filepath.FromSlash(want)) {
			t.Errorf("%s: %q %v, want %s", spec, got, ok, want)
		}
	}
}

// A package's own files are not read again as facts of another package that holds
// it (a package nested in another's folder): the outer package's file re-exports the
// inner one's, which the inner package's map already has whole.
func TestWorkspaceFactsReadNoOwnFile(t *testing.T) {
	outer := filepath.Join(t.TempDir(), "b")
	inner := filepath.Join(outer, "a")
	own := filepath.Join(inner, "x.ts")
	other := filepath.Join(outer, "y.ts")
	table := func(file, reExported string) FileRoutes {
		t := FileRoutes{File: file}
		t.makeMaps()
		t.ReExports["*"] = ReExport{Key: pathKey(reExported), Name: "*"}
		return t
	}
	tables := map[string]FileRoutes{own: table(own, other), other: table(other, own)}
	var asked []string
	src := FactSource{
		Tables: func(files []string) []FileRoutes {
			out := make([]FileRoutes, len(files))
			for k, f := range files {
				asked = append(asked, f)
				out[k] = tables[f]
			}
			return out
		},
		PackageDir: func(file string) string {
			if safefs.Within(file, inner) {
				return inner
			}
			return outer
		},
		Exists: func(_, file string) bool { _, ok := tables[file]; return ok },
	}
	facts := WorkspaceFacts([]FileRoutes{tables[own]}, inner, src)
	if len(facts) != 1 || facts[0].File != other || !slices.Equal(asked, []string{other}) {
		var got []string
		for _, f := range facts {
			got = append(got, f.File)
		}
		t.Errorf("facts of %q, files asked %q; want only %s", got, asked, other)
	}
}
