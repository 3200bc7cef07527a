package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// sarifSchema compiles the official SARIF 2.1.0 schema shipped in testdata (tests never
// fetch it), with format assertions on so that a URI that is not one fails too.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path, err := filepath.Abs("../../testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

func validateSARIF(t *testing.T, schema *jsonschema.Schema, out string) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("sarif output is not JSON: %v\n%s", err, out)
	}
	if err := schema.Validate(doc); err != nil {
		t.Fatalf("sarif output does not validate against SARIF 2.1.0: %v", err)
	}
}

// The parts of a SARIF log the tests read.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string           `json:"name"`
				Version        string           `json:"version"`
				InformationURI string           `json:"informationUri"`
				Rules          []sarifRuleEntry `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		ColumnKind  string        `json:"columnKind"`
		Results     []sarifResult `json:"results"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
		} `json:"invocations"`
	} `json:"runs"`
}

type sarifRuleEntry struct {
	ID               string `json:"id"`
	ShortDescription struct {
		Text string `json:"text"`
	} `json:"shortDescription"`
	FullDescription struct {
		Text string `json:"text"`
	} `json:"fullDescription"`
	HelpURI string `json:"helpUri"`
	Help    struct {
		Markdown string `json:"markdown"`
	} `json:"help"`
	DefaultConfiguration struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
}

type region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifResult struct {
	RuleID    string `json:"ruleId"`
	RuleIndex int    `json:"ruleIndex"`
	Level     string `json:"level"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
			Region region `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
}

func decodeSARIF(t *testing.T, out string) *sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs; want 2.1.0 and one run", log.Version, len(log.Runs))
	}
	return &log
}

// result returns the first result of rule, checking that its ruleIndex names it.
func (l *sarifLog) result(t *testing.T, rule string) sarifResult {
	t.Helper()
	run := l.Runs[0]
	for _, r := range run.Results {
		if r.RuleID == rule {
			if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != rule {
				t.Errorf("result of %s has ruleIndex %d, which does not name it", rule, r.RuleIndex)
			}
			if len(r.Locations) != 1 {
				t.Fatalf("result of %s has %d locations", rule, len(r.Locations))
			}
			return r
		}
	}
	t.Fatalf("no result for %s", rule)
	return sarifResult{}
}

// The driver describes every rule, whether it fired or not, from the registry.
func TestSARIFDescribesEveryRule(t *testing.T) {
	schema := sarifSchema(t)
	var out bytes.Buffer
	if err := printSARIF(&out, nil, output{cwd: "/repo"}); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, schema, out.String())
	log := decodeSARIF(t, out.String())
	driver := log.Runs[0].Tool.Driver
	if driver.Name != "nodecoach" || driver.Version != version || driver.InformationURI != informationURI || log.Runs[0].ColumnKind != "utf16CodeUnits" {
		t.Errorf("driver %q %q %q, columnKind %q", driver.Name, driver.Version, driver.InformationURI, log.Runs[0].ColumnKind)
	}
	if len(log.Runs[0].Results) != 0 || len(log.Runs[0].Invocations) != 1 || !log.Runs[0].Invocations[0].ExecutionSuccessful {
		t.Errorf("an empty successful run: results %v, invocations %+v", log.Runs[0].Results, log.Runs[0].Invocations)
	}
	described := map[string]sarifRuleEntry{}
	for _, d := range driver.Rules {
		described[d.ID] = d
	}
	if len(described) != len(rules.Names())+1 || described[analysis.SkippedRule].ID == "" {
		t.Errorf("%d rules described, want %d (every rule, unused-suppression and %s)", len(described), len(rules.Names())+1, analysis.SkippedRule)
	}
	levels := map[string]string{"error": "error", "warning": "warning", "information": "note", "hint": "note", "off": "none"}
	for _, r := range sarifRules() {
		d, ok := described[r.Name]
		if !ok {
			t.Errorf("%s is not described", r.Name)
			continue
		}
		if d.ShortDescription.Text != summaryLine(r.Doc) || d.ShortDescription.Text == "" || strings.Contains(d.ShortDescription.Text, "\n") {
			t.Errorf("%s: shortDescription %q, want the doc's first line", r.Name, d.ShortDescription.Text)
		}
		if d.FullDescription.Text != strings.TrimSpace(r.Doc) {
			t.Errorf("%s: fullDescription is not the whole doc", r.Name)
		}
		if !strings.HasPrefix(d.HelpURI, "https://") {
			t.Errorf("%s: helpUri %q, want an https link", r.Name, d.HelpURI)
		}
		if e := entries.ByID(r.Entry); e != nil && d.HelpURI != e.Docs {
			t.Errorf("%s: helpUri %q, want the entry's docs %q", r.Name, d.HelpURI, e.Docs)
		}
		if frag, ok := strings.CutPrefix(d.HelpURI, informationURI+"#"); ok && !readmeHasAnchor(t, frag) {
			t.Errorf("%s: helpUri %q names no README section", r.Name, d.HelpURI)
		}
		if !strings.HasPrefix(d.Help.Markdown, "# "+r.Name+"\n") {
			t.Errorf("%s: help is not the rule explained", r.Name)
		}
		if want := levels[r.Severity.String()]; d.DefaultConfiguration.Level != want {
			t.Errorf("%s: default level %q, want %q (severity %s)", r.Name, d.DefaultConfiguration.Level, want, r.Severity)
		}
	}
}

// readmeHasAnchor reports whether the README has a heading whose GitHub anchor is
// frag (lower case, spaces as hyphens), the target of a rule's help link.
func readmeHasAnchor(t *testing.T, frag string) bool {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " "); ok && strings.HasPrefix(line, "#") &&
			strings.ReplaceAll(strings.ToLower(strings.TrimSpace(title)), " ", "-") == frag {
			return true
		}
	}
	return false
}

// Result levels follow the severity in force (--rule included); a file outside the
// current directory gets an absolute URI and no base; a failed run says so.
func TestSARIFResults(t *testing.T) {
	schema := sarifSchema(t)
	reports := []report{
		{File: "src/a.js", Line: 1, Column: 1, EndLine: 1, EndColumn: 5, Rule: "cors-allow-all", Severity: "error", Message: "e"},
		{File: "src/a.js", Line: 2, Column: 1, EndLine: 3, EndColumn: 1, Rule: "no-sync-fs-in-handler", Severity: "hint", Message: "h"},
		{File: "/elsewhere/b.js", Line: 1, Column: 3, EndLine: 1, EndColumn: 3, Rule: "unused-suppression", Severity: "hint", Message: "u"},
	}
	var out bytes.Buffer
	if err := printSARIF(&out, reports, output{cwd: "/repo", failed: true}); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, schema, out.String())
	log := decodeSARIF(t, out.String())
	if r := log.result(t, "cors-allow-all"); r.Level != "error" || r.Locations[0].PhysicalLocation.Region != (region{1, 1, 1, 5}) {
		t.Errorf("error result %+v", r)
	}
	if r := log.result(t, "no-sync-fs-in-handler"); r.Level != "note" || r.Locations[0].PhysicalLocation.Region != (region{2, 1, 3, 1}) {
		t.Errorf("hint result %+v", r)
	}
	outside := log.result(t, "unused-suppression").Locations[0].PhysicalLocation.ArtifactLocation
	if outside.URI != "file:///elsewhere/b.js" || outside.URIBaseID != "" {
		t.Errorf("file outside the current directory: %+v", outside)
	}
	if !strings.Contains(out.String(), `"executionSuccessful": false`) {
		t.Error("a run where a file failed must not claim success")
	}
}

// Levels set with --rule reach the SARIF results.
func TestSARIFLevelsFromRuleFlag(t *testing.T) {
	schema := sarifSchema(t)
	t.Chdir(writeProject(t, fixture))
	code, out, stderr := runCLI(t, "check", "--format", "sarif", "--rule", "cors-allow-all=error", "--rule", "no-sync-fs-in-handler=hint", ".")
	if code != 1 {
		t.Errorf("exit %d, want 1 (an error); stderr %s", code, stderr)
	}
	validateSARIF(t, schema, out)
	log := decodeSARIF(t, out)
	if l := log.result(t, "cors-allow-all").Level; l != "error" {
		t.Errorf("cors-allow-all at error: level %q", l)
	}
	if l := log.result(t, "no-sync-fs-in-handler").Level; l != "note" {
		t.Errorf("no-sync-fs-in-handler at hint: level %q", l)
	}
}

// TestRelatedLocations: a finding caused by another file carries that file's place in
// the JSON report and as a SARIF related location.
func TestRelatedLocations(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) { os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644) }
	write("package.json", `{"dependencies":{"express":"^4.21.2","express-rate-limit":"^7.5.0","helmet":"^8.0.0"}}`)
	write("app.js", "const express = require('express');\nconst app = express();\nrequire('./routes')(app);\napp.listen(3000);\n")
	write("routes.js", "const rateLimit = require('express-rate-limit');\nmodule.exports = (app) => { app.use(rateLimit({ windowMs: 60000 })); };\n")

	_, reports := checkJSON(t, dir)
	r := find(reports, "rate-limit-trust-proxy")
	if len(r.Related) != 1 || filepath.Base(r.Related[0].File) != "app.js" || r.Related[0].Line != 2 || r.Related[0].Column != 13 {
		t.Fatalf("json related: %+v", r.Related)
	}
	_, out, _ := runCLI(t, "check", "--format", "sarif", dir)
	validateSARIF(t, sarifSchema(t), out)
	if !strings.Contains(out, `"relatedLocations": [`) || !strings.Contains(out, "app.js") || !strings.Contains(out, "without app.set('trust proxy'") {
		t.Errorf("sarif lacks the related location:\n%s", out)
	}
}
