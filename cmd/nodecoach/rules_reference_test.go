package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/explain"
)

// TestRulesReferenceIsCurrent: docs/rules.md is what `nodecoach rules --format
// markdown` prints from the rules as they are now.
func TestRulesReferenceIsCurrent(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"rules", "--format", "markdown"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("rules --format markdown exited %d: %s", code, errOut.String())
	}
	checkedIn, err := os.ReadFile(filepath.Join("..", "..", "docs", "rules.md"))
	if err != nil {
		t.Fatalf("docs/rules.md: %v (run `%s`)", err, explain.ReferenceCommand)
	}
	if !bytes.Equal(out.Bytes(), checkedIn) {
		t.Errorf("docs/rules.md is out of date with the rules' docs: run `%s` and commit it", explain.ReferenceCommand)
	}
	for _, want := range []string{"## no-sync-fs-in-handler\n", "### Not flagged\n", "### Use instead\n", "### Off by default\n", "### Entry\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the reference lacks %q", want)
		}
	}
}

// TestRulesFormatUnknown: an unknown format is a usage error, not an empty page.
func TestRulesFormatUnknown(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"rules", "--format", "html"}, nil, &out, &errOut); code != 2 || out.Len() != 0 {
		t.Errorf("rules --format html: exit %d, stdout %q; want 2 and nothing", code, out.String())
	}
}

// TestRepoCitesNothingOutsideIt: comments and docs cite what the repository holds
// (a rule's name, docs/rules.md), never a document a reader of it cannot open.
func TestRepoCitesNothingOutsideIt(t *testing.T) {
	banned := []string{"CATA" + "LOG", "\u00a7"}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			// testdata holds third-party sources and checkouts; dependencies are not ours.
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(path); ext != ".go" && ext != ".md" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			for _, b := range banned {
				if strings.Contains(line, b) {
					t.Errorf("%s:%d cites %q, outside the repository: say what it means or cite docs/rules.md", path, i+1, b)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
