package rules

import (
	"context"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// fileGate is a file, its package's manifest ("" for none) and whether rule's gate
// must let it through.
type fileGate struct {
	name, file, pkg, src string
	through              bool
}

// runGates checks each case against rule's gate (analysis.Applicable, as check asks
// before parsing). A file let through must be one the rule reports in or records a
// fact in, so that the case shows what the gate keeps; a file the gate skips is run
// anyway, and the rule must report nothing and record nothing there.
func runGates(t *testing.T, rule *analysis.Rule, cases []fileGate) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.through {
				gateSkips(t, rule, tc.file, tc.pkg, tc.src)
				return
			}
			applicable, findings, facts := gateAndRun(t, rule, inTempPackage(t, tc.file, tc.pkg), tc.src)
			switch {
			case !applicable:
				t.Errorf("%s's gate skips a file it must see:\n%s", rule.Name, tc.src)
			case findings+facts == 0:
				t.Errorf("%s neither reports nor records a fact in the file meant to pass its gate:\n%s", rule.Name, tc.src)
			}
		})
	}
}

// gateAndRun says whether rule may fire in src at path (see inTempPackage) by the
// prefilter, and how many findings and facts a run of the rule there gives.
func gateAndRun(t *testing.T, rule *analysis.Rule, path, src string) (applicable bool, findings, facts int) {
	t.Helper()
	lang := syntax.ForPath(path)
	tree, err := syntax.Parse(context.Background(), lang, []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	res := analysis.Run(&analysis.File{Path: path, Lang: lang, Src: []byte(src), Tree: tree}, pkgOf(path), []*analysis.Rule{rule}, analysis.Options{})
	if len(res.Problems) > 0 {
		t.Fatalf("rule failed: %v", res.Problems)
	}
	applicable = len(analysis.Applicable(analysis.NewQuick([]byte(src), pkgOf(path)), []*analysis.Rule{rule}, analysis.Options{})) > 0
	return applicable, len(res.Findings), len(res.Facts)
}
