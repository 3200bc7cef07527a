// Package analysis is the rule engine: a Rule is one unit with its name, doc and run
// function (like golang.org/x/tools/go/analysis), and Run checks one file with all rules
// in one walk of its tree.
package analysis

// Severity follows LSP's DiagnosticSeverity numbering.
type Severity int

const (
	Error       Severity = 1
	Warning     Severity = 2
	Information Severity = 3
	Hint        Severity = 4
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Information:
		return "information"
	case Hint:
		return "hint"
	case Off:
		return "off"
	}
	return "unknown"
}

// Edit replaces the bytes [Start, End) of the file with NewText.
type Edit struct {
	Start, End uint
	NewText    string
}

// Fix is a mechanical change that resolves a finding.
type Fix struct {
	Title string
	Edits []Edit
}

// Finding is one diagnostic: the rule that made it, where (byte offsets), how bad,
// a one-line message and, when the change is mechanical, a fix.
type Finding struct {
	Rule       string
	Severity   Severity
	Start, End uint
	Message    string
	Fix        *Fix
	// Unnecessary marks code that does nothing (an unused suppression); editors fade it.
	Unnecessary bool
	// Deprecated marks use of a deprecated API; editors strike it through.
	Deprecated bool
	// Related points at the places in other files the finding depends on.
	Related []Related
}
