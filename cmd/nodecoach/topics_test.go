package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/entries"
)

type topicsOutput struct {
	Files  []fileTopics   `json:"files"`
	Topics []projectTopic `json:"topics"`
}

func topicsJSON(t *testing.T, args ...string) topicsOutput {
	t.Helper()
	code, out, stderr := runCLI(t, append([]string{"topics", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got topicsOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	return got
}

func TestTopicsOfTheSampleApps(t *testing.T) {
	got := topicsJSON(t, "../../testdata/express-js", "../../testdata/express-ts")
	if len(got.Files) != 4 {
		t.Fatalf("%d files, want the 4 sample sources", len(got.Files))
	}
	cors, sync := entries.ByAPI("cors"), entries.ByAPI("fs.readFileSync")
	perFile := map[string]map[string]fileTopic{}
	for _, f := range got.Files {
		m := map[string]fileTopic{}
		for _, tp := range f.Topics {
			m[tp.ID] = tp
		}
		perFile[filepath.Base(f.File)] = m
	}
	// app.js: the startup fs.readFileSync (line 9, column 27) comes first; two cors() calls.
	app := got.Files[0]
	if filepath.Base(app.File) != "app.js" || app.Topics[0].ID != sync.ID || app.Topics[0].Line != 9 || app.Topics[0].Column != 27 || app.Topics[0].Count != 2 {
		t.Errorf("app.js topics %+v, want %s first at 9:27, twice", app.Topics, sync.ID)
	}
	if c := perFile["app.js"][cors.ID]; c.Count != 2 || c.Line != 15 {
		t.Errorf("app.js cors %+v, want 2 from line 15", c)
	}
	if c := perFile["server.ts"][cors.ID]; c.Count != 1 || c.Line != 7 {
		t.Errorf("server.ts cors %+v, want 1 on line 7", c)
	}
	// The project summary adds them up, most touched first, with the questions.
	var total *projectTopic
	for i, p := range got.Topics {
		if i > 0 && p.Places > got.Topics[i-1].Places {
			t.Errorf("summary not sorted by places: %s (%d) after %s (%d)", p.ID, p.Places, got.Topics[i-1].ID, got.Topics[i-1].Places)
		}
		if p.ID == cors.ID {
			total = &got.Topics[i]
		}
	}
	if total == nil || total.Files != 2 || total.Places != 3 || total.Docs != cors.Docs || len(total.Questions) != len(cors.Source) {
		t.Fatalf("cors summary %+v, want 2 files, 3 places, its docs and questions", total)
	}
	for i, q := range total.Questions {
		if q.ID != cors.Source[i] || q.Text == "" || q.Text != entries.Question(q.ID) {
			t.Errorf("question %+v, want %s with its text", q, cors.Source[i])
		}
	}
}

func TestTopicsText(t *testing.T) {
	code, out, stderr := runCLI(t, "topics", "../../testdata/express-js")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	cors, sync := entries.ByAPI("cors"), entries.ByAPI("fs.readFileSync")
	// One line per file, topics in order of first appearance joined by " · ".
	line := regexp.MustCompile(`(?m)^\.\./\.\./testdata/express-js/src/app\.js: (.*)$`).FindStringSubmatch(out)
	if line == nil {
		t.Fatalf("no line for app.js:\n%s", out)
	}
	titles := strings.Split(line[1], " · ")
	if titles[0] != sync.Title || !contains(titles, cors.Title) {
		t.Errorf("app.js topics %q, want %q first and %q among them", titles, sync.Title, cors.Title)
	}
	// The summary: each topic with its counts, then its questions.
	summary := regexp.QuoteMeta(cors.Title+" ("+cors.ID+"): 2 places in 1 file") + `\n  ` + regexp.QuoteMeta(cors.Source[0]) + ` +` + regexp.QuoteMeta(entries.Question(cors.Source[0]))
	if !regexp.MustCompile(summary).MatchString(out) {
		t.Errorf("no summary matching %s in:\n%s", summary, out)
	}
	if !regexp.MustCompile(`\n\d+ topics in 2 of 2 files:\n`).MatchString(out) {
		t.Errorf("no project header:\n%s", out)
	}
}

func contains(list []string, s string) bool {
	for _, it := range list {
		if it == s {
			return true
		}
	}
	return false
}

func TestTopicsErrors(t *testing.T) {
	if code, _, stderr := runCLI(t, "topics", "--format", "xml", "."); code != 2 || !strings.Contains(stderr, "unknown format") {
		t.Errorf("bad format: exit %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "topics", filepath.Join(t.TempDir(), "missing")); code != 2 || stderr == "" {
		t.Errorf("missing path: exit %d %q", code, stderr)
	}
	// A project without topics: an empty list, not an error.
	dir := writeProject(t, map[string]string{"a.js": "const x = 1;\n"})
	if got := topicsJSON(t, dir); len(got.Files) != 1 || len(got.Files[0].Topics) != 0 || len(got.Topics) != 0 {
		t.Errorf("no topics: %+v", got)
	}
	if code, out, _ := runCLI(t, "topics", dir); code != 0 || out != "no topics in 1 file\n" {
		t.Errorf("no topics text: exit %d %q", code, out)
	}
}
