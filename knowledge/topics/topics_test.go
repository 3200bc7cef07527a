package topics

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// build parses a JavaScript source and builds its resolver with Kinds collected.
func build(t *testing.T, src string) *resolve.Resolver {
	t.Helper()
	tree, err := syntax.Parse(context.Background(), syntax.JavaScript, []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tree.Close)
	return resolve.Build(tree.RootNode(), []byte(src), Kinds, resolve.Options{})
}

// byAPI is the entry that explains api; the test is about topics, so a missing entry
// is a broken premise, not a pass.
func byAPI(t *testing.T, api string) *entries.Entry {
	t.Helper()
	e := entries.ByAPI(api)
	if e == nil {
		t.Fatalf("no entry lists the API %q; pick another API for this test", api)
	}
	return e
}

func byRule(t *testing.T, rule string) *entries.Entry {
	t.Helper()
	e := entries.ByRule(rule)
	if e == nil {
		t.Fatalf("no entry lists the rule %q", rule)
	}
	return e
}

// want is one expected topic: the entry of an API (or rule), how often, and the text
// its first place starts with.
type want struct {
	api, rule string
	count     int
	first     string
}

func TestForFile(t *testing.T) {
	cases := []struct {
		name     string
		src      string
		findings func(src string) []analysis.Finding
		want     []want
	}{{
		name: "aliases and namespaces are the same API",
		src:  "const { readFileSync: slurp } = require('node:fs');\nslurp('a');\nconst fs = require('fs');\nfs.readFileSync('b');\n",
		want: []want{{api: "fs.readFileSync", count: 2, first: "slurp('a')"}},
	}, {
		name: "a local function, a comment and a string are not the API",
		src:  "function readFileSync() {}\nreadFileSync('a');\n// fs.readFileSync('x')\nconst s = 'fs.readFileSync()';\n",
	}, {
		name: "a call and its callee are one place",
		src:  "require('fs').readFileSync('a');\n",
		want: []want{{api: "fs.readFileSync", count: 1, first: "require('fs').readFileSync('a')"}},
	}, {
		name: "a member that is a topic claims its object",
		src:  "process.env.UV_THREADPOOL_SIZE = '8';\nconst key = process.env.API_KEY;\n",
		want: []want{
			{api: "process.env.UV_THREADPOOL_SIZE", count: 1, first: "process.env.UV_THREADPOOL_SIZE"},
			{api: "process.env", count: 1, first: "process.env.API_KEY"},
		},
	}, {
		name: "new counts like a call",
		src:  "const { Worker } = require('bullmq');\nconst w = new Worker('mail', async (job) => {});\n",
		want: []want{{api: "bullmq.Worker", count: 1, first: "new Worker("}},
	}, {
		name: "topics come in order of first appearance",
		src:  "const cors = require('cors');\nconst express = require('express');\nconst app = express();\napp.use(cors());\nconst fs = require('fs');\nfs.readFileSync('a');\n",
		want: []want{
			{api: "express", count: 2, first: "express()"},
			{api: "cors", count: 1, first: "cors()"},
			{api: "fs.readFileSync", count: 1, first: "fs.readFileSync('a')"},
		},
	}, {
		name: "a finding inside a use of its entry is that use; elsewhere it is a place",
		src:  "const x = 1;\nconst cors = require('cors');\ncors();\n",
		findings: func(src string) []analysis.Finding {
			at := uint(strings.Index(src, "cors()"))
			return []analysis.Finding{
				{Rule: "cors-allow-all", Start: at, End: at + uint(len("cors()"))},
				{Rule: "no-sync-fs-in-handler", Start: 0, End: 5},
				{Rule: analysis.UnusedSuppression, Start: 0, End: 1}, // no entry: no topic
			}
		},
		want: []want{
			{rule: "no-sync-fs-in-handler", count: 1, first: "const"},
			{api: "cors", count: 1, first: "cors()"},
		},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var findings []analysis.Finding
			if c.findings != nil {
				findings = c.findings(c.src)
			}
			got := ForFile(build(t, c.src), findings)
			if len(got) != len(c.want) {
				t.Fatalf("got %d topics %v, want %d", len(got), ids(got), len(c.want))
			}
			for i, w := range c.want {
				e := byAPI
				key := w.api
				if w.rule != "" {
					e, key = byRule, w.rule
				}
				g := got[i]
				if g.Entry != e(t, key) || g.Count != w.count || !strings.HasPrefix(c.src[g.First:], w.first) {
					t.Errorf("topic %d: %s ×%d at %q; want %s ×%d at %q", i, g.Entry.ID, g.Count, c.src[g.First:], e(t, key).ID, w.count, w.first)
				}
			}
		})
	}
}

func ids(ts []Topic) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Entry.ID)
	}
	return out
}

// Without Collect, analysis collects member expressions only if a rule wants them; with
// it, accesses that are not calls are topics too.
func TestCollectGathersMemberExpressions(t *testing.T) {
	src := []byte("const secret = process.env.JWT_SECRET;\n")
	env := byAPI(t, "process.env")
	for _, c := range []struct {
		rules []*analysis.Rule
		want  int
	}{{nil, 0}, {[]*analysis.Rule{Collect}, 1}} {
		f, res, err := analysis.Check(context.Background(), "app.js", syntax.JavaScript, src, nil, nil, c.rules, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, tp := range ForFile(res.Resolver, res.Findings) {
			if tp.Entry == env {
				got = tp.Count
			}
		}
		f.Tree.Close()
		if got != c.want || len(res.Findings) != 0 {
			t.Errorf("rules %v: process.env touched %d times, %d findings; want %d and none", c.rules, got, len(res.Findings), c.want)
		}
	}
}

// The sample apps, analysed as the CLI and the server do: API uses and findings.
func TestSampleApps(t *testing.T) {
	index := analysis.NewFactIndex()
	check := func(path string) ([]Topic, string) {
		t.Helper()
		abs, _ := filepath.Abs(path)
		src, err := os.ReadFile(abs)
		if err != nil {
			t.Fatal(err)
		}
		pkg := pkginfo.NewStore(nil).For(abs)
		f, res, err := analysis.Check(context.Background(), abs, syntax.ForPath(abs), src, nil, pkg, append(rules.All(), Collect),
			analysis.Options{Facts: index.For(abs, pkg.Dir)})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Tree.Close()
		index.Update(abs, pkg.Dir, res.Facts)
		return ForFile(res.Resolver, res.Findings), string(src)
	}
	count := func(ts []Topic, e *entries.Entry) (int, uint) {
		for _, tp := range ts {
			if tp.Entry == e {
				return tp.Count, tp.First
			}
		}
		return 0, 0
	}
	sync, cors, async := byAPI(t, "fs.readFileSync"), byAPI(t, "cors"), byRule(t, "express-async-missing-next")

	app, src := check("../../testdata/express-js/src/app.js")
	// fs.readFileSync at startup and fs.writeFileSync in the listen callback.
	if n, first := count(app, sync); n != 2 || !strings.HasPrefix(src[first:], "fs.readFileSync(path.join") {
		t.Errorf("app.js: sync I/O ×%d at %q, want 2 from the startup read", n, src[first:min(int(first)+20, len(src))])
	}
	if app[0].Entry != sync {
		t.Errorf("app.js: first topic %s, want %s (the startup read comes first)", app[0].Entry.ID, sync.ID)
	}
	// Two cors() calls; the cors-allow-all finding on the first is the same place.
	if n, _ := count(app, cors); n != 2 {
		t.Errorf("app.js: cors ×%d, want 2", n)
	}

	routes, src := check("../../testdata/express-js/src/routes/reports.js")
	// The sync read in a handler: the API use, with its finding on the same call.
	if n, first := count(routes, sync); n != 2 || !strings.HasPrefix(src[first:], "readFileSync(`") {
		t.Errorf("reports.js: sync I/O ×%d, want the readFileSync and the readFile", n)
	}
	if n, _ := count(routes, async); n == 0 {
		t.Errorf("reports.js: %s missing from %v", async.ID, ids(routes))
	}

	check("../../testdata/express-ts/src/server.ts") // registers the controller's handlers
	ctrl, _ := check("../../testdata/express-ts/src/controllers/users.controller.ts")
	// The TypeScript controller has no express call at all: the async topic comes from
	// the express-async-missing-next finding alone, which server.ts's bare
	// registration of listUsers makes.
	if n, _ := count(ctrl, async); n != 1 {
		t.Errorf("users.controller.ts: %s ×%d, want 1 from the finding; topics %v", async.ID, n, ids(ctrl))
	}
}

func TestSummarize(t *testing.T) {
	a, b, c := byAPI(t, "cors"), byAPI(t, "fs.readFileSync"), byAPI(t, "express")
	got := Summarize([][]Topic{
		{{Entry: a, Count: 1}, {Entry: b, Count: 2}},
		{{Entry: b, Count: 1}, {Entry: c, Count: 1}},
		{{Entry: a, Count: 2}},
		nil,
	})
	want := []Total{{b, 2, 3}, {a, 2, 3}, {c, 1, 1}}
	if b.ID > a.ID { // equal places and files: by id
		want[0], want[1] = want[1], want[0]
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: got %s %d files %d places, want %s %d %d", i, got[i].Entry.ID, got[i].Files, got[i].Places, want[i].Entry.ID, want[i].Files, want[i].Places)
		}
	}
}
