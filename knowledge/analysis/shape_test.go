package analysis

import (
	"context"
	"reflect"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// callsAnywhere reads the whole file: it reports every call of a function named like
// the first parameter of some function of the file, and records a fact at the first
// call. A finding in one statement depends on another, so it is not Local.
var callsAnywhere = &Rule{Name: "calls-anywhere", Severity: Hint, Kinds: []string{"program"}, InertBlind: true,
	Run: func(p *Pass, root *sitter.Node) {
		params := map[string]bool{}
		var calls []*sitter.Node
		var walk func(n *sitter.Node)
		walk = func(n *sitter.Node) {
			if syntax.IsFunction(n) {
				if ps := syntax.Field(n, "parameters"); ps != nil && ps.NamedChildCount() > 0 {
					params[p.Text(ps.NamedChild(0))] = true
				}
			}
			if syntax.Kind(n) == "call_expression" {
				calls = append(calls, n)
			}
			for i := uint(0); i < n.NamedChildCount(); i++ {
				walk(n.NamedChild(i))
			}
		}
		walk(root)
		for i, c := range calls {
			if i == 0 {
				p.AddFact("calls", c)
			}
			if params[p.Text(syntax.Field(c, "function"))] {
				p.ReportNode(c, 0, "a call of a parameter's name", nil)
			}
		}
	}}

// apiCallsAnywhere reads the whole file and follows only what the resolver knows: it
// reports every call of a module's API and records a fact at the first, so it is
// KnownOnly as well as InertBlind.
var apiCallsAnywhere = &Rule{Name: "api-calls-anywhere", Severity: Hint, Kinds: []string{"program"}, InertBlind: true, KnownOnly: true,
	Run: func(p *Pass, root *sitter.Node) {
		for i, c := range p.Resolver.Nodes("call_expression") {
			if !p.Resolver.Callee(c).IsAPI() {
				continue
			}
			if i == 0 {
				p.AddFact("api-calls", c)
			}
			p.ReportNode(c, 0, "a call of an API", nil)
		}
	}}

const shapeApp = `function setup(next) {}
app.post('/a', async (req, res) => {
  try {
    await save(req.body);
  } catch (err) {
    next(err);
  }
});
next();
`

// typeInto types text into src at offset at, a character per edit, then deletes it
// the same way, rechecking after each keystroke with the previous result as a
// language server does; it fails when a result differs from a whole check of the same
// text, and returns how many keystrokes were checked one statement at a time.
func typeInto(t *testing.T, src string, at int, text string, rules []*Rule) int {
	t.Helper()
	ctx := context.Background()
	cur := []byte(src)
	file, prev, err := Recheck(ctx, "a.js", syntax.JavaScript, cur, nil, nil, nil, nil, rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	incremental := 0
	for i := range 2 * len(text) {
		var next []byte
		var edit source.Edit
		if i < len(text) {
			next, edit = source.Replace(cur, uint(at+i), uint(at+i), text[i:i+1])
		} else {
			end := uint(at + 2*len(text) - i)
			next, edit = source.Replace(cur, end-1, end, "")
		}
		old := Edited(file.Tree, []source.Edit{edit})
		f, res, err := Recheck(ctx, "a.js", syntax.JavaScript, next, old, []source.Edit{edit}, &prev, nil, rules, Options{})
		syntax.Close(old)
		if err != nil {
			t.Fatal(err)
		}
		whole, want, err := Check(ctx, "a.js", syntax.JavaScript, next, nil, nil, rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		syntax.Close(whole.Tree)
		if !reflect.DeepEqual(res.Findings, want.Findings) || !reflect.DeepEqual(res.Facts, want.Facts) {
			t.Errorf("after typing to\n%s\nRecheck (one statement: %v) gives %v and facts %v, a whole check %v and %v",
				next, res.Incremental(), res.Findings, res.Facts, want.Findings, want.Facts)
		}
		if res.Incremental() {
			incremental++
		}
		prev.Release()
		syntax.Close(file.Tree)
		cur, file, prev = next, f, res
	}
	prev.Release()
	syntax.Close(file.Tree)
	return incremental
}

// Typing a declaration into a handler, where a rule reads the whole file: the
// keystrokes that leave the statement's shape as it was are checked one statement at
// a time, with the rule's findings and facts moved past the typed text, and so are
// most of the half-typed ones, where the declaration swallows next(err) as its value
// (the call is lifted out of it, see sameShape). The others (`const    next(err)`
// declares next; `const typed = value    next(err)` calls value) are checked whole.
// Either way the results are a whole check's.
func TestRecheckKeepsWideFindingsAcrossInertTyping(t *testing.T) {
	rules := []*Rule{everyCall, callsAnywhere}
	at := strings.Index(shapeApp, "    next(err)")
	if n, all := typeInto(t, shapeApp, at, "const typed = value + 1; ", rules), 2*len("const typed = value + 1; "); n < all-12 {
		t.Errorf("%d of %d keystrokes were checked one statement at a time, want all but those that change the call", n, all)
	}
	// The same typing on a line of its own never swallows the next statement.
	at = strings.Index(shapeApp, "  } catch")
	if n, all := typeInto(t, shapeApp, at, "const typed = value + 1;\n", rules), 2*len("const typed = value + 1;\n"); n < all-4 {
		t.Errorf("%d of %d keystrokes on a line of their own were checked one statement at a time", n, all)
	}
}

// Edits a rule reading the whole file may see are checked whole: a call, a name the
// rest of the statement uses (next, which would shadow the parameter), a member, a
// string, an await, an assignment, a comment.
func TestRecheckChecksWholeWhatWideRulesMaySee(t *testing.T) {
	rules := []*Rule{everyCall, callsAnywhere}
	at := strings.Index(shapeApp, "  } catch")
	for _, typed := range []string{"next;\n", "const req = 1;\n", "x();\n", "a.b;\n", "'x';\n", "await x;\n", "x = 1;\n", "// note\n", "let y = (err);\n"} {
		ctx := context.Background()
		file, prev, err := Recheck(ctx, "a.js", syntax.JavaScript, []byte(shapeApp), nil, nil, nil, nil, rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		next, edit := source.Replace([]byte(shapeApp), uint(at), uint(at), typed)
		old := Edited(file.Tree, []source.Edit{edit})
		f, res, err := Recheck(ctx, "a.js", syntax.JavaScript, next, old, []source.Edit{edit}, &prev, nil, rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Incremental() {
			t.Errorf("typing %q was checked one statement at a time", typed)
		}
		res.Release()
		prev.Release()
		syntax.Close(old)
		syntax.Close(f.Tree)
		syntax.Close(file.Tree)
	}
}

// A half-typed declaration that swallowed a call is the call alone only when the
// names around it appear nowhere else: one that declares a name the statement uses
// (err, next), or calls another function, is checked whole.
func TestRecheckChecksWholeWhatASwallowedCallChanges(t *testing.T) {
	rules := []*Rule{everyCall, callsAnywhere}
	at := strings.Index(shapeApp, "    next(err)")
	for _, typed := range []string{"const err = v", "const ", "const typed = value ", "const typed = a.b + ", "let typed = x() + "} {
		ctx := context.Background()
		file, prev, err := Recheck(ctx, "a.js", syntax.JavaScript, []byte(shapeApp), nil, nil, nil, nil, rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		next, edit := source.Replace([]byte(shapeApp), uint(at), uint(at), typed)
		old := Edited(file.Tree, []source.Edit{edit})
		f, res, err := Recheck(ctx, "a.js", syntax.JavaScript, next, old, []source.Edit{edit}, &prev, nil, rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Incremental() {
			t.Errorf("typing %q before next(err) was checked one statement at a time", typed)
		}
		res.Release()
		prev.Release()
		syntax.Close(old)
		syntax.Close(f.Tree)
		syntax.Close(file.Tree)
	}
}

// With rules that follow only what the resolver knows, every keystroke of a line typed
// before next(err) is checked one statement at a time: the half-typed states call
// value, or declare next, which such a rule cannot follow. A call of an API or of a
// function of the file, typed or swallowed, is still checked whole.
func TestRecheckKeepsKnownOnlyFindingsAcrossHalfTypedLines(t *testing.T) {
	const app = `const fs = require('fs');
function helper() { return 1; }
app.post('/a', async (req, res, next) => {
  try {
    await save(req.body);
  } catch (err) {
    next(err);
  }
});
fs.readFileSync('x');
`
	rules := []*Rule{everyCall, apiCallsAnywhere}
	typed := "const typed = value + 1; "
	if n := typeInto(t, app, strings.Index(app, "    next(err)"), typed, rules); n != 2*len(typed) {
		t.Errorf("%d of %d keystrokes were checked one statement at a time, want all", n, 2*len(typed))
	}
	at := strings.Index(app, "    next(err)")
	for _, typed := range []string{"fs.readFileSync(err);\n", "helper(err);\n", "const typed = fs.readFileSync   ", "const x = helper   ", "next(req);\n", "const err = 1;\n"} {
		ctx := context.Background()
		file, prev, err := Recheck(ctx, "a.js", syntax.JavaScript, []byte(app), nil, nil, nil, nil, rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		next, edit := source.Replace([]byte(app), uint(at), uint(at), typed)
		old := Edited(file.Tree, []source.Edit{edit})
		f, res, err := Recheck(ctx, "a.js", syntax.JavaScript, next, old, []source.Edit{edit}, &prev, nil, rules, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Incremental() {
			t.Errorf("typing %q before next(err) was checked one statement at a time", typed)
		}
		res.Release()
		prev.Release()
		syntax.Close(old)
		syntax.Close(f.Tree)
		syntax.Close(file.Tree)
	}
}

// Typing between statements at the top level adds a statement: the file is checked
// whole, and the findings are right.
func TestRecheckWideTypingBetweenStatements(t *testing.T) {
	typeInto(t, shapeApp, strings.Index(shapeApp, "next();"), "const typed = value + 1; ", []*Rule{everyCall, callsAnywhere})
}
