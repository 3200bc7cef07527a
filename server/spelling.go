package server

import (
	"bytes"
	"encoding/json"
	"strconv"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// spelling keeps what the client wrote in a form the connection cannot carry as it
// is, and restores it in what the server writes back:
//
//   - A request id that is a JSON number but not a 64-bit integer (1.5, 2^63).
//     JSON-RPC allows any number; jsonrpc2 takes integers and strings only. Such an id
//     travels through the server as a private string, and its response carries the
//     number again, digit for digit, as does a $/cancelRequest naming it.
//   - A document URI spelled otherwise than its canonical form (a percent-escaped
//     slash, an upper-case drive letter, an escaped character vscode-uri leaves
//     plain). Every message is decoded into the canonical form; what the server writes
//     names the document as the client opened it, so that the client finds it again.
type spelling struct {
	mu   sync.Mutex
	ids  map[string][]byte // JSON of the private string id → the number as sent
	uris map[string][]byte // JSON of the canonical URI → JSON of the URI as opened
}

// maxSpellings bounds each map: a client that opens a million oddly spelled URIs
// gets canonical ones back past that.
const maxSpellings = 10000

// idPrefix starts a private id: a NUL no client puts in an id of its own.
const idPrefix = "\x00nodecoach-number-id:"

var (
	didOpenMethod = []byte(`"` + protocol.MethodTextDocumentDidOpen + `"`)
	cancelMethod  = []byte(`"` + protocol.MethodCancelRequest + `"`)
)

// incoming returns body as the server should read it: a request whose id is a
// number jsonrpc2 cannot hold, or a $/cancelRequest naming such an id, gets the
// private id instead; and the spelling of a document being opened is noted. bad is
// what the connection would answer body with as it is (nil when it takes it), and
// the answer for the body returned.
func (sp *spelling) incoming(body []byte, bad *jsonrpc2.Error) ([]byte, *jsonrpc2.Error) {
	if bad == nil {
		sp.noteURI(body)
		if !bytes.Contains(body, cancelMethod) || !sp.pendingIDs() {
			return body, nil
		}
	} else if bad.Code != jsonrpc2.InvalidRequest {
		return body, bad
	}
	var msg map[string]json.RawMessage
	if json.Unmarshal(body, &msg) != nil {
		return body, bad
	}
	if id, ok := msg["id"]; ok && isNonIntegerNumber(id) {
		msg["id"] = sp.privateID(id)
	} else {
		var params map[string]json.RawMessage
		if json.Unmarshal(msg["params"], &params) != nil || !isNonIntegerNumber(params["id"]) {
			return body, bad
		}
		params["id"] = sp.privateID(params["id"])
		msg["params"], _ = json.Marshal(params)
	}
	out, err := json.Marshal(msg)
	if err != nil {
		return body, bad
	}
	return out, invalidMessage(out)
}

func (sp *spelling) pendingIDs() bool {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return len(sp.ids) > 0
}

// isNonIntegerNumber tells a JSON number that is not an int64 (a fraction, an
// exponent, or out of range).
func isNonIntegerNumber(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || !(v[0] == '-' || v[0] >= '0' && v[0] <= '9') {
		return false
	}
	if !json.Valid(v) {
		return false
	}
	_, err := strconv.ParseInt(string(v), 10, 64)
	return err != nil
}

// privateID returns the JSON string that stands for the number n while its request
// is in the server.
func (sp *spelling) privateID(n json.RawMessage) json.RawMessage {
	n = bytes.TrimSpace(n)
	private, _ := json.Marshal(idPrefix + string(n))
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.ids == nil {
		sp.ids = map[string][]byte{}
	}
	if len(sp.ids) < maxSpellings {
		sp.ids[string(private)] = bytes.Clone(n)
	}
	return private
}

// noteURI remembers the spelling of a document the client opens, when it is not the
// canonical one.
func (sp *spelling) noteURI(body []byte) {
	if !bytes.Contains(body, didOpenMethod) {
		return
	}
	var msg struct {
		Method string `json:"method"`
		Params struct {
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
		} `json:"params"`
	}
	if json.Unmarshal(body, &msg) != nil || msg.Method != protocol.MethodTextDocumentDidOpen {
		return
	}
	sent := msg.Params.TextDocument.URI
	canonical, err := uri.Parse(sent)
	if err != nil || string(canonical) == sent {
		return
	}
	key, _ := json.Marshal(string(canonical))
	spelled, _ := json.Marshal(sent)
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.uris == nil {
		sp.uris = map[string][]byte{}
	}
	if _, known := sp.uris[string(key)]; known || len(sp.uris) < maxSpellings {
		sp.uris[string(key)] = spelled
	}
}

// restore puts the client's spellings back into an outgoing body.
func (sp *spelling) restore(body []byte) []byte {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	for private, n := range sp.ids {
		if bytes.Contains(body, []byte(private)) {
			// Only the response to that request names it: the request is over.
			body = bytes.Replace(body, []byte(private), n, 1)
			delete(sp.ids, private)
		}
	}
	for canonical, spelled := range sp.uris {
		if bytes.Contains(body, []byte(canonical)) {
			body = bytes.ReplaceAll(body, []byte(canonical), spelled)
		}
	}
	return body
}
