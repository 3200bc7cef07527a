package main

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func routesJSON(t *testing.T, args ...string) []routeRow {
	t.Helper()
	code, out, stderr := runCLI(t, append([]string{"routes", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []routeRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	return rows
}

// rowLine is one row on a line, with the paths relative to the sample root.
func rowLine(r routeRow, root string) string {
	rel := func(p string) string { s, _ := filepath.Rel(root, p); return filepath.ToSlash(s) }
	h := r.Handler
	if r.HandlerFile != "" {
		h += fmt.Sprintf("@%s:%d", rel(r.HandlerFile), r.HandlerLine)
	}
	return fmt.Sprintf("%s %s %s:%d %s async=%v safe=%v", r.Method, r.Path, rel(r.File), r.Line, h, r.Async, r.ErrorSafe)
}

// The samples' routes, read off their sources: the reports router is mounted at
// /reports in app.js, and the TypeScript server registers the controller's functions.
func TestRoutesOfTheSampleApps(t *testing.T) {
	root := "../../testdata"
	var got []string
	for _, r := range routesJSON(t, root+"/express-js", root+"/express-ts") {
		got = append(got, rowLine(r, root))
	}
	want := []string{
		"USE / express-js/src/app.js:12 express.json() async=false safe=false",
		"USE / express-js/src/app.js:15 cors() async=false safe=false",
		"USE /admin express-js/src/app.js:18 cors({ origin: ['https://admin.example.com'], credentials: … async=false safe=false",
		"GET /health express-js/src/app.js:22 inline@express-js/src/app.js:22 async=false safe=false",
		"USE / express-js/src/app.js:24 inline@express-js/src/app.js:24 async=false safe=false",
		"GET /reports/:id.csv express-js/src/routes/reports.js:9 inline@express-js/src/routes/reports.js:9 async=false safe=false",
		"GET /reports/:id.txt express-js/src/routes/reports.js:15 inline@express-js/src/routes/reports.js:15 async=true safe=false",
		"GET /reports/:id express-js/src/routes/reports.js:24 inline@express-js/src/routes/reports.js:24 async=true safe=false",
		"USE / express-ts/src/server.ts:7 cors({ origin: '*' }) async=false safe=false",
		"USE / express-ts/src/server.ts:8 express.json() async=false safe=false",
		"GET /users express-ts/src/server.ts:10 listUsers@express-ts/src/controllers/users.controller.ts:7 async=true safe=false",
		"GET /users/:id express-ts/src/server.ts:11 showUser@express-ts/src/controllers/users.controller.ts:12 async=true safe=false",
		"GET /users/:id/avatar express-ts/src/server.ts:12 showAvatar@express-ts/src/controllers/users.controller.ts:20 async=false safe=false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("routes:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// Wrappers and Express 5 make a route error-safe; middleware is listed in order.
func TestRoutesErrorSafety(t *testing.T) {
	for _, tc := range []struct{ express, want string }{{"^4.21.2", "wrapped=true bare=false"}, {"^5.1.0", "wrapped=true bare=true"}} {
		root := writeProject(t, map[string]string{
			"package.json": `{"dependencies":{"express":"` + tc.express + `","express-async-handler":"^1.2.0"}}`,
			"app.ts": "import express from 'express';\nimport asyncHandler from 'express-async-handler';\nconst app = express();\n" +
				"const auth = (req, res, next) => next();\napp.post('/a', auth, asyncHandler(async (req, res) => { res.end() }));\napp.post('/b', async (req, res) => { res.end() });\n",
		})
		rows := routesJSON(t, root)
		if len(rows) != 2 || !slices.Equal(rows[0].Middleware, []string{"auth"}) || !slices.Equal(rows[0].Wrappers, []string{"asyncHandler"}) {
			t.Fatalf("express %s: %+v", tc.express, rows)
		}
		if got := fmt.Sprintf("wrapped=%v bare=%v", rows[0].ErrorSafe, rows[1].ErrorSafe); got != tc.want {
			t.Errorf("express %s: %s, want %s", tc.express, got, tc.want)
		}
	}
}

// The built binary prints the text table and exits 0; an unknown format is a usage error.
func TestRoutesBinary(t *testing.T) {
	out, err := exec.Command(binary, "routes", "../../testdata/express-js").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, want := range []string{"GET     /reports/:id.csv", "routes/reports.js:24", "8 routes"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if err := exec.Command(binary, "routes", "--format", "xml", ".").Run(); err == nil {
		t.Error("an unknown format must fail")
	} else if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 2 {
		t.Errorf("unknown format: %v, want exit code 2", err)
	}
}
