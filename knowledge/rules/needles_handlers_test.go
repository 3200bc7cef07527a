package rules

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// handlerGateCase is one file of a gate test: either the rule reports in it, or the
// gate skips it.
type handlerGateCase struct {
	name, file, pkg, src string
	reports              bool
}

// checkHandlerGate checks a rule's gate from both sides. Where the rule reports, check
// asserts besides that the prefilter lets the file through, so the least obvious
// spelling of what the rule reads is kept. Where the gate skips the file, the rule is
// not applicable, and run all the same it reports nothing there.
func checkHandlerGate(t *testing.T, rule *analysis.Rule, cases []handlerGateCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			findings, _ := check(t, rule, tc.file, tc.pkg, tc.src)
			if tc.reports {
				if len(findings) == 0 {
					t.Fatalf("%s reports nothing in the file meant to report:\n%s", rule.Name, tc.src)
				}
				return
			}
			gateSkips(t, rule, tc.file, tc.pkg, tc.src)
		})
	}
}

// A library that names express only in its comments, as mongoose's do.
const expressInComments = "// Works like an express middleware: call next() when done.\n"
