package server

import (
	"os"
	"path/filepath"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// sqlInjectionApp interpolates request data into SQL: sql-template-injection's case.
const sqlInjectionApp = "const express = require('express');\nconst { Pool } = require('pg');\nconst pool = new Pool();\nconst app = express();\n" +
	"app.get('/u', async (req, res, next) => {\n  try {\n    const r = await pool.query(`SELECT * FROM users WHERE email = '${req.query.email}'`);\n    res.json(r.rows);\n  } catch (err) {\n    next(err);\n  }\n});\n"

// sql-template-injection shows at its own level (an error for request data) until
// .nodecoach.json or the editor's settings give it a level, and then shows it at that
// level, or not at all for off. (An off-by-default rule is knowledge/analysis's
// TestOffByDefaultRule.)
func TestConfiguredRuleLevelInTheEditor(t *testing.T) {
	const rule = "sql-template-injection"
	project := func(t *testing.T, cfg string) uri.URI {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies": {"express": "^4.21.2", "pg": "^8.11.0"}}`), 0o644)
		if cfg != "" {
			os.WriteFile(filepath.Join(dir, ".nodecoach.json"), []byte(cfg), 0o644)
		}
		return uri.File(filepath.Join(dir, "app.js"))
	}
	severities := func(diags []protocol.Diagnostic) []protocol.DiagnosticSeverity {
		var out []protocol.DiagnosticSeverity
		for _, d := range of(rule, diags) {
			out = append(out, d.Severity)
		}
		return out
	}

	t.Run("default", func(t *testing.T) {
		ss := newSession(t)
		ss.initialize(true, false)
		doc := project(t, "")
		ss.open(doc, "javascript", sqlInjectionApp)
		if got := severities(ss.pull(doc)); len(got) != 1 || got[0] != protocol.DiagnosticSeverityError {
			t.Errorf("%s reported %v by default, want one error", rule, got)
		}
	})
	t.Run(".nodecoach.json", func(t *testing.T) {
		ss := newSession(t)
		ss.initialize(true, false)
		doc := project(t, `{"rules": {"`+rule+`": "warning"}}`)
		ss.open(doc, "javascript", sqlInjectionApp)
		if got := severities(ss.pull(doc)); len(got) != 1 || got[0] != protocol.DiagnosticSeverityWarning {
			t.Errorf("turned on at warning by .nodecoach.json: %v, want one warning", got)
		}
	})
	t.Run("editor settings", func(t *testing.T) {
		ss := newSession(t)
		ss.initialize(true, false)
		doc := project(t, "")
		ss.open(doc, "javascript", sqlInjectionApp)
		if got := severities(ss.pull(doc)); len(got) != 1 {
			t.Fatalf("before the setting: %v", got)
		}
		settings := protocol.LSPAny(`{"nodecoach": {"rules": {"` + rule + `": "off"}}}`)
		if err := ss.server.DidChangeConfiguration(ss.ctx(), &protocol.DidChangeConfigurationParams{Settings: settings}); err != nil {
			t.Fatal(err)
		}
		if got := severities(ss.pull(doc)); len(got) != 0 {
			t.Errorf("turned off by the editor's settings: %v, want none", got)
		}
	})
}
