package rules

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// analyzePackage analyses the files of one package twice, as the language server's
// index and `check` do: once to collect every file's facts, then each file with the
// facts of the others. It returns the second pass's findings by file name.
func analyzePackage(t *testing.T, pkg string, files map[string]string) map[string][]analysis.Finding {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(pkg), 0o644)
	index := analysis.NewFactIndex()
	run := func(name string, opts analysis.Options) analysis.Result {
		path := filepath.Join(dir, name)
		f, res, err := analysis.Check(context.Background(), path, syntax.ForPath(path), []byte(files[name]), nil, pkgOf(path), All(), opts)
		if err != nil {
			t.Fatal(err)
		}
		syntax.Close(f.Tree)
		return res
	}
	for name := range files {
		index.Update(filepath.Join(dir, name), dir, run(name, analysis.Options{}).Facts)
	}
	out := map[string][]analysis.Finding{}
	for name := range files {
		path := filepath.Join(dir, name)
		out[name] = run(name, analysis.Options{Facts: index.For(path, dir)}).Findings
	}
	return out
}

func rulesIn(findings []analysis.Finding) string {
	var names []string
	for _, f := range findings {
		names = append(names, f.Rule)
	}
	return strings.Join(names, ",")
}

func TestCrossFileRules(t *testing.T) {
	const pkg = `{"dependencies": {"express": "^4.21.2", "express-rate-limit": "^7.5.0"}}`
	const app = "const express = require('express');\nconst app = express();\nrequire('./routes')(app);\napp.listen(3000);\n"
	const appServed = "const express = require('express');\nconst app = express();\napp.listen(3000);\n"

	t.Run("x-powered-by disabled in another file", func(t *testing.T) {
		got := analyzePackage(t, pkg, map[string]string{
			"app.js":      appServed,
			"security.js": "module.exports = (app) => { app.disable('x-powered-by'); };\n",
		})
		if strings.Contains(rulesIn(got["app.js"]), "x-powered-by-enabled") {
			t.Errorf("the header is disabled in security.js: %v", got["app.js"])
		}
		alone := analyzePackage(t, pkg, map[string]string{"app.js": appServed})
		if !strings.Contains(rulesIn(alone["app.js"]), "x-powered-by-enabled") {
			t.Errorf("without security.js the app still sends the header: %v", alone["app.js"])
		}
	})

	t.Run("limiter in a routes file points at the app", func(t *testing.T) {
		routes := "const rateLimit = require('express-rate-limit');\nmodule.exports = (app) => { app.use(rateLimit({ windowMs: 60000, limit: 10 })); };\n"
		got := analyzePackage(t, pkg, map[string]string{"app.js": app, "routes.js": routes})
		var found *analysis.Finding
		for i, f := range got["routes.js"] {
			if f.Rule == "rate-limit-trust-proxy" {
				found = &got["routes.js"][i]
			}
		}
		if found == nil {
			t.Fatalf("no rate-limit-trust-proxy in routes.js: %v", got["routes.js"])
		}
		if len(found.Related) != 1 || filepath.Base(found.Related[0].Where.Path) != "app.js" || found.Related[0].Where.Line != 1 {
			t.Errorf("relatedInformation must point at app.js line 2 (express()): %+v", found.Related)
		}
		withProxy := analyzePackage(t, pkg, map[string]string{"app.js": app, "routes.js": routes, "proxy.js": "module.exports = (app) => app.set('trust proxy', 1);\n"})
		if strings.Contains(rulesIn(withProxy["routes.js"]), "rate-limit-trust-proxy") {
			t.Errorf("trust proxy is set in proxy.js: %v", withProxy["routes.js"])
		}
	})

	t.Run("express-async-errors loaded in another file", func(t *testing.T) {
		handler := "const router = require('express').Router();\nrouter.get('/', async (req, res) => { res.json(await load()); });\n"
		got := analyzePackage(t, pkg, map[string]string{"routes.js": handler, "server.js": "require('express-async-errors');\n" + app})
		if strings.Contains(rulesIn(got["routes.js"]), "express-async-missing-next") {
			t.Errorf("server.js loads express-async-errors: %v", got["routes.js"])
		}
		alone := analyzePackage(t, pkg, map[string]string{"routes.js": handler})
		if !strings.Contains(rulesIn(alone["routes.js"]), "express-async-missing-next") {
			t.Errorf("without it the rejection is lost: %v", alone["routes.js"])
		}
	})

	t.Run("security headers set in another file", func(t *testing.T) {
		got := analyzePackage(t, `{"dependencies": {"express": "^4.21.2"}}`, map[string]string{
			"app.js":     appServed,
			"headers.js": "module.exports = (req, res, next) => { res.setHeader('Content-Security-Policy', \"default-src 'self'\"); next(); };\n",
		})
		if strings.Contains(rulesIn(got["app.js"]), "no-helmet") {
			t.Errorf("headers.js sets CSP by hand: %v", got["app.js"])
		}
	})
}
