package main

import (
	"io"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// informationURI is where the tool is described, for SARIF viewers.
const informationURI = "https://github.com/nodecoach/nodecoach"

// srcRoot is the uriBaseId of relative paths: SARIF consumers (GitHub code scanning
// among them) resolve it to the checkout, which is where CI runs the check.
const srcRoot = "%SRCROOT%"

// printSARIF prints a SARIF 2.1.0 log with one run. Every rule is described, not
// only those that fired, so that code scanning knows a rule that stopped firing.
func printSARIF(w io.Writer, reports []report, out output) error {
	run := sarif.NewRunWithInformationURI("nodecoach", informationURI)
	run.Tool.Driver.WithVersion(version)
	run.WithColumnKind("utf16CodeUnits")
	for _, r := range sarifRules() {
		d := run.AddRule(r.Name).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(summaryLine(r.Doc))).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(strings.TrimSpace(r.Doc))).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity.String())))
		d.WithHelpURI(ruleHelpURI(r))
		// The rule and its entry in full: code scanning shows it beside each alert.
		help := explain.Rule(r)
		d.WithHelp(sarif.NewMultiformatMessageString().WithText(help).WithMarkdown(help))
	}
	for _, r := range reports {
		result := run.CreateResultForRule(r.Rule).
			WithLevel(sarifLevel(r.Severity)).
			WithMessage(sarif.NewTextMessage(r.Message)).
			AddLocation(sarifLocation(r.File, r.Line, r.Column, r.EndLine, r.EndColumn, out))
		for i, rel := range r.Related {
			loc := sarifLocation(rel.File, rel.Line, rel.Column, rel.EndLine, rel.EndColumn, out).
				WithID(i).WithMessage(sarif.NewTextMessage(rel.Message))
			result.RelatedLocations = append(result.RelatedLocations, loc)
		}
	}
	run.AddInvocation(sarif.NewInvocation().WithExecutionSuccessful(!out.failed))
	log := sarif.NewReport()
	log.AddRun(run)
	if err := log.PrettyWrite(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// sarifLocation is a region of a file, its path relative to %SRCROOT% when it lies
// under the current directory.
func sarifLocation(file string, line, col, endLine, endCol int, out output) *sarif.Location {
	path, inside := relPath(file, out.cwd)
	loc := sarif.NewArtifactLocation().WithURI(fileURI(path, inside))
	if inside {
		loc.WithURIBaseID(srcRoot)
	}
	region := sarif.NewRegion().WithStartLine(line).WithStartColumn(col).WithEndLine(endLine).WithEndColumn(endCol)
	return sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().WithArtifactLocation(loc).WithRegion(region))
}

// suppressionHelpURI documents the suppression comments, which unused-suppression
// is about: it teaches no knowledge entry.
const suppressionHelpURI = informationURI + "#suppressing-a-finding"

// skippedHelpURI documents the nodecoach-skipped finding, with the JSON format.
const skippedHelpURI = informationURI + "#the-command-line"

// ruleHelpURI is the page a SARIF viewer links from a rule: the official docs of
// the entry the rule teaches, else the README section that describes it. Every
// rule gets one, so no alert is left without a link.
func ruleHelpURI(r *analysis.Rule) string {
	if e := entries.ByID(r.Entry); e != nil {
		return e.Docs
	}
	if r.Name == analysis.UnusedSuppression {
		return suppressionHelpURI
	}
	if r.Name == analysis.SkippedRule {
		return skippedHelpURI
	}
	return informationURI + "#rules"
}

// sarifRules are the rules a result can name: every rule, the unused-suppression hint
// that the engine itself reports, and the notice of a file it did not analyse (a SARIF
// result needs a rule descriptor).
func sarifRules() []*analysis.Rule {
	return append(rules.All(), &analysis.Rule{
		Name:     analysis.UnusedSuppression,
		Doc:      "Flags a nodecoach-disable comment that suppresses nothing.\n\nA suppression whose finding is gone hides the next real one on that line; delete it.",
		Severity: analysis.Hint,
	}, &analysis.Rule{
		Name: analysis.SkippedRule,
		Doc: "Says that nodecoach did not analyse a file, and why, in place of its findings.\n\n" +
			"A file that nests too deep, or whose analysis runs past the time allowed for its size (generated code, a pathological input), is not analysed: " +
			"its findings are unknown, not absent. Instead of reading the report as clean, split or exclude the file.",
		Severity: analysis.Information,
	})
}

// sarifLevel maps a severity to SARIF's levels, which have nothing between note and
// none: "none" is the default level of a rule that is off until configured.
func sarifLevel(severity string) string {
	switch severity {
	case "error":
		return sarif.LevelError
	case "warning":
		return sarif.LevelWarning
	case "off":
		return sarif.LevelNone
	}
	return sarif.LevelNote
}

// summaryLine is the first line of a rule's doc.
func summaryLine(doc string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(doc), "\n")
	return line
}
