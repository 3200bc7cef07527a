package resolve

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// sharedPackage is one package whose join takes a path default from another module's
// configuration, follows a factory's router and a mount chain, and lists class routes
// and keyed routes: the parts of a join that derive new tables from the ones given.
var sharedPackage = []tableSource{
	{"src/app.js", "const express = require('express');\nconst defaults = require('./defaults');\nconst app = express();\n" +
		"const conf = Object.assign({}, defaults, overrides);\napp.use(conf.http.prefix, require('./api')(db));\n" +
		"app.use('/admin', require('./admin'));\napp.get('/health', (req, res) => res.end());\napp.listen(3000);\n"},
	{"src/defaults.js", "module.exports = { http: { prefix: process.env.PREFIX || '/v1' } };\n"},
	{"src/api.js", "const express = require('express');\nconst items = require('./items');\nmodule.exports = function create(db) {\n" +
		"  const router = express.Router();\n  router.get('/items/:id', items.show);\n  router.post('/items', async (req, res) => res.json(await db.add(req.body)));\n  return router;\n};\n"},
	{"src/items.js", "exports.show = function show(req, res) {\n  res.json({ id: req.params.id });\n};\n"},
	{"src/admin.js", "const express = require('express');\nconst router = express.Router();\nconst routes = {\n" +
		"  'get /users': (req, res) => res.end(),\n  'delete /users/:id': (req, res) => res.end(),\n};\n" +
		"Object.entries(routes).forEach(([key, handler]) => {\n  const [verb, path] = key.split(' ');\n  router[verb](path, handler);\n});\nmodule.exports = router;\n"},
}

// joinedText is JoinRoutes of tables, one route a line.
func joinedText(tables []FileRoutes) string {
	var out []string
	for _, r := range JoinRoutes(tables) {
		out = append(out, describe(r))
	}
	return strings.Join(out, "\n")
}

// Route tables built from several goroutines at once on resolvers that other
// goroutines read meanwhile (the server builds an outline's table on the last whole
// check while the next edit's window reads it), then joined by several goroutines at
// once (requests share the package's tables): run with -race, a resolver, a table or a
// join that writes what another reads fails. Each answers as it does alone, and the
// tables are left as they were built.
func TestRouteTablesAndJoinsShareTheirInputs(t *testing.T) {
	type file struct {
		r    *Resolver
		tree *sitter.Tree
		src  tableSource
	}
	var files []file
	var alone []FileRoutes
	for _, s := range sharedPackage {
		alone = append(alone, tableOf(t, syntax.ForPath(s.file), s.file, s.src))
		r, tree := parse(t, syntax.ForPath(s.file), s.src)
		files = append(files, file{r, tree, s})
	}
	want := joinedText(alone)
	for _, route := range []string{"GET {conf.http.prefix:/v1}/items/:id", "POST {conf.http.prefix:/v1}/items", "GET /admin/users", "DELETE /admin/users/:id", "GET /health"} {
		if !strings.Contains(want, route+" ") {
			t.Fatalf("the package's routes lack %s:\n%s", route, want)
		}
	}

	dependsOn := func(pkg string) bool { return pkg == "express" }
	shared := make([]FileRoutes, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(2)
		go func() {
			defer wg.Done()
			shared[i] = f.r.RouteTable(f.tree.RootNode(), f.src.file, dependsOn)
		}()
		go func() {
			defer wg.Done()
			answers(f.r, f.tree)
			f.r.RouteTable(f.tree.RootNode(), f.src.file, dependsOn)
		}()
	}
	wg.Wait()
	for i := range shared {
		if !reflect.DeepEqual(shared[i], alone[i]) {
			t.Errorf("%s: the table built beside other readers differs from one built alone", files[i].src.file)
		}
	}

	got := make([]string, 6)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = joinedText(shared)
		}()
	}
	wg.Wait()
	for i, g := range got {
		if g != want {
			t.Errorf("join %d beside others:\n%s\nwant:\n%s", i, g, want)
		}
	}
	for i, f := range files {
		if again := f.r.RouteTable(f.tree.RootNode(), f.src.file, dependsOn); !reflect.DeepEqual(shared[i], again) {
			t.Errorf("%s: the joins changed the table they were given", f.src.file)
		}
	}
	if slices.ContainsFunc(got, func(g string) bool { return g == "" }) {
		t.Error("a join gave no routes")
	}
}
