package analysis

import (
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

func TestMayFire(t *testing.T) {
	needsFS := &Rule{Name: "fs-rule", MayApply: func(q *Quick) bool { return q.Mentions("'fs'") }, Run: func(*Pass, *sitter.Node) {}}
	always := &Rule{Name: "always", Run: func(*Pass, *sitter.Node) {}}
	cases := []struct {
		name  string
		src   string
		rules []*Rule
		opts  Options
		want  bool
	}{
		{"needle present", "const fs = require('fs');", []*Rule{needsFS}, Options{}, true},
		{"needle absent", "const x = require('path');", []*Rule{needsFS}, Options{}, false},
		{"case-insensitive text", "const fs = require('FS');", []*Rule{needsFS}, Options{}, true},
		{"a rule without MayApply always may fire", "x();", []*Rule{needsFS, always}, Options{}, true},
		{"rules turned off do not count", "x();", []*Rule{needsFS, always}, Options{Severity: map[string]Severity{"always": Off}}, false},
		{"a suppression comment may be unused", "// nodecoach-disable-next-line fs-rule\nx();", []*Rule{needsFS}, Options{}, true},
	}
	for _, tc := range cases {
		if got := MayFire([]byte(tc.src), nil, tc.rules, tc.opts); got != tc.want {
			t.Errorf("%s: MayFire = %v, want %v", tc.name, got, tc.want)
		}
	}
}
