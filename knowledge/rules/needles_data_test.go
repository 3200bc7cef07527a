package rules

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// gateCase is a file where a rule reports, through the least obvious spelling it
// handles, and one of the same kind where its gate keeps the file from being parsed.
type gateCase struct {
	name     string
	file     string // app.js when empty
	pkg      string // package.json, none when empty
	reported string // the rule reports here, so its gate must let the file through
	skipped  string // the rule's gate keeps this file out
	// skippedPkg is the skipped file's package.json when it differs from pkg.
	skippedPkg string
}

// checkGates asserts each case: the reported file has a finding (and check asserts
// that the prefilter lets it through), the skipped one is not applicable, and the
// rule, run there all the same, reports nothing and records no fact (check fails
// when a rule records one in a file its prefilter hides).
func checkGates(t *testing.T, rule *analysis.Rule, cases []gateCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if findings, _ := check(t, rule, tc.file, tc.pkg, tc.reported); len(findings) == 0 {
				t.Fatalf("%s reports nothing in the file meant to pass its gate:\n%s", rule.Name, tc.reported)
			}
			pkg := tc.pkg
			if tc.skippedPkg != "" {
				pkg = tc.skippedPkg
			}
			gateSkips(t, rule, tc.file, pkg, tc.skipped)
		})
	}
}
