package rules

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// The registered gates' import needles, found by the automaton, count only where the
// resolver could read an import: express's own files deprecate under the name
// 'express', and mongoose's model names 'mongoose' as a vendor, importing neither.
func TestImportNeedlesCountOnlyWhereImported(t *testing.T) {
	registered := analysis.RegisteredNeedles()
	for _, n := range importNeedles("express", "mongoose") {
		if !registered[n] {
			t.Fatalf("%s is not in the automaton: this test would not ask it", n)
		}
	}
	mongooseImported := analysis.Mentions(importsOneOf(mongooseModules)...)
	cases := []struct {
		name, src string
		gate      analysis.Needles
		want      bool
	}{
		{"require of express", "const express = require('express');\nconst app = express();", expressImported, true},
		{"express imported across lines", "import express, {\n  Router,\n} from\n  \"express\";", expressImported, true},
		{"express by an alias of require", "const load = require;\nconst express = load('express');", expressImported, true},
		{"depd under express's name", "var deprecate = require('depd')('express');", expressImported, false},
		{"express in an array", "const frameworks = ['koa', 'express', 'fastify'];", expressImported, false},
		{"mongoose imported", "import mongoose from 'mongoose';", mongooseImported, true},
		{"mongoose by a dynamic import", "const m = await import(`mongoose`);", mongooseImported, true},
		{"mongoose as a vendor", "const err = { vendor: 'mongoose', code: 11000 };", mongooseImported, false},
	}
	for _, tc := range cases {
		if got := tc.gate.Match(analysis.NewQuick([]byte(tc.src), nil)); got != tc.want {
			t.Errorf("%s: the gate matches %v, want %v", tc.name, got, tc.want)
		}
	}
}
