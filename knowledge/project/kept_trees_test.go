package project

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// withKeptTreesBudget runs fn with the kept trees' budget set to budget.
func withKeptTreesBudget(t *testing.T, budget int64, fn func()) {
	t.Helper()
	was := keptTreesBudget
	keptTreesBudget = budget
	defer func() { keptTreesBudget = was }()
	fn()
}

// keptRun is what a run gave, by file, and what it parsed.
type keptRun struct {
	results        []string // "file again: findings" per file, sorted
	parses, reuses int64
	stats          *ParseStats
}

// runKept runs d over paths with a fresh stats counter and gives each file's final
// result, with the parses and the judgements on kept trees the run made. It checks
// that the run left no kept tree and no tree-sitter tree alive.
func runKept(t *testing.T, d *Driver, ctx context.Context, paths []string) (keptRun, error) {
	t.Helper()
	d.Stats = &ParseStats{}
	defer func() { d.Stats = nil }()
	trees := syntax.Live().Trees
	parses, reuses := Parses.Load(), keptTreeReuses.Load()
	var mu sync.Mutex
	var out keptRun
	err := d.Run(ctx, paths, RunOptions{}, func(r FileResult) {
		mu.Lock()
		defer mu.Unlock()
		if r.Err != nil {
			t.Errorf("%s: %v", r.Path, r.Err)
		}
		line := fmt.Sprintf("%s again=%v:", filepath.Base(r.Path), r.Again)
		for _, f := range r.Findings {
			line += fmt.Sprintf(" %s@%d-%d", f.Rule, f.Start, f.End)
		}
		out.results = append(out.results, line)
	})
	sort.Strings(out.results)
	out.parses, out.reuses, out.stats = Parses.Load()-parses, keptTreeReuses.Load()-reuses, d.Stats
	if n := liveKeptTrees.Load(); n != 0 {
		t.Errorf("%d kept trees still held after the run", n)
	}
	if now := syntax.Live().Trees; now != trees {
		t.Errorf("%d tree-sitter trees alive after the run, %d before", now, trees)
	}
	return out, err
}

// againTree is an Express package in which two files are judged again once the other
// files' facts are known: handlers registered bare in another file, whose missing
// next() the registration decides.
var againTree = map[string]string{
	"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
	"src/routes.js": "const router = require('express').Router();\nrouter.get('/', require('./list').list);\n" +
		"router.get('/one', require('./one').one);\nmodule.exports = router;\n",
	"src/list.js": "exports.list = async (req, res) => {\n  res.json(await req.db.query('x'));\n};\n",
	"src/one.js":  "exports.one = async (req, res) => {\n  res.json(await req.db.query('y'));\n};\n",
}

// TestKeptTreeServesTheSecondJudgement: a file judged again once the facts are known
// is parsed once in the run, its second judgement made on the tree its first one
// kept, with the findings of a run that parses it again (budget 0); each such
// judgement is counted apart from the parses in the stats.
func TestKeptTreeServesTheSecondJudgement(t *testing.T) {
	d, paths := testDriver(t, againTree)
	var reparsed, kept keptRun
	withKeptTreesBudget(t, 0, func() {
		var err error
		if reparsed, err = runKept(t, d, context.Background(), paths); err != nil {
			t.Fatal(err)
		}
	})
	kept, err := runKept(t, d, context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	again := 0
	for _, r := range kept.results {
		if strings.Contains(r, "again=true") {
			again++
		}
	}
	if again < 2 {
		t.Fatalf("want at least two files judged again, got:\n%s", strings.Join(kept.results, "\n"))
	}
	if !slices.Equal(kept.results, reparsed.results) {
		t.Errorf("on kept trees:\n%s\nparsing again:\n%s", strings.Join(kept.results, "\n"), strings.Join(reparsed.results, "\n"))
	}
	if reparsed.reuses != 0 {
		t.Errorf("with no budget, %d judgements ran on kept trees", reparsed.reuses)
	}
	if kept.reuses != int64(again) || kept.parses != reparsed.parses-int64(again) {
		t.Errorf("parsed %d and reused %d trees, parsing again parsed %d; want each of the %d again files parsed once",
			kept.parses, kept.reuses, reparsed.parses, again)
	}
	if kept.stats.files != int(kept.parses) || kept.stats.reused != again {
		t.Errorf("stats: %d parses, %d reused; want %d and %d", kept.stats.files, kept.stats.reused, kept.parses, again)
	}
	var out bytes.Buffer
	kept.stats.Write(&out)
	if want := fmt.Sprintf("parsed %d files, ", kept.parses); !strings.HasPrefix(out.String(), want) {
		t.Errorf("stats begin %q, want %q", out.String(), want)
	}
	if want := fmt.Sprintf("judged again on the first judgement's tree: %d files, ", again); !strings.Contains(out.String(), want) {
		t.Errorf("stats %q, want the reused trees counted: %q", out.String(), want)
	}
}

// TestKeptTreeBudgetBoundsWhatIsKept: with room for one of the two files judged again,
// the other is parsed again, and the findings are the same.
func TestKeptTreeBudgetBoundsWhatIsKept(t *testing.T) {
	d, paths := testDriver(t, againTree)
	all, err := runKept(t, d, context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	largest := int64(max(len(againTree["src/list.js"]), len(againTree["src/one.js"])))
	withKeptTreesBudget(t, largest, func() {
		one, err := runKept(t, d, context.Background(), paths)
		if err != nil {
			t.Fatal(err)
		}
		if one.reuses != 1 || one.parses != all.parses+1 {
			t.Errorf("room for one file: %d reused, %d parsed; want 1 reused and %d parsed", one.reuses, one.parses, all.parses+1)
		}
		if !slices.Equal(one.results, all.results) {
			t.Errorf("room for one:\n%s\nfor all:\n%s", strings.Join(one.results, "\n"), strings.Join(all.results, "\n"))
		}
	})
}

// TestKeptTreeNotUsedForAChangedText: a file whose text changes between its two
// judgements (an editor's text, here) is parsed afresh, and its findings are placed
// in the new text.
func TestKeptTreeNotUsedForAChangedText(t *testing.T) {
	d, paths := testDriver(t, againTree)
	list := ""
	for _, p := range paths {
		if filepath.Base(p) == "list.js" {
			list = p
		}
	}
	var mu sync.Mutex
	reads := 0
	edited := "// edited\n" + againTree["src/list.js"]
	changeAt := 0 // the read at which the text changes; 0: never
	d.Overlay = func(abs string) ([]byte, bool) {
		if abs != list {
			return nil, false
		}
		mu.Lock()
		defer mu.Unlock()
		reads++
		if changeAt > 0 && reads >= changeAt {
			return []byte(edited), true
		}
		return []byte(againTree["src/list.js"]), true
	}
	unchanged, err := runKept(t, d, context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	if reads < 2 {
		t.Fatalf("list.js read %d times in a run; want its second judgement to read it again", reads)
	}
	changeAt, reads = reads, 0 // the last read is the second judgement's
	changed, err := runKept(t, d, context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	if changed.reuses != unchanged.reuses-1 || changed.parses != unchanged.parses+1 {
		t.Errorf("list.js changed: %d reused, %d parsed; unchanged: %d reused, %d parsed; want list.js parsed afresh",
			changed.reuses, changed.parses, unchanged.reuses, unchanged.parses)
	}
	at := uint(strings.Index(edited, "await")) // the call the finding points at
	found := false
	for _, r := range changed.results {
		if strings.HasPrefix(r, "list.js ") {
			found = strings.Contains(r, fmt.Sprintf("@%d-", at))
			if !found {
				t.Errorf("list.js after the edit: %s; want its finding at the awaited call, byte %d of the new text", r, at)
			}
		}
	}
	if !found {
		t.Errorf("no finding of list.js after the edit:\n%s", strings.Join(changed.results, "\n"))
	}
}

// TestKeptTreesReleasedWhenCancelled: a run cancelled once it has kept the trees of
// both again files, before its fact pass, releases them.
func TestKeptTreesReleasedWhenCancelled(t *testing.T) {
	d, paths := testDriver(t, againTree)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	trees := syntax.Live().Trees
	reuses := keptTreeReuses.Load()
	held := int64(0)
	progress := func(done, total int) { // called after each file, one at a time
		if held = max(held, liveKeptTrees.Load()); held == 2 {
			cancel()
		}
	}
	err := d.Run(ctx, paths, RunOptions{Progress: progress}, func(FileResult) {})
	if held != 2 || err == nil {
		t.Fatalf("kept %d trees, the run returned %v; want both kept and the run cancelled", held, err)
	}
	if n := liveKeptTrees.Load(); n != 0 {
		t.Errorf("%d kept trees still held after the cancelled run", n)
	}
	if now := syntax.Live().Trees; now != trees {
		t.Errorf("%d tree-sitter trees alive after the cancelled run, %d before", now, trees)
	}
	if made := keptTreeReuses.Load() - reuses; made != 0 {
		t.Errorf("the run cancelled before its fact pass made %d judgements on kept trees", made)
	}
}

// TestKeptTreesTake: a kept file is given back for its own text only, once; another
// text releases it, and so does drop.
func TestKeptTreesTake(t *testing.T) {
	src := []byte("exports.a = 1;\n")
	parse := func() *analysis.File {
		tree, err := syntax.Parse(context.Background(), syntax.JavaScript, src, nil)
		if err != nil {
			t.Fatal(err)
		}
		return &analysis.File{Path: "/p/a.js", Lang: syntax.JavaScript, Src: src, Tree: tree}
	}
	trees := syntax.Live().Trees
	k := newKeptTrees(int64(len(src)))
	for _, tc := range []struct {
		name string
		take func() *analysis.File
		same bool
	}{
		{"the same text", func() *analysis.File { return k.take("/p/a.js", []byte("exports.a = 1;\n")) }, true},
		{"another text", func() *analysis.File { return k.take("/p/a.js", []byte("exports.a = 2;\n")) }, false},
		{"dropped", func() *analysis.File { k.drop("/p/a.js"); return k.take("/p/a.js", src) }, false},
	} {
		f := parse()
		k.keep(f, false)
		syntax.Close(f.Tree) // the kept copy outlives the caller's tree
		if liveKeptTrees.Load() != 1 {
			t.Fatalf("%s: %d kept", tc.name, liveKeptTrees.Load())
		}
		got := tc.take()
		if (got != nil) != tc.same {
			t.Errorf("%s: took %v, want a tree %v", tc.name, got != nil, tc.same)
		}
		if got != nil {
			if got.Tree.RootNode().EndByte() != uint(len(src)) {
				t.Errorf("%s: the kept tree spans %d bytes", tc.name, got.Tree.RootNode().EndByte())
			}
			syntax.Close(got.Tree)
		}
		if k.take("/p/a.js", src) != nil {
			t.Errorf("%s: taken twice", tc.name)
		}
	}
	f := parse()
	k.keep(f, false)
	k.keep(&analysis.File{Path: "/p/b.js", Src: []byte("x"), Tree: f.Tree}, false) // over the budget: not kept
	syntax.Close(f.Tree)
	if n := liveKeptTrees.Load(); n != 1 {
		t.Errorf("%d kept with room for one", n)
	}
	k.release()
	if n := liveKeptTrees.Load(); n != 0 {
		t.Errorf("%d kept after release", n)
	}
	if now := syntax.Live().Trees; now != trees {
		t.Errorf("%d trees alive, %d before", now, trees)
	}
}

// TestKeptTreeInCachedAndIndexRuns: a cold check with a cache and a run with a fact
// index of the caller's (the language server's index) judge the again files on their
// kept trees too, with the findings of a check without either; a warm run answers
// them from the cache and parses nothing to keep.
func TestKeptTreeInCachedAndIndexRuns(t *testing.T) {
	root, caches := t.TempDir(), t.TempDir()
	writeTree(t, root, againTree)
	plain, _ := runTree(t, root, RunOptions{})
	for _, tc := range []struct {
		name   string
		o      func() RunOptions
		reuses int64
	}{
		{"cold cache", func() RunOptions { return RunOptions{Cache: OpenCache(caches, "test", func(string) {})} }, 2},
		{"warm cache", func() RunOptions { return RunOptions{Cache: OpenCache(caches, "test", func(string) {})} }, 0},
		{"caller's index", func() RunOptions { return RunOptions{Facts: analysis.NewFactIndex(), Looks: func([]GateLook) {}} }, 2},
	} {
		trees, reuses := syntax.Live().Trees, keptTreeReuses.Load()
		o := tc.o()
		got, _ := runTree(t, root, o)
		o.Cache.Save()
		if !slices.Equal(got, plain) {
			t.Errorf("%s:\n%s\nwithout a cache:\n%s", tc.name, strings.Join(got, "\n"), strings.Join(plain, "\n"))
		}
		if n := keptTreeReuses.Load() - reuses; n != tc.reuses {
			t.Errorf("%s: %d judgements on kept trees, want %d", tc.name, n, tc.reuses)
		}
		if n, now := liveKeptTrees.Load(), syntax.Live().Trees; n != 0 || now != trees {
			t.Errorf("%s: %d kept trees held, %d trees alive (%d before)", tc.name, n, now, trees)
		}
	}
}

// TestKeptTreesSureTakesTheSpareablesPlace: with the budget full, a file surely judged
// again takes the place of files that may be spared theirs, never the other way.
func TestKeptTreesSureTakesTheSpareablesPlace(t *testing.T) {
	trees := syntax.Live().Trees
	file := func(name, text string) *analysis.File {
		tree, err := syntax.Parse(context.Background(), syntax.JavaScript, []byte(text), nil)
		if err != nil {
			t.Fatal(err)
		}
		return &analysis.File{Path: "/p/" + name, Lang: syntax.JavaScript, Src: []byte(text), Tree: tree}
	}
	k := newKeptTrees(30)
	for _, tc := range []struct {
		name, text string
		spareable  bool
	}{
		{"maybe1.js", "exports.a = 1;\n", true},     // 15 bytes: kept
		{"maybe2.js", "exports.b = 2;\n", true},     // 15 bytes: kept, the budget full
		{"maybe3.js", "exports.c = 3;\n", true},     // no room, and it takes none
		{"sure.js", "exports.sure = 'x';\n", false}, // 20 bytes: both spareable files go
	} {
		f := file(tc.name, tc.text)
		k.keep(f, tc.spareable)
		syntax.Close(f.Tree)
	}
	var held []string
	for path := range k.files {
		held = append(held, filepath.Base(path))
	}
	if !slices.Equal(held, []string{"sure.js"}) || k.left != 10 || k.spareable != 0 {
		t.Errorf("kept %v, %d bytes left, %d spareable; want sure.js alone, 10 left", held, k.left, k.spareable)
	}
	big := file("big.js", strings.Repeat("x;", 20))
	k.keep(big, false) // over what is left, with nothing spareable: not kept
	syntax.Close(big.Tree)
	if n := liveKeptTrees.Load(); n != 1 {
		t.Errorf("%d kept, want 1", n)
	}
	k.release()
	if now := syntax.Live().Trees; now != trees {
		t.Errorf("%d trees alive, %d before", now, trees)
	}
}

// TestKeptTreesCachedRunKeepsAQuarter: a budget that keeps both again files' trees in
// a run without a cache keeps neither in a cold run with one, which holds a quarter of
// it, and the findings are the same.
func TestKeptTreesCachedRunKeepsAQuarter(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, againTree)
	var plain []string
	withKeptTreesBudget(t, int64(len(againTree["src/list.js"])+len(againTree["src/one.js"])), func() {
		for _, tc := range []struct {
			name   string
			cache  *Cache
			reuses int64
		}{
			{"without a cache", nil, 2},
			{"cold cache", OpenCache(t.TempDir(), "test", func(string) {}), 0},
		} {
			reuses := keptTreeReuses.Load()
			got, _ := runTree(t, root, RunOptions{Cache: tc.cache})
			tc.cache.Save()
			if n := keptTreeReuses.Load() - reuses; n != tc.reuses {
				t.Errorf("%s: %d judgements on kept trees, want %d", tc.name, n, tc.reuses)
			}
			if plain == nil {
				plain = got
			} else if !slices.Equal(got, plain) {
				t.Errorf("%s:\n%s\nwithout a cache:\n%s", tc.name, strings.Join(got, "\n"), strings.Join(plain, "\n"))
			}
			if n := liveKeptTrees.Load(); n != 0 {
				t.Errorf("%s: %d kept trees held after the run", tc.name, n)
			}
		}
	})
}

// TestKeptTreeOfASparedFileReleasedBeforeTheFactPass: the tree kept for a file the
// fact pass spares (store.js: its blocking call no handler reaches) is released once
// the pass knows it, not held while the other files are judged again.
func TestKeptTreeOfASparedFileReleasedBeforeTheFactPass(t *testing.T) {
	// One worker, which takes the files in order: app.js, the larger of the two again
	// files, is judged again first. (One processor was not enough: a busy machine
	// preempted app.js's judgement, and the second worker handed store.js out first.)
	defer func(n func() int) { passWorkers = n }(passWorkers)
	passWorkers = func() int { return 1 }
	d, paths := testDriver(t, map[string]string{
		"package.json": `{"dependencies":{"express":"4.21.2"}}`,
		"app.js": "const express = require('express');\nconst { format } = require('./util');\nconst app = express();\n" +
			"app.get('/', (req, res) => res.send(format(1)));\napp.listen(3000);\n",
		"store.js": storeSync,
		"util.js":  "exports.format = (x) => String(x);\n",
	})
	var mu sync.Mutex
	kept, atFirstAgain := int64(0), int64(-1)
	progress := func(int, int) { kept = max(kept, liveKeptTrees.Load()) }
	err := d.Run(context.Background(), paths, RunOptions{Progress: progress}, func(r FileResult) {
		mu.Lock()
		defer mu.Unlock()
		if r.Again && atFirstAgain < 0 {
			atFirstAgain = liveKeptTrees.Load()
			if filepath.Base(r.Path) != "app.js" {
				t.Errorf("%s judged again first, want app.js", r.Path)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if kept != 2 || atFirstAgain != 0 {
		t.Errorf("kept %d trees in the first pass (want app.js's and store.js's), %d when app.js was judged again (want none)", kept, atFirstAgain)
	}
}
