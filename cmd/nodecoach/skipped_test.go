package main

import (
	"strings"
	"testing"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// A file whose analysis runs past its budget is reported, in every format, as the one
// information finding the server shows for it: rule nodecoach-skipped at line 1, the
// same message; the run does not fail for it, and the other files keep their findings.
func TestCheckReportsAFileOverItsBudget(t *testing.T) {
	schema := sarifSchema(t) // read before the test leaves the package directory
	was := analysis.Budget
	t.Cleanup(func() { analysis.Budget = was })
	// Only the big file runs past its budget: the cut is decided by size, not by time.
	analysis.Budget = func(size int) time.Duration {
		if size > 4096 {
			return -time.Second
		}
		return time.Hour
	}
	big := "const cors = require('cors');\napp.use(cors());\n" + strings.Repeat("f();\n", 1000)
	t.Chdir(writeProject(t, map[string]string{
		"package.json": `{"dependencies": {"express": "^4.21.2", "cors": "^2.8.5"}}`,
		"big.js":       big,
		"small.js":     "const cors = require('cors');\napp.use(cors());\n",
	}))
	wantMessage := analysis.SkippedMessage("its analysis took longer than")
	wantMessage = wantMessage[:strings.Index(wantMessage, "longer than")+len("longer than")]

	code, reports := checkJSON(t, ".")
	if code != 0 {
		t.Errorf("exit %d, want 0: a skipped file is information", code)
	}
	var skipped []report
	for _, r := range reports {
		if r.File == "big.js" {
			skipped = append(skipped, r)
		}
	}
	if len(skipped) != 1 {
		t.Fatalf("big.js: %+v, want only the one notice", skipped)
	}
	s := skipped[0]
	if s.Rule != analysis.SkippedRule || s.Severity != "information" || s.Line != 1 || s.Column != 1 || !strings.HasPrefix(s.Message, wantMessage) {
		t.Errorf("big.js: %+v, want %s information at 1:1 saying %q…", s, analysis.SkippedRule, wantMessage)
	}
	if find(reports, "cors-allow-all").File != "small.js" {
		t.Errorf("small.js lost its finding: %+v", reports)
	}

	_, text, stderr := runCLI(t, "check", ".")
	if !strings.Contains(text, wantMessage) || !strings.Contains(text, analysis.SkippedRule) || !strings.Contains(stderr, "skipped big.js") {
		t.Errorf("text: %q, stderr %q: want the notice with its rule id, and the skip on stderr", text, stderr)
	}
	_, github, _ := runCLI(t, "check", "--format", "github", ".")
	if !strings.Contains(github, "::notice file=big.js,line=1,col=1,endLine=1,endColumn=1,title="+analysis.SkippedRule+"::"+wantMessage) {
		t.Errorf("github: %q, want a notice at big.js:1", github)
	}
	_, sarifOut, _ := runCLI(t, "check", "--format", "sarif", ".")
	validateSARIF(t, schema, sarifOut)
	if r := decodeSARIF(t, sarifOut).result(t, analysis.SkippedRule); r.Level != "note" || !strings.HasPrefix(r.Message.Text, wantMessage) {
		t.Errorf("sarif: %+v, want a note with the message", r)
	}
	if _, quiet, _ := runCLI(t, "check", "--quiet", "--format", "json", "."); strings.Contains(quiet, analysis.SkippedRule) {
		t.Errorf("--quiet shows errors only, not the notice: %s", quiet)
	}
}
