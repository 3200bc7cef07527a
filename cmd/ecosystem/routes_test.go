package main

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func listed(method, path, file string, line int) listedRoute {
	return listedRoute{routeKey: routeKey{Method: method, File: file, Line: line}, Path: path}
}

func rl(method, path, file string, line int) routeLabel {
	return routeLabel{routeKey: routeKey{Method: method, File: file, Line: line}, Path: path, Reason: "why"}
}

// TestScoreRoutesCorrectWrongMissing covers each outcome: the right path at the
// registration's line, another path there, another method only, and no row at the line.
func TestScoreRoutesCorrectWrongMissing(t *testing.T) {
	routes := []listedRoute{
		listed("GET", "/api/users", "routes/users.js", 4),
		listed("POST", "/users", "routes/users.js", 9),           // the mount prefix was lost
		listed("USE", "/api", "app.js", 12),                      // right
		listed("GET", "/api/v2/items", "routes/items.js", 3),     // mounted twice:
		listed("GET", "/api/items", "routes/items.js", 3),        // two paths, two labels
		listed("PUT", "/api/users/:id", "routes/users.js", 15),   // the label says PATCH
		listed("GET", "/api/users/:id", "routes/users.js", 20),   // a label on another line
		listed("GET", "/api/users/:id", "routes/other.js", 21),   // or another file
		listed("DELETE", "/somewhere", "routes/users.js", 30),    // no label: not counted
		listed("POST", "/users/extra", "routes/users.js", 9),     // a second wrong path there
		listed("POST", "/users", "routes/users.js", 9),           // listed twice: printed once
		listed("GET", "/api/items/", "routes/items.js", 7),       // trailing slash
		listed("GET", "/api//reports/:id.csv", "reports.js", 11), // doubled slash of a join
	}
	labels := []routeLabel{
		rl("GET", "/api/users", "routes/users.js", 4),
		rl("POST", "/api/users", "routes/users.js", 9),
		rl("USE", "/api", "app.js", 12),
		rl("GET", "/api/v2/items", "routes/items.js", 3),
		rl("GET", "/api/items", "routes/items.js", 3),
		rl("PATCH", "/api/users/:id", "routes/users.js", 15),
		rl("GET", "/api/users/:id", "routes/users.js", 21),
		rl("GET", "/api/items", "routes/items.js", 7),
		rl("GET", "/api/reports/:id.csv", "reports.js", 11),
	}
	s := scoreRoutes(routes, labels)
	if s.routeCounts != (routeCounts{Correct: 6, Wrong: 2, Missing: 1}) {
		t.Errorf("counts = %+v, want 6 correct, 2 wrong, 1 missing", s.routeCounts)
	}
	var wrong []string
	for _, w := range s.Wrong {
		wrong = append(wrong, w.routeKey.String()+" "+w.Path+" -> "+strings.Join(w.Listed, ", "))
	}
	want := []string{
		"POST routes/users.js:9 /api/users -> /users, /users/extra",
		"PATCH routes/users.js:15 /api/users/:id -> PUT /api/users/:id",
	}
	if !reflect.DeepEqual(wrong, want) {
		t.Errorf("wrong =\n%s\nwant\n%s", strings.Join(wrong, "\n"), strings.Join(want, "\n"))
	}
	if len(s.Missing) != 1 || s.Missing[0].routeKey != (routeKey{"GET", "routes/users.js", 21}) {
		t.Errorf("missing = %+v, want GET routes/users.js:21 only", s.Missing)
	}
}

// TestSamePathFollowsExpressDefaults: non-strict routing ignores a trailing slash, a join
// may double a slash, but a different segment or case is another path.
func TestSamePathFollowsExpressDefaults(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"/api/", "/api", true},
		{"/", "/", true},
		{"//", "/", true},
		{"/api//users", "/api/users", true},
		{"/api/users", "/users", false},
		{"/api/:id", "/api/:name", false},
		{"/API", "/api", false},
		{"*", "/*", true},
		{"*", "/", false},
	} {
		if got := samePath(c.a, c.b); got != c.same {
			t.Errorf("samePath(%q, %q) = %v, want %v", c.a, c.b, got, c.same)
		}
	}
}

// TestSamePathReadsConfigurationDefaults: a part shown as a configuration value with
// its literal default matches a label written for the default configuration; a part
// the table did not know, or a ternary's colon, does not.
func TestSamePathReadsConfigurationDefaults(t *testing.T) {
	for _, c := range []struct {
		listed, label string
		same          bool
	}{
		{"{BASE_PATH:/}/runs", "/runs", true},
		{"{BASE_PATH:/}", "/", true},
		{"{baseUriPath:}/api", "/api", true},
		{"{baseUriPath:}", "/", true},
		{"{process.env.PREFIX:/v1}/users", "/v1/users", true},
		{"{BASE_PATH:/base}/runs", "/runs", false},
		{"{BASE_PATH}/runs", "/runs", false},
		{"{a?'/x':'/y'}/runs", "/runs", false},
		{"{a?'/x':'/y'}/runs", "'/y'/runs", false},
		// A value the code leaves to the environment, labelled {?}: any name matches it,
		// a literal or an expression does not.
		{"{env.app.routePrefix}/v6/init", "{?}/v6/init", true},
		{"{env.app.routePrefix}", "{?}", true},
		{"/api/v6/init", "{?}/v6/init", false},
		{"{a?'/x':'/y'}/v6/init", "{?}/v6/init", false},
		{"{env.app.routePrefix}/v6/init", "{?}/v6/mark", false},
	} {
		if got := samePath(c.listed, c.label); got != c.same {
			t.Errorf("samePath(%q, %q) = %v, want %v", c.listed, c.label, got, c.same)
		}
	}
	// A row with a default counts as correct in the score, one without stays wrong.
	labels := []routeLabel{
		{routeKey: routeKey{"POST", "src/app.ts", 41}, Path: "/runs", Reason: "r"},
		{routeKey: routeKey{"GET", "src/app.ts", 37}, Path: "/", Reason: "r"},
	}
	routes := []listedRoute{
		{routeKey: routeKey{"POST", "src/app.ts", 41}, Path: "{BASE_PATH:/}/runs"},
		{routeKey: routeKey{"GET", "src/app.ts", 37}, Path: "{BASE_PATH}"},
	}
	if s := scoreRoutes(routes, labels); s.Correct != 1 || s.routeCounts.Wrong != 1 {
		t.Errorf("score = %+v, want 1 correct (the defaulted row) and 1 wrong", s.routeCounts)
	}
}

// TestRoutesReportSumsAppsAndPrintsBothPaths: the overall row is the sum of the apps, and
// the text names both paths of a wrong route and the reason of a missing one.
func TestRoutesReportSumsAppsAndPrintsBothPaths(t *testing.T) {
	r := newRoutesReport()
	r.add("one", scoreRoutes([]listedRoute{listed("GET", "/a", "x.js", 1), listed("GET", "/b", "x.js", 2)},
		[]routeLabel{rl("GET", "/a", "x.js", 1), rl("GET", "/api/b", "x.js", 2)}))
	r.add("two", scoreRoutes(nil, []routeLabel{rl("USE", "/v1", "y.js", 3)}))
	r.finish()
	if r.Overall.routeCounts != (routeCounts{Correct: 1, Wrong: 1, Missing: 1}) {
		t.Errorf("overall = %+v", r.Overall.routeCounts)
	}
	if r.Overall.Ratio == nil || percent(r.Overall.Ratio) != "33.3%" {
		t.Errorf("overall ratio = %s, want 33.3%%", percent(r.Overall.Ratio))
	}
	var b strings.Builder
	if err := r.writeText(&b); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"wrong path [one]: GET x.js:2 /api/b, listed as /b",
		"missing route [two]: USE y.js:3 /v1 (why)",
	} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("text report lacks %q:\n%s", line, b.String())
		}
	}
}

func TestListedTextBoundsLongLists(t *testing.T) {
	if got := listedText([]string{"/a", "/b"}); got != "/a, /b" {
		t.Errorf("two paths = %q", got)
	}
	if got := listedText([]string{"/1", "/2", "/3", "/4", "/5", "/6", "/7"}); got != "/1, /2, /3, /4, /5 and 2 more" {
		t.Errorf("seven paths = %q", got)
	}
}

func TestReadRouteLabelsRefusesBadLines(t *testing.T) {
	good := routeLabelHeader + "\nGET\t/api/users\troutes/users.js\t4\tapp.js:3 app.use('/api') -> router.get('/users')\n"
	path := writeFile(t, "good.tsv", good)
	labels, err := readRouteLabels(path)
	if err != nil || len(labels) != 1 || labels[0].routeKey != (routeKey{"GET", "routes/users.js", 4}) || labels[0].Path != "/api/users" {
		t.Fatalf("readRouteLabels = %+v, %v", labels, err)
	}
	for name, body := range map[string]string{
		"header":   "method\tpath\tfile\tline\n",
		"fields":   routeLabelHeader + "\nGET\t/a\tx.js\t4\n",
		"method":   routeLabelHeader + "\nget\t/a\tx.js\t4\twhy\n",
		"path":     routeLabelHeader + "\nGET\ta\tx.js\t4\twhy\n",
		"line":     routeLabelHeader + "\nGET\t/a\tx.js\t0\twhy\n",
		"escapes":  routeLabelHeader + "\nGET\t/a\t../x.js\t4\twhy\n",
		"noreason": routeLabelHeader + "\nGET\t/a\tx.js\t4\t\n",
	} {
		if _, err := readRouteLabels(writeFile(t, name+".tsv", body)); err == nil {
			t.Errorf("%s: a malformed route label file was accepted", name)
		}
	}
	if labels, err := readRouteLabels(filepath.Join(t.TempDir(), "absent.tsv")); err != nil || labels != nil {
		t.Errorf("an absent route label file = %v, %v; want no labels", labels, err)
	}
}

func TestParseRoutesMakesFilesRootRelative(t *testing.T) {
	got, err := parseRoutes([]byte(`[{"method":"GET","path":"/api/x","written":"/x","file":"./src/r.js","line":7,"handler":"h","middleware":[],"wrappers":[],"async":false,"errorSafe":false}]`))
	if err != nil || len(got) != 1 || got[0] != listed("GET", "/api/x", "src/r.js", 7) {
		t.Errorf("parseRoutes = %+v, %v", got, err)
	}
	if _, err := parseRoutes([]byte("no routes")); err == nil {
		t.Error("output that is not JSON was accepted")
	}
}

// TestRoutesOnlyRefusesUpdate: --update writes finding labels, which a routes-only run
// never computes; the combination is refused rather than silently doing nothing.
func TestRoutesOnlyRefusesUpdate(t *testing.T) {
	var out, errs strings.Builder
	if code := run([]string{"--routes-only", "--update"}, &out, &errs); code != 2 {
		t.Errorf("exit = %d, want 2 (%s)", code, errs.String())
	}
}

func TestParseRouteLabelPaths(t *testing.T) {
	for path, ok := range map[string]bool{
		"/users": true, "*": true, "{?}": true, "{?}/v6/init": true,
		"users": false, "{?}v6": false, "{x}/users": false, "": false,
	} {
		_, err := parseRouteLabel("GET\t" + path + "\tsrc/app.ts\t3\twhy")
		if (err == nil) != ok {
			t.Errorf("parseRouteLabel(path %q): error %v, want accepted %v", path, err, ok)
		}
	}
}
