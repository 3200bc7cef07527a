// Package analysistest provides inputs for the engine's and the server's benchmarks.
package analysistest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// LargeFile returns the file the latency and throughput benchmarks use: the path in
// NODECOACH_BENCH_FILE when set (for example mongoose's lib/document.js from the
// benchmark corpus), else a generated Express app of about 5,000 lines with a finding
// of each headline rule every few routes.
func LargeFile(tb testing.TB) (path string, src []byte) {
	tb.Helper()
	if p := os.Getenv("NODECOACH_BENCH_FILE"); p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		return p, data
	}
	var b strings.Builder
	b.WriteString("const fs = require('node:fs');\nconst { readFile } = require('node:fs/promises');\n")
	b.WriteString("const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors());\n")
	for i := 0; b.Len() < 180_000 || strings.Count(b.String(), "\n") < 5000; i++ {
		fmt.Fprintf(&b, `
// Route %[1]d reads its template and loads a record.
app.get('/items/%[1]d/:id', async (req, res, next) => {
  const template = fs.readFileSync('./views/item-%[1]d.html', 'utf8');
  const item = await db.items.findById(req.params.id);
  if (!item) {
    return res.status(404).json({ error: 'not found' });
  }
  res.send(template.replace('{{name}}', item.name));
});

app.post('/items/%[1]d', async (req, res, next) => {
  try {
    const body = await readFile('./schemas/item-%[1]d.json', 'utf8');
    res.status(201).json(await db.items.create(JSON.parse(body), req.body));
  } catch (err) {
    next(err);
  }
});
`, i)
	}
	return "large.js", []byte(b.String())
}
