package rules

import (
	"context"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// rechecked counts, per rule, the edits that Recheck followed on one statement in the
// rule tests, so that TestMain can tell a Local or StatementWise claim that no case
// exercised.
var rechecked = struct {
	sync.Mutex
	n map[string]int
}{n: map[string]int{}}

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		for _, r := range All() {
			if (r.Local || r.StatementWise) && rechecked.n[r.Name] == 0 {
				fmt.Fprintf(os.Stderr, "FAIL: no case of %s was rechecked one statement at a time; its Local or StatementWise claim is untested\n", r.Name)
				code = 1
			}
		}
	}
	os.Exit(code)
}

// recheckAgrees edits each top-level statement of src away (into `void 0;`) and back,
// and empties each function body and fills it again, and checks that Recheck,
// following the edit from the previous version's result, reports exactly what a whole
// check of the new text does: the claims behind Local and AnchorMethods, and the
// engine's guards, tested on every rule case.
func recheckAgrees(t *testing.T, rule *analysis.Rule, path string, pkg *pkginfo.Package, src []byte, opts analysis.Options) {
	t.Helper()
	lang := syntax.ForPath(path)
	tree, err := syntax.Parse(context.Background(), lang, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	root := tree.RootNode()
	var stmts, bodies [][2]uint
	for i := uint(0); i < root.NamedChildCount(); i++ {
		stmts = append(stmts, [2]uint{root.NamedChild(i).StartByte(), root.NamedChild(i).EndByte()})
	}
	var collect func(n *sitter.Node)
	collect = func(n *sitter.Node) {
		if n.Kind() == "statement_block" && n.Parent() != nil && syntax.IsFunction(n.Parent()) && n.EndByte()-n.StartByte() > 2 {
			bodies = append(bodies, [2]uint{n.StartByte() + 1, n.EndByte() - 1})
		}
		for i := uint(0); i < n.NamedChildCount(); i++ {
			collect(n.NamedChild(i))
		}
	}
	collect(root)
	tree.Close()
	replaceAndBack := func(span [2]uint, with string) {
		away, edit := source.Replace(src, span[0], span[1], with)
		recheckCase(t, rule, path, lang, pkg, opts, src, away, edit)
		back, edit := source.Replace(away, span[0], span[0]+uint(len(with)), string(src[span[0]:span[1]]))
		recheckCase(t, rule, path, lang, pkg, opts, away, back, edit)
	}
	for _, s := range stmts {
		replaceAndBack(s, "void 0;")
	}
	for _, b := range bodies {
		replaceAndBack(b, " ")
		// Typing a line into the body, first or last: whole, it is an inert statement
		// (see analysis.Rule.InertBlind); half typed, it swallows the statement after it
		// as its value, or calls a name with it (see analysis.Rule.KnownOnly).
		for _, typed := range []string{"const typed = value + 1;", "const typed = v", "const typed = value "} {
			replaceAndBack([2]uint{b[0], b[0]}, typed)
		}
		replaceAndBack([2]uint{b[1], b[1]}, "; const typed = value + 1;")
	}
}

func recheckCase(t *testing.T, rule *analysis.Rule, path string, lang syntax.Language, pkg *pkginfo.Package, opts analysis.Options, from, to []byte, edit source.Edit) {
	t.Helper()
	ctx, rules := context.Background(), []*analysis.Rule{rule}
	prevFile, prev, err := analysis.Recheck(ctx, path, lang, from, nil, nil, nil, pkg, rules, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer prev.Release()
	defer prevFile.Tree.Close()
	old := analysis.Edited(prevFile.Tree, []source.Edit{edit})
	defer old.Close()
	file, got, err := analysis.Recheck(ctx, path, lang, to, old, []source.Edit{edit}, &prev, pkg, rules, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Release()
	defer file.Tree.Close()
	wholeFile, want, err := analysis.Check(ctx, path, lang, to, nil, pkg, rules, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer wholeFile.Tree.Close()
	if got.Skipped != want.Skipped || !reflect.DeepEqual(got.Findings, want.Findings) {
		t.Errorf("after the edit to\n%s\nRecheck (one statement: %v) reports\n  %s\nbut a whole check reports\n  %s",
			to, got.Incremental(), findingList(got.Findings, to), findingList(want.Findings, to))
	}
	if got.Incremental() {
		rechecked.Lock()
		rechecked.n[rule.Name]++
		rechecked.Unlock()
	}
}

func findingList(fs []analysis.Finding, src []byte) string {
	var out []string
	for _, f := range fs {
		fix := ""
		if f.Fix != nil {
			fix = fmt.Sprintf(" fix %+v", f.Fix.Edits)
		}
		out = append(out, fmt.Sprintf("%s %s [%d,%d) %q: %s%s", f.Rule, f.Severity, f.Start, f.End, src[f.Start:f.End], f.Message, fix))
	}
	return strings.Join(out, "\n  ")
}
