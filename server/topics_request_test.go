package server

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/entries"
)

// topicsAnswer is a nodecoach/topics result as the test reads it off the wire.
type topicsAnswer struct {
	Topics []struct {
		ID, Title, Summary string
		Total, Files, More int
		Places             []struct {
			URI   string
			Range struct {
				Start, End struct{ Line, Character uint32 }
			}
			API  string
			Rule string
		}
	}
	Files int
}

func decodeTopics(t *testing.T, m wireMessage) topicsAnswer {
	t.Helper()
	if m.Error != nil {
		t.Fatalf("nodecoach/topics failed: %+v", m.Error)
	}
	var a topicsAnswer
	if err := json.Unmarshal(m.Result, &a); err != nil {
		t.Fatalf("nodecoach/topics result %s: %v", m.Result, err)
	}
	return a
}

// TestTopicsRequest: over a real session, nodecoach/topics lists the entries the
// workspace touches, most places first, with each place's range in the file: a closed
// file's from the workspace index, an open document's from its unsaved text (not what
// is on disk). A folder that is not the workspace's, and params of the wrong shape,
// get a clear InvalidParams error and the server goes on answering.
func TestTopicsRequest(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"package.json": `{"dependencies":{"express":"^4.21.2"}}`,
		"src/a.js":     "const fs = require('fs');\n\nconst data = fs.readFileSync('a.json');\nconst more = fs.readFileSync('b.json');\n",
		"src/b.js":     "const fs = require('fs');\nfs.readFileSync('on-disk.json');\n",
	})
	aURI := string(uri.File(filepath.Join(root, "src", "a.js")))
	bURI := string(uri.File(filepath.Join(root, "src", "b.js")))
	// The editor's text of b.js: three reads and a setImmediate, none of them saved.
	bText := "const fs = require('fs');\nfs.readFileSync('1');\nfs.readFileSync('2');\n  fs.readFileSync('3');\nsetImmediate(() => {});\n"

	r := startRaw(New(Options{Name: "nodecoach", Version: "test"}))
	defer endRaw(t, r)
	c := newWireClient(t, r)
	c.call("init", "initialize", fmt.Sprintf(`{"capabilities":{"textDocument":{"diagnostic":{}}},"workspaceFolders":[{"uri":%q,"name":"ws"}]}`, uri.File(root)))
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":%q,"languageId":"javascript","version":1,"text":%q}}}`, bURI, bText))

	fsRead := entries.ByAPI("fs.readFileSync")
	later := entries.ByAPI("timers.setImmediate")
	if fsRead == nil || later == nil || fsRead == later {
		t.Fatal("the test needs entries for fs.readFileSync and setImmediate, apart")
	}
	calls := 0
	var got topicsAnswer
	eventually(t, "a.js indexed", func() bool {
		calls++
		got = decodeTopics(t, c.call(fmt.Sprint("topics", calls), methodTopics, fmt.Sprintf(`{"folder":%q}`, uri.File(root))))
		return got.Files == 2
	})

	if len(got.Topics) == 0 || got.Topics[0].ID != fsRead.ID {
		t.Fatalf("first topic: %+v, want %s (5 places)", got.Topics, fsRead.ID)
	}
	for i := 1; i < len(got.Topics); i++ {
		if got.Topics[i].Total > got.Topics[i-1].Total {
			t.Errorf("topic %s (%d places) comes after %s (%d places)", got.Topics[i].ID, got.Topics[i].Total, got.Topics[i-1].ID, got.Topics[i-1].Total)
		}
	}
	top := got.Topics[0]
	if top.Title != fsRead.Title || top.Summary == "" || strings.Contains(top.Summary, "\n") {
		t.Errorf("title %q, summary %q: want the entry's title and its In short on one line", top.Title, top.Summary)
	}
	if top.Total != 5 || top.Files != 2 || top.More != 0 || len(top.Places) != 5 {
		t.Fatalf("%s: %d places in %d files (%d more), listed %d; want 5 in 2, all listed", top.ID, top.Total, top.Files, top.More, len(top.Places))
	}
	// a.js sorts before b.js; b.js's places are those of the open text.
	want := []struct {
		uri             string
		line, from, end uint32
	}{
		{aURI, 2, 13, 38}, {aURI, 3, 13, 38},
		{bURI, 1, 0, 20}, {bURI, 2, 0, 20}, {bURI, 3, 2, 22},
	}
	for i, w := range want {
		p := top.Places[i]
		if p.URI != w.uri || p.Range.Start.Line != w.line || p.Range.Start.Character != w.from || p.Range.End.Line != w.line || p.Range.End.Character != w.end || p.API != "fs.readFileSync" {
			t.Errorf("place %d: %+v, want %s %d:%d-%d (fs.readFileSync)", i, p, filepath.Base(w.uri), w.line, w.from, w.end)
		}
	}
	found := false
	for _, tp := range got.Topics {
		if tp.ID == later.ID {
			found = tp.Total == 1 && len(tp.Places) == 1 && tp.Places[0].URI == bURI && tp.Places[0].Range.Start.Line == 4
		}
	}
	if !found {
		t.Errorf("no %s topic with the one place of the open text (line 4): %+v", later.ID, got.Topics)
	}

	// Bad params: a clear error, and the session goes on.
	elsewhere := string(uri.File(t.TempDir()))
	bad := c.call("bad-folder", methodTopics, fmt.Sprintf(`{"folder":%q}`, elsewhere))
	if bad.Error == nil || bad.Error.Code != -32602 || !strings.Contains(bad.Error.Message, "not a workspace folder") || !strings.Contains(bad.Error.Message, elsewhere) {
		t.Errorf("a folder outside the workspace: %+v, want InvalidParams naming it", bad.Error)
	}
	if shape := c.call("bad-shape", methodTopics, `{"folder":3}`); shape.Error == nil || shape.Error.Code != -32602 {
		t.Errorf("a folder that is not a string: %+v, want InvalidParams", shape.Error)
	}
	if none := decodeTopics(t, c.call("no-params", methodTopics, `null`)); len(none.Topics) == 0 || none.Topics[0].ID != fsRead.ID {
		t.Errorf("without params (every folder): %+v, want %s first", none.Topics, fsRead.ID)
	}
	// Closed, b.js is the index's again: its saved text has one read.
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":%q}}}`, bURI))
	eventually(t, "b.js indexed once closed", func() bool {
		calls++
		after := decodeTopics(t, c.call(fmt.Sprint("topics", calls), methodTopics, `{}`))
		return after.Files == 2 && len(after.Topics) > 0 && after.Topics[0].ID == fsRead.ID && after.Topics[0].Total == 3 &&
			after.Topics[0].Places[2].URI == bURI && after.Topics[0].Places[2].Range.Start.Line == 1
	})
	// A closed file saved with another read counts it (its uses are parsed again).
	writeFiles(t, root, map[string]string{"src/a.js": "const fs = require('fs');\n\nconst data = fs.readFileSync('a.json');\nconst more = fs.readFileSync('b.json');\nfs.readFileSync('c.json');\n"})
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":%q,"type":2}]}}`, aURI))
	eventually(t, "a.js's new read counted", func() bool {
		calls++
		after := decodeTopics(t, c.call(fmt.Sprint("topics", calls), methodTopics, `{}`))
		return len(after.Topics) > 0 && after.Topics[0].Total == 4 && after.Topics[0].Places[2].URI == aURI && after.Topics[0].Places[2].Range.Start.Line == 4
	})
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":%q,"languageId":"javascript","version":2,"text":%q}}}`, bURI, bText))
	if hover := c.call("hover", "textDocument/hover", fmt.Sprintf(`{"textDocument":{"uri":%q},"position":{"line":1,"character":5}}`, bURI)); hover.Error != nil || !strings.Contains(string(hover.Result), "readFileSync") {
		t.Errorf("a hover after the bad requests: %s %+v", hover.Result, hover.Error)
	}
}

// TestPracticeRequest: nodecoach/practice gives an entry's interview question apart
// from its answer and corrections; an unknown entry is a clear error.
func TestPracticeRequest(t *testing.T) {
	r := startRaw(New(Options{Name: "nodecoach", Version: "test"}))
	defer endRaw(t, r)
	c := newWireClient(t, r)
	c.call("init", "initialize", `{"capabilities":{}}`)
	var e *entries.Entry
	for _, cand := range entries.All() {
		if len(cand.Source) > 0 && cand.Section(entries.SecGetsWrong) != "" {
			e = cand
			break
		}
	}
	if e == nil {
		t.Fatal("no entry with a seed question and corrections")
	}
	m := c.call("practice", methodPractice, fmt.Sprintf(`{"entry":%q}`, e.ID))
	var p struct {
		ID, Title, Answer, Corrections string
		Questions                      []string
	}
	if m.Error != nil || json.Unmarshal(m.Result, &p) != nil {
		t.Fatalf("nodecoach/practice %s: %s %+v", e.ID, m.Result, m.Error)
	}
	question := entries.Question(e.Source[0])
	if p.ID != e.ID || len(p.Questions) == 0 || !strings.Contains(p.Questions[0], question) {
		t.Errorf("questions %q, want %q first", p.Questions, question)
	}
	if strings.Contains(p.Answer, question) || !strings.Contains(p.Answer, e.Short()) {
		t.Errorf("the answer should hold the entry's In short and not repeat the question:\n%s", p.Answer)
	}
	if p.Corrections != e.Section(entries.SecGetsWrong) || strings.Contains(p.Answer, p.Corrections) {
		t.Errorf("corrections %q: want the entry's, apart from the answer", p.Corrections)
	}
	unknown := c.call("unknown", methodPractice, `{"entry":"no-such-entry"}`)
	if unknown.Error == nil || unknown.Error.Code != -32602 || !strings.Contains(unknown.Error.Message, "no-such-entry") {
		t.Errorf("an unknown entry: %+v, want InvalidParams naming it", unknown.Error)
	}
	if again := c.call("again", methodPractice, fmt.Sprintf(`{"entry":%q}`, e.ID)); again.Error != nil {
		t.Errorf("after the error: %+v", again.Error)
	}
}

// BenchmarkTopicsRequest: nodecoach/topics over a workspace of 200 indexed, closed
// files, each parsed again for its API uses.
func BenchmarkTopicsRequest(b *testing.B) {
	root := b.TempDir()
	files := map[string]string{"package.json": `{"dependencies":{"express":"^4.21.2"}}`}
	for i := range 200 {
		files[fmt.Sprintf("src/f%03d.js", i)] = vulnerableApp
	}
	t := &testing.T{}
	writeFiles(t, root, files)
	r := startRaw(New(Options{Name: "nodecoach", Version: "test"}))
	c := newWireClient(t, r)
	c.call("init", "initialize", fmt.Sprintf(`{"capabilities":{"textDocument":{"diagnostic":{}}},"workspaceFolders":[{"uri":%q,"name":"ws"}]}`, uri.File(root)))
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	n := 0
	for {
		n++
		if a := decodeTopics(t, c.call(fmt.Sprint("warm", n), methodTopics, `{}`)); a.Files == 200 && r.s.indexIdle() {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		decodeTopics(t, c.call(fmt.Sprint("b", i), methodTopics, `{}`))
	}
	b.StopTimer()
	r.in.Close()
	<-r.done
	r.out.Close()
}
