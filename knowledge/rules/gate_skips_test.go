package rules

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// gateSkips asserts that rule's gate keeps src out, as file in a package whose
// package.json is pkg ("" for none): the rule is not applicable there and the file
// would not be parsed for it alone; run all the same, the rule reports nothing and
// records no fact. Every gate test's skipped side is this one assertion.
func gateSkips(t *testing.T, rule *analysis.Rule, file, pkg, src string) {
	t.Helper()
	path := inTempPackage(t, file, pkg)
	q := analysis.NewQuick([]byte(src), pkgOf(path))
	applicable := analysis.Applicable(q, []*analysis.Rule{rule}, analysis.Options{})
	if len(applicable) > 0 || analysis.MayFire(q, applicable) {
		t.Errorf("%s's gate lets through a file it can skip:\n%s", rule.Name, src)
	}
	if _, findings, facts := gateAndRun(t, rule, path, src); findings+facts > 0 {
		t.Errorf("%s reports %d findings and records %d facts in a file its gate skips:\n%s", rule.Name, findings, facts, src)
	}
}
