package main

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func f(path string, line int, rule string) finding {
	return finding{key: key{Path: path, Line: line, Rule: rule}, Message: "msg " + rule}
}

func l(path string, line int, rule, verdict string) label {
	return label{key: key{Path: path, Line: line, Rule: rule}, Verdict: verdict, Reason: "why"}
}

// TestScoreMatchesByPathLineRule covers every verdict, found and not found.
func TestScoreMatchesByPathLineRule(t *testing.T) {
	const async, sync = "express-async-missing-next", "no-sync-fs-in-handler"
	findings := []finding{
		f("a.js", 3, async),  // tp
		f("a.js", 9, async),  // fp
		f("b.js", 1, sync),   // fn now found: TP
		f("b.js", 7, sync),   // no label: new
		f("b.js", 8, sync),   // ?: unjudged
		f("a.js", 10, async), // a label on another line does not match
	}
	labels := []label{
		l("a.js", 3, async, verdictTP),
		l("a.js", 9, async, verdictFP),
		l("b.js", 1, sync, verdictFN),
		l("b.js", 8, sync, verdictUnknown),
		l("a.js", 11, async, verdictTP), // lost
		l("c.js", 2, sync, verdictFN),   // still missed
		l("c.js", 4, sync, verdictFP),   // fixed: counts nowhere
		l("c.js", 5, async, verdictUnknown),
	}
	s := score(findings, labels)
	want := map[string]counts{
		async: {TP: 1, FP: 1, FN: 1, Unlabelled: 1},
		sync:  {TP: 1, FN: 1, Unlabelled: 2},
	}
	got := map[string]counts{}
	for id, c := range s.ByRule {
		got[id] = *c
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("per rule = %+v, want %+v", got, want)
	}
	if tot := s.total(); tot != (counts{TP: 2, FP: 1, FN: 2, Unlabelled: 3}) {
		t.Errorf("total = %+v", tot)
	}
	var news []string
	for _, n := range s.New {
		news = append(news, n.key.String())
	}
	if want := []string{"a.js:10 " + async, "b.js:7 " + sync}; !reflect.DeepEqual(news, want) {
		t.Errorf("new = %v, want %v", news, want)
	}
	if len(s.Lost) != 1 || s.Lost[0].key != (key{"a.js", 11, async}) {
		t.Errorf("lost = %+v, want a.js:11 only", s.Lost)
	}
	if len(s.Unjudged) != 1 || s.Unjudged[0].key != (key{"b.js", 8, sync}) {
		t.Errorf("unjudged = %+v, want b.js:8 only", s.Unjudged)
	}
}

// TestScorePairsFindingsAndLabelsOfOneLine: two findings of one rule on one line take a
// label each; a finding beyond the labels is new, a tp label beyond the findings is lost.
func TestScorePairsFindingsAndLabelsOfOneLine(t *testing.T) {
	const sync = "no-sync-fs-in-handler"
	two := []finding{f("a.js", 5, sync), f("a.js", 5, sync)}
	s := score(two, []label{l("a.js", 5, sync, verdictTP), l("a.js", 5, sync, verdictFP)})
	if got := s.total(); got != (counts{TP: 1, FP: 1}) {
		t.Errorf("two findings, two labels = %+v, want one TP and one FP", got)
	}
	s = score(two, []label{l("a.js", 5, sync, verdictTP)})
	if got := s.total(); got != (counts{TP: 1, Unlabelled: 1}) || len(s.New) != 1 {
		t.Errorf("two findings, one label = %+v with %d new, want one TP and one new", got, len(s.New))
	}
	s = score(two[:1], []label{l("a.js", 5, sync, verdictTP), l("a.js", 5, sync, verdictTP)})
	if got := s.total(); got != (counts{TP: 1, FN: 1}) || len(s.Lost) != 1 {
		t.Errorf("one finding, two tp labels = %+v with %d lost, want one TP and one lost", got, len(s.Lost))
	}
}

func TestPrecisionAndRecall(t *testing.T) {
	c := counts{TP: 3, FP: 1, FN: 3, Unlabelled: 50}
	if p := c.precision(); p == nil || *p != 0.75 {
		t.Errorf("precision = %v, want 0.75 (unlabelled findings do not count)", p)
	}
	if r := c.recall(); r == nil || *r != 0.5 {
		t.Errorf("recall = %v, want 0.5", r)
	}
	if p := (counts{FN: 2}).precision(); p != nil {
		t.Errorf("precision with nothing found = %v, want none", *p)
	}
	if percent(nil) != "-" || percent(ratio(1, 3)) != "33.3%" {
		t.Errorf("percent renders %q and %q", percent(nil), percent(ratio(1, 3)))
	}
}

// TestReportSumsRulesAcrossApps: the overall row is the sum of the rules, each app a row.
func TestReportSumsRulesAcrossApps(t *testing.T) {
	var r report
	byRule := map[string]*counts{}
	r.add("one", score([]finding{f("a.js", 1, "x"), f("a.js", 2, "y")}, []label{l("a.js", 1, "x", verdictTP), l("a.js", 2, "y", verdictFP)}), byRule)
	r.add("two", score([]finding{f("a.js", 1, "x")}, []label{l("a.js", 1, "x", verdictFP), l("b.js", 1, "x", verdictTP)}), byRule)
	r.finish(byRule)
	if got := r.Overall.counts; got != (counts{TP: 1, FP: 2, FN: 1}) {
		t.Errorf("overall = %+v", got)
	}
	if len(r.Rules) != 2 || r.Rules[0].Name != "x" || r.Rules[0].counts != (counts{TP: 1, FP: 1, FN: 1}) {
		t.Errorf("rules = %+v", r.Rules)
	}
	if len(r.Apps) != 2 || r.Apps[1].counts != (counts{FP: 1, FN: 1}) {
		t.Errorf("apps = %+v", r.Apps)
	}
	if len(r.Lost) != 1 || r.Lost[0].App != "two" || r.Lost[0].Path != "b.js" {
		t.Errorf("lost = %+v", r.Lost)
	}
	var b strings.Builder
	if err := r.writeText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "lost true positive [two]: b.js:1 x (why)") {
		t.Errorf("text report lacks the lost true positive:\n%s", b.String())
	}
}

// TestUpdateKeepsLabelsAndAddsNewSorted: --update writes every existing label back and
// adds the new findings as ?, in path, line, rule order, and the file reads back the same.
func TestUpdateKeepsLabelsAndAddsNewSorted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.tsv")
	existing := labelHeader + "\nb.js\t4\tr\tfp\twrapped by asyncHandler at routes.js:3\na.js\t2\tr\ttp\tblocking read\n"
	if err := os.WriteFile(path, []byte(existing), 0o644); err != nil {
		t.Fatal(err)
	}
	labels, err := readLabels(path)
	if err != nil {
		t.Fatal(err)
	}
	s := score([]finding{f("a.js", 2, "r"), f("a.js", 10, "r"), f("a.js", 9, "r")}, labels)
	if err := writeLabels(path, withNew(labels, s)); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	want := labelHeader + "\n" +
		"a.js\t2\tr\ttp\tblocking read\n" +
		"a.js\t9\tr\t?\tmsg r\n" +
		"a.js\t10\tr\t?\tmsg r\n" +
		"b.js\t4\tr\tfp\twrapped by asyncHandler at routes.js:3\n"
	if string(data) != want {
		t.Errorf("label file =\n%s\nwant\n%s", data, want)
	}
	if again, err := readLabels(path); err != nil || len(again) != 4 {
		t.Errorf("read back %d labels, %v", len(again), err)
	}
}

func TestReadLabelsRefusesBadLines(t *testing.T) {
	for name, body := range map[string]string{
		"header":  "file\tline\trule\tverdict\treason\n",
		"fields":  labelHeader + "\na.js\t1\tr\ttp\n",
		"line":    labelHeader + "\na.js\t0\tr\ttp\twhy\n",
		"verdict": labelHeader + "\na.js\t1\tr\tmaybe\twhy\n",
	} {
		path := filepath.Join(t.TempDir(), "x.tsv")
		os.WriteFile(path, []byte(body), 0o644)
		if _, err := readLabels(path); err == nil {
			t.Errorf("%s: a malformed label file was accepted", name)
		}
	}
	if labels, err := readLabels(filepath.Join(t.TempDir(), "absent.tsv")); err != nil || labels != nil {
		t.Errorf("an absent label file = %v, %v; want no labels", labels, err)
	}
}

func TestParseFindingsMakesPathsRootRelative(t *testing.T) {
	got, err := parseFindings([]byte(`[{"file":"./src/app.js","line":4,"column":1,"rule":"cors-allow-all","severity":"information","message":"m"}]`))
	if err != nil || len(got) != 1 || got[0].key != (key{"src/app.js", 4, "cors-allow-all"}) {
		t.Errorf("parseFindings = %+v, %v", got, err)
	}
	if _, err := parseFindings([]byte("not json")); err == nil {
		t.Error("output that is not JSON was accepted")
	}
}

func TestManifestValidation(t *testing.T) {
	dir := t.TempDir()
	good := `{"name":"acme-shop","repo":"acme/shop","url":"https://github.com/acme/shop","commit":"` + strings.Repeat("a", 40) + `","language":"js","monorepo":false,"root":"server","traits":[],"about":"a shop"}`
	os.WriteFile(filepath.Join(dir, "acme-shop.json"), []byte(good), 0o644)
	apps, err := loadApps(dir)
	if err != nil || len(apps) != 1 || apps[0].Root != "server" {
		t.Fatalf("loadApps = %+v, %v", apps, err)
	}
	for name, bad := range map[string]string{
		"other-name":   good,
		"short-commit": strings.Replace(strings.Replace(good, strings.Repeat("a", 40), "abc", 1), "acme-shop", "short-commit", 1),
		"escapes":      strings.Replace(strings.Replace(good, `"server"`, `"../x"`, 1), "acme-shop", "escapes", 1),
		"unknown":      strings.Replace(strings.Replace(good, `"about"`, `"abut"`, 1), "acme-shop", "unknown", 1),
	} {
		if _, err := readManifest(writeFile(t, name+".json", bad)); err == nil {
			t.Errorf("%s: a bad manifest was accepted", name)
		}
	}
}

func writeFile(t *testing.T, name, body string) string {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCacheDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"ECOSYSTEM_DIR": "/e", "XDG_CACHE_HOME": "/x", "HOME": "/h"}, "/e"},
		{map[string]string{"XDG_CACHE_HOME": "/x", "HOME": "/h"}, filepath.Join("/x", "nodecoach-ecosystem")},
		{map[string]string{"HOME": "/h"}, filepath.Join("/h", ".cache", "nodecoach-ecosystem")},
	} {
		if got, err := cacheDir(env(c.env)); err != nil || got != c.want {
			t.Errorf("cacheDir(%v) = %q, %v; want %q", c.env, got, err, c.want)
		}
	}
	if _, err := cacheDir(env(nil)); err == nil {
		t.Error("no directory at all was accepted")
	}
}

// TestCheckoutUsesExistingAndSkipsUnreachable: an exported or cloned checkout is used as
// it is; a clone that fails is "not reachable" and leaves nothing behind in the cache.
func TestCheckoutUsesExistingAndSkipsUnreachable(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "here"), 0o755)
	if got, err := ensureCheckout(app{Name: "here"}, dir); err != nil || got != filepath.Join(dir, "here") {
		t.Errorf("existing checkout = %q, %v", got, err)
	}
	gone := app{Name: "gone", URL: filepath.Join(t.TempDir(), "no-such-repository"), Commit: strings.Repeat("b", 40)}
	if _, err := ensureCheckout(gone, dir); !errors.Is(err, errNotReachable) {
		t.Errorf("unreachable clone = %v, want errNotReachable", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the failed clone left %d entries in the cache, want only the existing checkout", len(entries))
	}
}
