package server

import (
	"bufio"
	"encoding/json"
	"testing"
)

// JSON-RPC allows any number as an id, and a response must carry it back: ids that
// are not 64-bit integers got no answer at all. Each gets its answer with the id as
// sent, digit for digit, and $/cancelRequest reaches such a request too.
func TestNumberIDsOutsideInt64AreAnsweredAsSent(t *testing.T) {
	r := startSlowRaw()
	out := bufio.NewReader(r.out)
	defer endRaw(t, r)
	rawCall(t, r, out, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`, "1")
	for _, id := range []string{"1.5", "9223372036854775808", "-1e3", "1E400"} {
		resp := rawCall(t, r, out, `{"jsonrpc":"2.0","id":`+id+`,"method":"nodecoach/noSuchRequest","params":{}}`, id)
		if resp.Error == nil || resp.Error.Code != -32601 {
			t.Errorf("id %s: %+v, want MethodNotFound", id, resp.Error)
		}
	}
	// The hover of slow{} returns only when cancelled.
	r.in.Write(lspFrame(`{"jsonrpc":"2.0","id":2.25,"method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:a.js"},"position":{"line":0,"character":0}}}`))
	r.in.Write(lspFrame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2.25}}`))
	if resp := rawWait(t, out, "2.25"); resp.Error == nil || resp.Error.Code != -32800 {
		t.Errorf("cancelled request with id 2.25: %+v, want RequestCancelled", resp)
	}
	// A string id that looks like the private form is the client's own, and comes back as it was sent.
	if resp := rawCall(t, r, out, `{"jsonrpc":"2.0","id":"nodecoach-number-id:7","method":"shutdown"}`, "nodecoach-number-id:7"); resp.Error != nil {
		t.Errorf("shutdown: %+v", resp.Error)
	}
}

// What the server writes about a document names it as the client opened it, even
// where that is not the canonical spelling of its URI: otherwise the client does not
// find its document (a%2Fb.js came back as a/b.js).
func TestDocumentURIsComeBackAsSent(t *testing.T) {
	r := startRaw(New(Options{Name: "nodecoach", Version: "test"}))
	out := bufio.NewReader(r.out)
	defer endRaw(t, r)
	rawCall(t, r, out, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`, "1")
	r.in.Write(lspFrame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`))
	app, _ := json.Marshal(handlerApp("\n", ""))
	for _, sent := range []string{
		"file:///nonexistent/a%2Fb.js",
		"file:///C:/project/app.js",
		"file:///nonexistent/caf%C3%A9%20app/x.js",
		"untitled:Untitled-1%2Ejs",
	} {
		r.in.Write(lspFrame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + sent + `","languageId":"javascript","version":1,"text":` + string(app) + `}}}`))
		var got struct {
			URI         string            `json:"uri"`
			Diagnostics []json.RawMessage `json:"diagnostics"`
		}
		for got.URI == "" {
			msgs, err := readMessages(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				if m.Method == "textDocument/publishDiagnostics" {
					json.Unmarshal(m.Params, &got)
				}
			}
		}
		if got.URI != sent || len(got.Diagnostics) != 1 {
			t.Errorf("opened %s: diagnostics published for %s (%d of them), want the URI as sent with 1", sent, got.URI, len(got.Diagnostics))
		}
	}
}
