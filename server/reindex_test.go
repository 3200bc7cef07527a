package server

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"go.lsp.dev/uri"
)

// workspaceReport is a workspace/diagnostic result as URI → the diagnostics' JSON.
func workspaceReport(t *testing.T, m wireMessage) map[string]string {
	t.Helper()
	var res struct {
		Items []struct {
			URI   string          `json:"uri"`
			Items json.RawMessage `json:"items"`
		} `json:"items"`
	}
	if err := json.Unmarshal(m.Result, &res); err != nil || m.Error != nil {
		t.Fatalf("workspace/diagnostic: %v %+v", err, m.Error)
	}
	out := map[string]string{}
	for _, it := range res.Items {
		out[it.URI] = string(it.Items)
	}
	return out
}

// TestReindexStormRunsOneWalkAtATime: each package.json change event once started
// another full re-index at the same time as the others (30 events: 164 s and 300
// CPU-seconds, against 7 for one), and overlapping walks reset each other's indexing
// flag. Now, counted from the progress the server reports on the wire, at most one
// walk runs at any time, the storm costs a few walks rather than 30, and the index it
// leaves equals one walk's.
func TestReindexStormRunsOneWalkAtATime(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2","express-rate-limit":"^7.5.0"}}`}
	for i := range 60 {
		files[fmt.Sprintf("src/f%02d.js", i)] = vulnerableApp + fmt.Sprintf("// file %d\n", i)
	}
	files["src/app.js"] = "const express = require('express');\nconst app = express();\napp.listen(3000);\n"
	files["src/limit.js"] = "const rateLimit = require('express-rate-limit');\nmodule.exports = (app) => { app.use(rateLimit({ windowMs: 60000, limit: 10 })); };\n"
	writeFiles(t, root, files)

	r := startRaw(New(Options{Name: "nodecoach", Version: "test"}))
	defer endRaw(t, r)
	c := newWireClient(t, r)
	c.call("init", "initialize", fmt.Sprintf(`{"capabilities":{"window":{"workDoneProgress":true},"textDocument":{"diagnostic":{}}},"workspaceFolders":[{"uri":%q,"name":"ws"}]}`, uri.File(root)))
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	settled := func() bool {
		kinds := c.kinds()
		return r.s.indexIdle() && count(kinds, "begin") > 0 && count(kinds, "begin") == count(kinds, "end")
	}
	eventually(t, "the first index", settled)
	one := workspaceReport(t, c.call("one", "workspace/diagnostic", `{"previousResultIds":[]}`))
	if len(one) != 62 {
		t.Fatalf("the first index has %d files, want 62", len(one))
	}

	before := len(c.kinds())
	event := fmt.Sprintf(`{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":%q,"type":2}]}}`, uri.File(filepath.Join(root, "package.json")))
	for range 30 {
		c.send(event)
	}
	// Notifications are handled in order on the read loop: once this answer is back,
	// every event has been seen.
	c.call("sync", "workspace/diagnostic", `{"previousResultIds":[]}`)
	deadline := time.Now().Add(60 * time.Second)
	for !settled() {
		if time.Now().After(deadline) {
			t.Fatalf("the storm's index never settled: progress %q", c.kinds()[before:])
		}
		time.Sleep(5 * time.Millisecond)
	}
	kinds := c.kinds()[before:]
	running, most := 0, 0
	for _, k := range kinds {
		switch k {
		case "begin":
			running++
		case "end":
			running--
		}
		most = max(most, running)
	}
	walks := count(kinds, "begin")
	t.Logf("30 events: %d walks", walks)
	if most > 1 {
		t.Errorf("%d walks ran at once", most)
	}
	if walks < 1 || walks > 10 {
		t.Errorf("30 events gave %d walks, want them coalesced into a few", walks)
	}
	if after := workspaceReport(t, c.call("after", "workspace/diagnostic", `{"previousResultIds":[]}`)); !reflect.DeepEqual(after, one) {
		t.Errorf("after the storm the index differs from one walk's:\n%v\nwant\n%v", after, one)
	}
}

func count(list []string, s string) int {
	n := 0
	for _, it := range list {
		if it == s {
			n++
		}
	}
	return n
}
