package server

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// BenchmarkFirstPackageRoutes measures what the first request of a package pays once
// the index has ended (an app mounting 20 routers of 5 routes each, their 20
// controllers of 5 handlers, 40 helper modules): the index builds no route table, so
// the request builds every checked file's, then joins them.
func BenchmarkFirstPackageRoutes(b *testing.B) {
	root := b.TempDir()
	files := map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`}
	var app strings.Builder
	app.WriteString("const express = require('express');\nconst app = express();\n")
	for i := range 20 {
		fmt.Fprintf(&app, "app.use('/r%d', require('./routes/r%d'));\n", i, i)
		var router, controller strings.Builder
		router.WriteString("const express = require('express');\nconst router = express.Router();\n")
		fmt.Fprintf(&router, "const c = require('../controllers/c%d');\n", i)
		for j := range 5 {
			fmt.Fprintf(&router, "router.get('/h%d/:id', c.h%d);\n", j, j)
			fmt.Fprintf(&controller, "exports.h%d = async (req, res) => {\n  const row = await req.db.find(req.params.id, %d);\n  res.json(row);\n};\n", j, j)
		}
		router.WriteString("module.exports = router;\n")
		files[fmt.Sprintf("src/routes/r%d.js", i)] = router.String()
		files[fmt.Sprintf("src/controllers/c%d.js", i)] = controller.String()
		for k := range 2 {
			files[fmt.Sprintf("src/lib/l%d_%d.js", i, k)] = fmt.Sprintf("function format%d(value) {\n  return String(value).trim();\n}\nmodule.exports = { format%d };\n", k, k)
		}
	}
	app.WriteString("app.listen(3000);\n")
	files["src/app.js"] = app.String()
	var paths []string
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		if strings.HasSuffix(p, ".js") {
			paths = append(paths, p)
		}
	}
	s := New(Options{Name: "nodecoach"})
	s.folders = []string{root}
	s.runIndex(context.Background())
	// What the index leaves: no table, every checked file waiting for its table.
	untabled := maps.Clone(s.idx.untabled)
	if len(untabled) == 0 || len(s.routes.files) != 0 {
		b.Fatalf("the index left %d files to table and kept %d tables; want files and no table", len(untabled), len(s.routes.files))
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s.routes.files, s.idx.untabled = map[string]closedTable{}, maps.Clone(untabled)
		b.StartTimer()
		if n := len(resolve.JoinRoutes(s.packageRoutes(ctx, root)[root])); n != 100 {
			b.Fatalf("%d routes, want 100", n)
		}
	}
	b.ReportMetric(float64(len(untabled)), "built-tables")
}
