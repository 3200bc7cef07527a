package features

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// app is an Express handler that reads a file synchronously: one finding, on a call
// whose API has an entry.
const app = "const fs = require('fs');\nrequire('express')().get('/', (req, res) => res.send(fs.readFileSync('a')));\n"

// checked analyses app in a package that depends on Express.
func checked(t *testing.T) (*analysis.File, analysis.Result) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies":{"express":"^4.21.2"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "app.js")
	pkg := pkginfo.NewStore(nil).For(path)
	f, res, err := analysis.Check(context.Background(), path, syntax.JavaScript, []byte(app), nil, pkg, rules.All(), analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syntax.Close(f.Tree) })
	return f, res
}

func TestHoverExplainsTheFindingAndTheAPI(t *testing.T) {
	f, res := checked(t)
	at := uint(strings.Index(app, "readFileSync"))
	h := HoverAt(f, res, at, explain.Plain)
	if len(h.Parts) != 2 || !strings.Contains(h.Parts[0], "no-sync-fs-in-handler") || !strings.Contains(h.Parts[1], "readFileSync") {
		t.Fatalf("hover parts %q, want the finding's explanation then fs.readFileSync's entry", h.Parts)
	}
	if got := app[h.Start:h.End]; got != "fs.readFileSync" {
		t.Errorf("the hover spans %q, want the resolved expression", got)
	}
	if h.Head != nil {
		t.Errorf("a call inside the body is no function head: %+v", h.Head)
	}
	head := HoverAt(f, res, uint(strings.Index(app, "(req")), explain.Plain)
	if head.Head == nil || head.Head.Async || app[head.Head.Start:head.Head.Start+4] != "(req" {
		t.Errorf("the handler's parameters give head %+v, want the arrow function, not async", head.Head)
	}
	if none := HoverAt(f, res, 0, explain.Plain); len(none.Parts) != 0 {
		t.Errorf("the const keyword has parts %q", none.Parts)
	}
}

func TestExplainAtNamesTheRule(t *testing.T) {
	f, res := checked(t)
	e := ExplainAt(f, res, uint(strings.Index(app, "readFileSync")))
	if e == nil || !strings.HasPrefix(e.Title, "no-sync-fs-in-handler") || e.Markdown == "" {
		t.Fatalf("explanation %+v, want the rule's", e)
	}
	if ExplainAt(f, res, 0) != nil {
		t.Error("nothing to explain on the const keyword")
	}
}

func TestActionsOfAFinding(t *testing.T) {
	f, res := checked(t)
	at := uint(strings.Index(app, "readFileSync"))
	actions := Actions(f, res, source.NewLines(f.Src), at, at)
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
		if a.Finding.Rule != "no-sync-fs-in-handler" {
			t.Errorf("action %q answers %s", a.Title, a.Finding.Rule)
		}
	}
	joined := strings.Join(titles, "|")
	if !strings.Contains(joined, "Disable no-sync-fs-in-handler for this line") || !strings.HasSuffix(joined, "Explain no-sync-fs-in-handler") {
		t.Fatalf("actions %q, want disable and explain", titles)
	}
	last := actions[len(actions)-1]
	if last.ExplainRule != "no-sync-fs-in-handler" || len(last.Edits) != 0 {
		t.Errorf("the explain action %+v must open the rule and edit nothing", last)
	}
	disable := actions[len(actions)-2]
	edited, err := analysis.ApplyEdits(f.Src, disable.Edits)
	if err != nil || !strings.Contains(string(edited), "nodecoach-disable-next-line no-sync-fs-in-handler") {
		t.Errorf("the disable action gives %q (%v)", edited, err)
	}
	if got := Actions(f, res, source.NewLines(f.Src), 0, 5); len(got) != 0 {
		t.Errorf("actions outside every finding: %+v", got)
	}
}

func TestTopicsOfTheFile(t *testing.T) {
	f, res := checked(t)
	found := Topics(f, res)
	if len(found) == 0 {
		t.Fatal("a handler reading a file synchronously touches no topic")
	}
	var titles []string
	for _, tp := range found {
		titles = append(titles, tp.Entry.Title)
	}
	if again := Topics(f, res); len(again) != len(found) {
		t.Errorf("topics differ between two calls: %v", titles)
	}
}

// TestValuesOutliveTheTree: what the functions return owns no tree or resolver
// state, so the server translates it after releasing the snapshot, which may then be
// freed.
func TestValuesOutliveTheTree(t *testing.T) {
	f, res := checked(t)
	h := HoverAt(f, res, uint(strings.Index(app, "readFileSync")), explain.Markdown)
	parts := strings.Join(h.Parts, "")
	syntax.Close(f.Tree)
	f.Tree = nil
	if strings.Join(h.Parts, "") != parts || app[h.Start:h.End] != "fs.readFileSync" {
		t.Errorf("hover %+v changed once the tree was closed", h)
	}
	if got := HoverAt(f, res, 0, explain.Plain); got.Head != nil {
		t.Errorf("a file without a tree has no function head: %+v", got.Head)
	}
}
