package server

import (
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// TestAnalysisBudgetGivesOneNotice: a document whose analysis runs past its budget gets
// one information diagnostic saying so, and the server goes on answering, for it and
// for the next document.
func TestAnalysisBudgetGivesOneNotice(t *testing.T) {
	was := analysis.Budget
	analysis.Budget = func(int) time.Duration { return -time.Second }
	t.Cleanup(func() { analysis.Budget = was })
	ss := newSession(t)
	ss.initialize(true, false)
	src := "const fs = require('fs');\nconst app = require('express')();\napp.get('/', (req, res) => res.send(fs.readFileSync('a')));\n"
	for _, doc := range []uri.URI{"untitled:slow-1.js", "untitled:slow-2.js"} {
		ss.open(doc, "javascript", src)
		diags := ss.pull(doc)
		if len(diags) != 1 || diags[0].Severity != protocol.DiagnosticSeverityInformation ||
			!strings.Contains(string(diags[0].Message.(protocol.String)), "took longer than") {
			t.Fatalf("%s: %+v, want the one notice that its analysis ran past the budget", doc, diags)
		}
		// check reports the same notice with the same id and wording (see analysis.SkippedFinding).
		if code, _ := diags[0].Code.(protocol.String); string(code) != analysis.SkippedRule ||
			!strings.HasPrefix(string(diags[0].Message.(protocol.String)), analysis.SkippedMessage("its analysis took longer than")[:60]) {
			t.Errorf("%s: code %v, message %q; want %s and check's wording", doc, diags[0].Code, diags[0].Message, analysis.SkippedRule)
		}
		ss.hover(doc, 0, 7) // answered, though the file was not analysed
	}
	analysis.Budget = was
	doc := uri.URI("untitled:fast.js")
	ss.open(doc, "javascript", src)
	if diags := ss.pull(doc); len(diags) == 0 || strings.Contains(string(diags[0].Message.(protocol.String)), "took longer than") {
		t.Errorf("with the budget back: %+v, want the file's findings", diags)
	}
}

// TestParseBudgetGivesOneNotice: a document whose parse runs past its budget (error
// recovery on a pathological input) gets the same one notice, and the server goes on.
func TestParseBudgetGivesOneNotice(t *testing.T) {
	was := analysis.ParseBudget
	analysis.ParseBudget = func(int) time.Duration { return -time.Second }
	t.Cleanup(func() { analysis.ParseBudget = was })
	ss := newSession(t)
	ss.initialize(true, false)
	doc := uri.URI("untitled:huge.js")
	ss.open(doc, "javascript", strings.Repeat("app.get('/a', (req, res) => res.send(load(req)));\n", 4000))
	diags := ss.pull(doc)
	if len(diags) != 1 || !strings.Contains(string(diags[0].Message.(protocol.String)), "parsing it took longer than") {
		t.Fatalf("%+v, want the one notice that its parse ran past the budget", diags)
	}
	if code, _ := diags[0].Code.(protocol.String); string(code) != analysis.SkippedRule {
		t.Errorf("code %v, want %s", diags[0].Code, analysis.SkippedRule)
	}
	ss.hover(doc, 0, 1)
}
