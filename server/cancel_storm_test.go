package server

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// stormApp is an Express app of about 23 KB, the size of the file in which typing
// with cancellations aborted the server: a finding on line 3, and many routes.
func stormApp() string {
	var b strings.Builder
	b.WriteString(handlerApp("\n", ""))
	for i := 0; b.Len() < 23<<10; i++ {
		fmt.Fprintf(&b, "app.post('/items/%d', async (req, res, next) => { try { const item = await find(req.params.id, %d); res.json({ item }); } catch (err) { next(err); } });\n", i, i)
	}
	return b.String()
}

// Typing in a 23 KB file while the client cancels its diagnostic and hover requests
// 0–3 ms after sending them, as VS Code does, once aborted the whole server within a
// few hundred keystrokes: a parse cancelled while tree-sitter balanced its tree left
// the parser in a state that failed an assertion on its next parse. Two thousand
// rounds here; every request gets an answer (a result or RequestCancelled), and the
// document's findings afterwards are those of a whole check.
func TestTypingWithCancelledRequestsKeepsTheServerUp(t *testing.T) {
	rounds := 2000
	if testing.Short() {
		rounds = 200
	}
	r := startRaw(New(Options{Name: "nodecoach", Version: "test"}))
	defer endRaw(t, r)
	c := newWireClient(t, r)
	c.send(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"capabilities":{"textDocument":{"diagnostic":{}}}}}`)
	c.wait("init")
	c.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	text := stormApp()
	lines := strings.Count(text, "\n")
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:storm.js","languageId":"javascript","version":1,"text":%q}}}`, text))

	rng := rand.New(rand.NewPCG(1, 2))
	cancelled := 0
	line := 0
	for i := range rounds {
		// Insert a space at the start of a route's line, then take it out again.
		edit := fmt.Sprintf(`{"range":{"start":{"line":%d,"character":0},"end":{"line":%d,"character":1}},"text":""}`, line, line)
		if i%2 == 0 {
			line = 6 + rng.IntN(lines-6)
			edit = fmt.Sprintf(`{"range":{"start":{"line":%d,"character":0},"end":{"line":%d,"character":0}},"text":" "}`, line, line)
		}
		c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:storm.js","version":%d},"contentChanges":[%s]}}`, i+2, edit))
		c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":"d%d","method":"textDocument/diagnostic","params":{"textDocument":{"uri":"untitled:storm.js"}}}`, i))
		c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":"h%d","method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:storm.js"},"position":{"line":3,"character":14}}}`, i))
		if pause := rng.IntN(4); pause > 0 {
			time.Sleep(time.Duration(pause) * time.Millisecond)
		}
		c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"d%d"}}`, i))
		c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"h%d"}}`, i))
		if i%100 == 99 {
			// Keep the client's backlog bounded, as an editor's is.
			c.wait(fmt.Sprintf("h%d", i))
		}
	}
	for i := range rounds {
		for _, id := range []string{fmt.Sprintf("d%d", i), fmt.Sprintf("h%d", i)} {
			m := c.wait(id)
			switch {
			case m.Error == nil:
			case m.Error.Code == -32800:
				cancelled++
			default:
				t.Fatalf("%s: %+v", id, m.Error)
			}
		}
	}
	t.Logf("%d rounds, %d requests cancelled", rounds, cancelled)

	c.send(`{"jsonrpc":"2.0","id":"final","method":"textDocument/diagnostic","params":{"textDocument":{"uri":"untitled:storm.js"}}}`)
	if m := c.wait("final"); m.Error != nil || !strings.Contains(string(m.Result), "no-sync-fs-in-handler") {
		t.Fatalf("after the storm: %s %+v, want the finding on line 3", truncateBytes(m.Result), m.Error)
	}
	checkIncremental(t, r.s, r.s.doc("untitled:storm.js"))
}

// FuzzCancelInterleavings replays a byte string as a client's messages on one
// document: edits, diagnostic and hover requests, cancellations of any request still
// open, and short pauses. Every request must get an answer, and the findings at the
// end must be those of a whole check of the text.
func FuzzCancelInterleavings(f *testing.F) {
	f.Add([]byte{0, 10, 4, 5, 6, 6, 1, 200, 4, 7, 6, 2, 3, 4, 5, 7, 6, 6})
	f.Add([]byte{4, 6, 0, 1, 4, 6, 0, 2, 4, 6, 0, 3, 4, 6, 5, 6, 7, 7, 4})
	f.Add([]byte("the quick brown fox jumps over the lazy dog"))
	f.Fuzz(runCancelInterleavings)
}

// runCancelInterleavings is one input of FuzzCancelInterleavings.
func runCancelInterleavings(t *testing.T, ops []byte) {
	text := stormApp()
	if len(ops) > 400 {
		ops = ops[:400]
	}
	r := startRaw(New(Options{Name: "nodecoach", Version: "test"}))
	defer endRaw(t, r)
	c := newWireClient(t, r)
	c.send(`{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"capabilities":{"textDocument":{"diagnostic":{}}}}}`)
	c.wait("init")
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:fuzz.js","languageId":"javascript","version":1,"text":%q}}}`, text))
	doc, version := text, int32(1)
	var open, all []string
	for i := 0; i < len(ops); i++ {
		switch op := ops[i] % 8; op {
		case 0, 1, 2, 3: // insert one of a few characters at a place the next byte picks
			at := 0
			if i+1 < len(ops) {
				i++
				at = int(ops[i]) * len(doc) / 256
			}
			insert := string(" ;{}"[op])
			line, char := lineAndColumn(doc, at)
			doc = doc[:at] + insert + doc[at:]
			version++
			c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:fuzz.js","version":%d},"contentChanges":[{"range":{"start":{"line":%d,"character":%d},"end":{"line":%d,"character":%d}},"text":%q}]}}`, version, line, char, line, char, insert))
		case 4:
			id := fmt.Sprintf("d%d", i)
			open, all = append(open, id), append(all, id)
			c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%q,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"untitled:fuzz.js"}}}`, id))
		case 5:
			id := fmt.Sprintf("h%d", i)
			open, all = append(open, id), append(all, id)
			c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%q,"method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:fuzz.js"},"position":{"line":3,"character":14}}}`, id))
		case 6:
			if len(open) > 0 {
				c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":%q}}`, open[len(open)-1]))
				open = open[:len(open)-1]
			}
		case 7:
			time.Sleep(time.Millisecond)
		}
	}
	for _, id := range all {
		if m := c.wait(id); m.Error != nil && m.Error.Code != -32800 {
			t.Fatalf("%s: %+v", id, m.Error)
		}
	}
	c.send(`{"jsonrpc":"2.0","id":"final","method":"textDocument/diagnostic","params":{"textDocument":{"uri":"untitled:fuzz.js"}}}`)
	if m := c.wait("final"); m.Error != nil {
		t.Fatalf("final diagnostics: %+v", m.Error)
	}
	d := r.s.doc("untitled:fuzz.js")
	d.mu.Lock()
	got := string(d.text)
	d.mu.Unlock()
	if got != doc {
		t.Fatalf("the server holds another text than the client sent")
	}
	checkIncremental(t, r.s, d)
}

// lineAndColumn is the LSP position of a byte offset in ASCII text.
func lineAndColumn(text string, at int) (line, char int) {
	line = strings.Count(text[:at], "\n")
	return line, at - (strings.LastIndexByte(text[:at], '\n') + 1)
}
