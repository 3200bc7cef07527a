package project

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkDriverLook is the gate's look at an edited document, which the language
// server takes before each analysis of it once its index gates: a 2,000-line Express
// router that records request-path facts and reads synchronously.
func BenchmarkDriverLook(b *testing.B) {
	root := b.TempDir()
	var src strings.Builder
	src.WriteString("const express = require('express');\nconst fs = require('fs');\nconst store = require('./store');\nconst router = express.Router();\n")
	for i := range 500 {
		src.WriteString("router.get('/r" + strings.Repeat("x", i%7) + "', (req, res) => {\n  res.send(store.read(req.query.id));\n});\n\n")
	}
	src.WriteString("exports.load = () => fs.readFileSync('a.json');\nmodule.exports = router;\n")
	if err := os.WriteFile(filepath.Join(root, "package.json"), []byte(`{"dependencies":{"express":"4.21.2"}}`), 0o644); err != nil {
		b.Fatal(err)
	}
	d := driverFor(root)
	path, text := filepath.Join(root, "routes.js"), []byte(src.String())
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		look, _, err := d.Look(context.Background(), path, text)
		if err != nil || !look.Records || !look.Reads {
			b.Fatalf("look %+v, %v", look, err)
		}
	}
}
