package rules

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// BenchmarkReadRequestPathFile is the gate's look at one file in a check's first pass,
// after its quick look: an Express router of 500 routes that records the request
// path's facts, and an async service of as many functions, each loading a module by a
// computed name, that only records which of its functions cannot reject (the request
// path's scans for computed loads and prototype methods are not its concern).
func BenchmarkReadRequestPathFile(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies":{"express":"4.21.2"}}`), 0o644); err != nil {
		b.Fatal(err)
	}
	var router, service strings.Builder
	router.WriteString("const express = require('express');\nconst fs = require('fs');\nconst router = express.Router();\n")
	service.WriteString("const path = require('path');\n")
	for i := range 500 {
		n := strconv.Itoa(i)
		router.WriteString("router.get('/r" + n + "', require('./handlers/h" + n + "'));\n")
		service.WriteString("exports.f" + n + " = async function f" + n + "(name) {\n  const m = require(path.join(__dirname, name, '" + n + "'));\n  return m;\n};\n")
	}
	for _, tc := range []struct {
		name, text       string
		records, rejects bool
	}{{"router", router.String(), true, false}, {"async service", service.String(), false, true}} {
		path, src := filepath.Join(dir, "f.js"), []byte(tc.text)
		q := analysis.NewQuick(src, pkgOf(path))
		applicable := analysis.Applicable(q, All(), analysis.Options{})
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				f := ReadRequestPathFile(path, src, q, applicable, analysis.Options{})
				if f.Records != tc.records || f.RecordsRejects != tc.rejects {
					b.Fatalf("records %v, records rejects %v", f.Records, f.RecordsRejects)
				}
			}
		})
	}
}
