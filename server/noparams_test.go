package server

import (
	"bufio"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// JSON-RPC 2.0 makes params optional. A request without them (or with null) is
// answered MethodNotFound when nodecoach does not know the method, InvalidParams when
// the method needs params (as are params of the wrong shape), and as usual when it
// takes none (shutdown) or its params carry nothing (initialized); the connection goes
// on either way.
func TestRequestsWithoutParams(t *testing.T) {
	core, logs := observer.New(zap.DebugLevel)
	r := startRaw(New(Options{Name: "nodecoach", Version: "test", Logger: zap.New(core)}))
	out := bufio.NewReader(r.out)
	defer endRaw(t, r)

	if resp := rawCall(t, r, out, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`, "1"); resp.Error != nil {
		t.Fatalf("initialize: %+v", resp.Error)
	}
	// initialized without params: its params carry nothing, so it runs as with {}.
	r.in.Write(lspFrame(`{"jsonrpc":"2.0","method":"initialized"}`))
	// Notifications without params are dropped (and logged); none ends the connection.
	r.in.Write(lspFrame(`{"jsonrpc":"2.0","method":"textDocument/didOpen"}`))
	r.in.Write(lspFrame(`{"jsonrpc":"2.0","method":"nodecoach/unknownNotification"}`))

	for _, tc := range []struct {
		name, frame, id string
		code            int64 // 0: a result
		says            string
	}{
		{"unknown method", `{"jsonrpc":"2.0","id":2,"method":"nodecoach/unknown"}`, "2", int64(jsonrpc2.MethodNotFound), "nodecoach/unknown"},
		{"unknown method, null params", `{"jsonrpc":"2.0","id":3,"method":"nodecoach/unknown","params":null}`, "3", int64(jsonrpc2.MethodNotFound), "nodecoach/unknown"},
		{"unknown method with params", `{"jsonrpc":"2.0","id":4,"method":"nodecoach/unknown","params":{}}`, "4", int64(jsonrpc2.MethodNotFound), ""},
		{"hover needs params", `{"jsonrpc":"2.0","id":5,"method":"textDocument/hover"}`, "5", int64(jsonrpc2.InvalidParams), "textDocument/hover"},
		{"a method nodecoach does not implement needs params too", `{"jsonrpc":"2.0","id":6,"method":"textDocument/rename"}`, "6", int64(jsonrpc2.InvalidParams), "textDocument/rename"},
		{"params of the wrong shape are InvalidParams", `{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"textDocument":7}}`, "7", int64(jsonrpc2.InvalidParams), ""},
		{"the session still answers", `{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:a.js"},"position":{"line":0,"character":0}}}`, "8", 0, ""},
		{"shutdown takes no params", `{"jsonrpc":"2.0","id":9,"method":"shutdown"}`, "9", 0, ""},
	} {
		resp := rawCall(t, r, out, tc.frame, tc.id)
		switch {
		case tc.code == 0 && resp.Error != nil:
			t.Errorf("%s: error %+v, want a result", tc.name, resp.Error)
		case tc.code != 0 && (resp.Error == nil || resp.Error.Code != tc.code):
			t.Errorf("%s: %+v, want error %d", tc.name, resp.Error, tc.code)
		case tc.says != "" && !strings.Contains(resp.Error.Message, tc.says):
			t.Errorf("%s: message %q does not name %s", tc.name, resp.Error.Message, tc.says)
		}
	}
	// Of the notifications, only didOpen failed (it needs params); the unknown one
	// is ignored quietly.
	var failed []string
	for _, e := range logs.FilterMessage("notification failed").All() {
		failed = append(failed, e.ContextMap()["method"].(string))
	}
	if strings.Join(failed, ",") != "textDocument/didOpen" {
		t.Errorf("notifications that failed: %v, want only textDocument/didOpen", failed)
	}
}
