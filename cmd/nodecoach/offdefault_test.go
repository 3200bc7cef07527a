package main

import (
	"strings"
	"testing"
)

// sqlProject interpolates request data into SQL: sql-template-injection's case.
func sqlProject(t *testing.T, cfg string) string {
	files := map[string]string{
		"package.json": `{"dependencies": {"express": "^4.21.2", "pg": "^8.11.0"}}`,
		"app.js": "const express = require('express');\nconst { Pool } = require('pg');\nconst pool = new Pool();\nconst app = express();\n" +
			"app.get('/u', async (req, res, next) => {\n  try {\n    const r = await pool.query(`SELECT * FROM users WHERE email = '${req.query.email}'`);\n    res.json(r.rows);\n  } catch (err) {\n    next(err);\n  }\n});\n",
	}
	if cfg != "" {
		files[".nodecoach.json"] = cfg
	}
	return writeProject(t, files)
}

// A rule reports at its own level until --rule or .nodecoach.json gives it one; then
// it reports at that level, or not at all for off, and fails the run accordingly.
// (An off-by-default rule is knowledge/analysis's TestOffByDefaultRule.)
func TestConfiguredRuleLevelInCheck(t *testing.T) {
	const rule = "sql-template-injection"
	for _, tc := range []struct {
		name     string
		cfg      string
		flags    []string
		severity string // "" for no finding
		code     int
	}{
		{name: "default", severity: "error", code: 1},
		{name: "--rule", flags: []string{"--rule", rule + "=error"}, severity: "error", code: 1},
		{name: ".nodecoach.json", cfg: `{"rules": {"` + rule + `": "information"}}`, severity: "information", code: 0},
		{name: "--rule over .nodecoach.json", cfg: `{"rules": {"` + rule + `": "warning"}}`, flags: []string{"--rule", rule + "=off"}, severity: "", code: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := sqlProject(t, tc.cfg)
			code, reports := checkJSON(t, append(tc.flags, dir)...)
			got := find(reports, rule)
			if got.Severity != tc.severity || rulesOf(reports)[rule] > 1 {
				t.Errorf("%s: %+v, want one finding at %q (none for \"\")", rule, reports, tc.severity)
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
		})
	}
}

// `nodecoach rules` lists a rule with its own default level.
func TestRulesListsDefaultLevel(t *testing.T) {
	_, out, _ := runCLI(t, "rules")
	for _, line := range strings.Split(out, "\n") {
		if fields := strings.Fields(line); len(fields) > 1 && fields[0] == "sql-template-injection" {
			if fields[1] != "warning" {
				t.Errorf("sql-template-injection listed with default %q, want warning: %q", fields[1], line)
			}
			return
		}
	}
	t.Errorf("sql-template-injection is not listed:\n%s", out)
}
