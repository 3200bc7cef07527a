package analysis

import (
	"context"
	"slices"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// everyCall reports each call; it looks at nothing but the call.
var everyCall = &Rule{Name: "every-call", Severity: Hint, Kinds: []string{"call_expression"}, Local: true,
	Run: func(p *Pass, n *sitter.Node) { p.ReportNode(n, 0, "a call", nil) }}

// recheckEdit checks src whole, replaces [start, end) with text, and rechecks.
func recheckEdit(t *testing.T, src string, start, end uint, text string, breakKept func(*kept)) (Result, []Finding) {
	t.Helper()
	ctx, rules := context.Background(), []*Rule{everyCall}
	file, prev, err := Recheck(ctx, "a.js", syntax.JavaScript, []byte(src), nil, nil, nil, nil, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { prev.Release(); syntax.Close(file.Tree) })
	if breakKept != nil {
		breakKept(prev.kept)
	}
	next, edit := source.Replace([]byte(src), start, end, text)
	old := Edited(file.Tree, []source.Edit{edit})
	defer syntax.Close(old)
	f, res, err := Recheck(ctx, "a.js", syntax.JavaScript, next, old, []source.Edit{edit}, &prev, nil, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Release(); syntax.Close(f.Tree) })
	whole, want, err := Check(ctx, "a.js", syntax.JavaScript, next, nil, nil, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	syntax.Close(whole.Tree)
	return res, want.Findings
}

func TestRecheckChecksTheEditedStatementAlone(t *testing.T) {
	src := "foo();\nbar(baz());\nqux();\n"
	// A new statement before the second: the file is checked whole.
	res, want := recheckEdit(t, src, 7, 7, "a(); ", nil)
	if len(res.Findings) != len(want) {
		t.Fatalf("findings %v, want %v", res.Findings, want)
	}
	for i := range want {
		if res.Findings[i].Start != want[i].Start || res.Findings[i].End != want[i].End {
			t.Errorf("finding %d at [%d,%d), want [%d,%d)", i, res.Findings[i].Start, res.Findings[i].End, want[i].Start, want[i].End)
		}
	}
	// Typing inside the second statement's argument list leaves the statement count.
	res, want = recheckEdit(t, src, 15, 15, ", x()", nil)
	if !res.Incremental() || len(res.Findings) != len(want) || len(want) != 5 {
		t.Fatalf("incremental %v, findings %v, want the 5 of a whole check %v", res.Incremental(), res.Findings, want)
	}
}

// A failure while checking the edited statement alone falls back on a whole check,
// and says so.
func TestRecheckFallsBackWhenTheStatementCheckFails(t *testing.T) {
	src := "foo();\nbar(baz());\nqux();\n"
	res, want := recheckEdit(t, src, 15, 15, ", x()", func(k *kept) { k.base.res = nil })
	if res.Incremental() || len(res.Findings) != len(want) {
		t.Fatalf("incremental %v, findings %v, want a whole check's %v", res.Incremental(), res.Findings, want)
	}
	if len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Error(), "checked whole") {
		t.Fatalf("problems %v, want the failure", res.Problems)
	}
}

// A statement checked alone keeps the suppression comments of the others, at their
// new places, and those typed into it: its findings are a whole check's, the hints of
// directives that no longer cover anything included.
func TestRecheckKeepsSuppressionComments(t *testing.T) {
	src := "// nodecoach-disable-next-line every-call\nfoo();\n/* a plain comment */\nbar(baz());\nqux(); // nodecoach-disable-line every-call\n"
	foo := uint(strings.Index(src, "foo()"))
	bar := uint(strings.Index(src, "baz()"))
	qux := uint(strings.Index(src, "qux()"))
	for _, c := range []struct {
		name       string
		start, end uint
		text       string
		calls      bool // whether a call no directive covers remains
	}{
		{"typing between two directives", bar + 4, bar + 4, "x(), ", true},
		{"a directive typed into the statement", bar, bar, "/* nodecoach-disable-line every-call */ ", false},
		{"the call a directive covered deleted", qux + 3, qux + 5, "", true},
	} {
		res, want := recheckEdit(t, src, c.start, c.end, c.text, nil)
		if !res.Incremental() {
			t.Errorf("%s: checked whole, want the statement alone", c.name)
			continue
		}
		if !sameFindings(res.Findings, want) {
			t.Errorf("%s: findings %v, want a whole check's %v", c.name, res.Findings, want)
		}
		// Both would agree if neither kept a directive: the first line's still hides
		// foo() (edits come after it), a typed one hides its line, and the calls no
		// directive covers are reported.
		for _, f := range res.Findings {
			if f.Rule == everyCall.Name && f.Start == foo {
				t.Errorf("%s: foo() reported under its directive: %v", c.name, res.Findings)
			}
		}
		if got := slices.ContainsFunc(res.Findings, func(f Finding) bool { return f.Rule == everyCall.Name }); got != c.calls {
			t.Errorf("%s: calls reported %v, want %v: %v", c.name, got, c.calls, res.Findings)
		}
	}
}

func sameFindings(got, want []Finding) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		if got[i].Rule != want[i].Rule || got[i].Start != want[i].Start || got[i].End != want[i].End {
			return false
		}
	}
	return true
}

// functionBodyAround finds, for every range of a statement with nested functions, the
// body the range's ancestors name: the outermost function body holding it strictly.
func TestFunctionBodyAroundIsTheOutermostBodyAmongTheAncestors(t *testing.T) {
	src := []byte("app.get('/', function (req, res) { const f = () => { if (x) { g(); } }; res.send({ a: function () { return 1; } }); });\n")
	tree, err := syntax.Parse(context.Background(), syntax.JavaScript, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer syntax.Close(tree)
	stmt := tree.RootNode().NamedChild(0)
	found := 0
	for lo := stmt.StartByte(); lo <= stmt.EndByte(); lo++ {
		for hi := lo; hi <= stmt.EndByte() && hi <= lo+12; hi++ {
			var want *sitter.Node
			for n := stmt.DescendantForByteRange(lo, hi); n != nil && n.Id() != stmt.Id(); n = n.Parent() {
				if n.Kind() == "statement_block" && lo > n.StartByte() && hi < n.EndByte() && syntax.IsFunction(n.Parent()) {
					want = n
				}
			}
			got := functionBodyAround(stmt, lo, hi)
			if (got == nil) != (want == nil) || got != nil && got.Id() != want.Id() {
				t.Fatalf("[%d,%d): body %v, want %v", lo, hi, got, want)
			}
			if got != nil {
				found++
			}
		}
	}
	if found == 0 {
		t.Fatal("no range found a body")
	}
}
