package main

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// TestCheckAndServerExcludeTheSameFiles: the default exclusions match at any depth
// below the package root, and a bin/ file is skipped only when it is a command-line
// tool; `check` and the language server skip exactly the same files.
func TestCheckAndServerExcludeTheSameFiles(t *testing.T) {
	const open = "const cors = require('cors');\nrequire('express')().use(cors());\n"
	files := map[string]string{
		"package.json":                           `{"name":"api","dependencies":{"express":"^4.21.2","cors":"^2.8.5"}}`,
		"src/app.js":                             open,
		"src/routes/tools/index.js":              open,
		"bin/www.js":                             open,
		"bin/migrate.js":                         "#!/usr/bin/env node\n" + open,
		"src/database/migrations/001-init.js":    open,
		"src/scripts/backfill.js":                open,
		"src/test/helpers/db.js":                 open,
		"src/init/seed/users.js":                 open,
		"packages/cli/package.json":              `{"name":"cli","dependencies":{"commander":"^12.0.0"}}`,
		"packages/cli/bin/run.js":                open,
		"packages/web/package.json":              `{"name":"web","dependencies":{"express":"^4.21.2","cors":"^2.8.5"}}`,
		"packages/web/bin/server.js":             open,
		"packages/web/src/scripts/reindex.js":    open,
		"packages/web/src/lib/__tests__/cors.js": open,
	}
	dir := writeProject(t, files)
	_, reports := checkJSON(t, dir)
	var checked []string
	for _, r := range reports {
		rel, err := filepath.Rel(dir, r.File)
		if err != nil {
			rel = r.File
		}
		checked = append(checked, filepath.ToSlash(rel))
	}
	sort.Strings(checked)
	want := []string{"bin/www.js", "packages/web/bin/server.js", "src/app.js", "src/routes/tools/index.js"}
	if strings.Join(checked, " ") != strings.Join(want, " ") {
		t.Errorf("check reported in %q, want %q", checked, want)
	}

	s := startSession(t)
	s.initialize(markdownClient())
	var served []string
	for name, text := range files {
		if !strings.HasSuffix(name, ".js") {
			continue
		}
		u := uri.File(filepath.Join(dir, name))
		s.open(u, text)
		for {
			p := s.waitDiagnostics(1)
			if p.URI != u {
				continue
			}
			for _, d := range p.Diagnostics {
				if code, _ := d.Code.(protocol.String); code == "cors-allow-all" {
					served = append(served, name)
					break
				}
			}
			break
		}
	}
	sort.Strings(served)
	if strings.Join(served, " ") != strings.Join(checked, " ") {
		t.Errorf("the server reported in %q, check in %q", served, checked)
	}
}
