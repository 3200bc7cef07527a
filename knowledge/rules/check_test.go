package rules

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// ruleCase is one snippet and what a rule must say about it: each want entry is
// "<severity>: <exact source text of the flagged range>", in source order.
type ruleCase struct {
	name string
	file string // file name, decides the grammar; default app.js
	pkg  string // package.json contents; "" for none
	src  string
	want []string
}

// check runs rule on src as file in a temp package and returns the findings and file.
func check(t *testing.T, rule *analysis.Rule, file, pkg, src string) ([]analysis.Finding, *analysis.File) {
	t.Helper()
	return checkWith(t, rule, file, pkg, src, analysis.Options{})
}

// checkWith is check under the given user options.
func checkWith(t *testing.T, rule *analysis.Rule, file, pkg, src string, opts analysis.Options) ([]analysis.Finding, *analysis.File) {
	t.Helper()
	if _, set := opts.Severity[rule.Name]; rule.Severity == analysis.Off && !set {
		// A rule that is off by default is tested as it runs once turned on, with the
		// severities it reports itself (a user's level would replace them all).
		on := *rule
		on.Severity = analysis.Warning
		rule = &on
	}
	path := inTempPackage(t, file, pkg)
	lang := syntax.ForPath(path)
	tree, err := syntax.Parse(context.Background(), lang, []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tree.Close)
	f := &analysis.File{Path: path, Lang: lang, Src: []byte(src), Tree: tree}
	res := analysis.Run(f, pkgOf(path), []*analysis.Rule{rule}, opts)
	if len(res.Problems) > 0 {
		t.Fatalf("rule failed: %v", res.Problems)
	}
	// The byte prefilter must never skip a file the rule reports in.
	if len(res.Findings)+len(res.Facts) > 0 && len(analysis.Applicable(analysis.NewQuick(f.Src, pkgOf(path)), []*analysis.Rule{rule}, opts)) == 0 {
		t.Errorf("%s's prefilter (MayApply, the names of its calls) says it cannot fire in a file where it reports %d findings and records %d facts", rule.Name, len(res.Findings), len(res.Facts))
	}
	recheckAgrees(t, rule, path, pkgOf(path), f.Src, opts)
	return res.Findings, f
}

// inTempPackage is the path of file (app.js when empty) in a new temporary directory,
// with pkg as its package.json ("" for none).
func inTempPackage(t *testing.T, file, pkg string) string {
	t.Helper()
	if file == "" {
		file = "app.js"
	}
	dir := t.TempDir()
	if pkg != "" {
		if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(pkg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, file)
}

func describe(f analysis.Finding, src string) string {
	return f.Severity.String() + ": " + src[f.Start:f.End]
}

func runCases(t *testing.T, rule *analysis.Rule, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			findings, _ := check(t, rule, tc.file, tc.pkg, tc.src)
			var got []string
			for _, f := range findings {
				if f.Rule != rule.Name {
					t.Errorf("finding carries rule %q, want %q", f.Rule, rule.Name)
				}
				if f.Message == "" || strings.Contains(f.Message, "\n") {
					t.Errorf("message must be one non-empty line: %q", f.Message)
				}
				got = append(got, describe(f, tc.src))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// fixCase applies the first finding's fix and compares the result.
type fixCase struct {
	name, file, pkg, src, want string
}

// runFixes applies each case's fix, then checks the text, that the result parses
// without new errors, and that the rule no longer fires there.
func runFixes(t *testing.T, rule *analysis.Rule, cases []fixCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			findings, _ := check(t, rule, tc.file, tc.pkg, tc.src)
			if len(findings) == 0 || findings[0].Fix == nil {
				t.Fatalf("want a finding with a fix, got %+v", findings)
			}
			fixed, err := analysis.ApplyEdits([]byte(tc.src), findings[0].Fix.Edits)
			if err != nil {
				t.Fatal(err)
			}
			if string(fixed) != tc.want {
				t.Errorf("fixed text:\n%s\nwant:\n%s", fixed, tc.want)
			}
			after, f := check(t, rule, tc.file, tc.pkg, string(fixed))
			if f.Tree.RootNode().HasError() {
				t.Errorf("the fix produced a syntax error:\n%s", fixed)
			}
			if len(after) >= len(findings) {
				t.Errorf("the fix did not remove the finding: %d before, %d after", len(findings), len(after))
			}
		})
	}
}

// pkgOf reads the package knowledge of a test file.
func pkgOf(path string) *pkginfo.Package { return pkginfo.NewStore(nil).For(path) }
