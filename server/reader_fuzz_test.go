package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// pipeEnds is the server's side of two in-memory pipes. Close closes both, as the
// real binary's end of the session does.
type pipeEnds struct {
	r *io.PipeReader
	w *io.PipeWriter
}

func (p pipeEnds) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p pipeEnds) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipeEnds) Close() error {
	p.r.Close()
	return p.w.Close()
}

// rawSession is the server speaking over pipes with its real framing (Serve), and
// the test holding the other ends as bytes.
type rawSession struct {
	s    *Server
	in   *io.PipeWriter // what the test writes, the server reads
	out  *io.PipeReader // what the server writes, the test reads
	done chan int       // Serve's exit code
}

func startRaw(s *Server) *rawSession {
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	r := &rawSession{s: s, in: clientOut, out: clientIn, done: make(chan int, 1)}
	go func() { r.done <- s.Serve(context.Background(), pipeEnds{serverIn, serverOut}) }()
	return r
}

// lspFrame frames a JSON body.
func lspFrame(body string) []byte {
	return []byte("Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)
}

// frames splits input the way the server's reader does and reports whether it is a
// whole number of well-formed frames, and whether one of them asks the server to
// exit (alone or in a batch).
func frames(input []byte) (wellFramed, exits bool) {
	r := bufio.NewReaderSize(bytes.NewReader(input), readBufferBytes)
	for {
		length, have, started := 0, false, false
		for {
			line, err := r.ReadSlice('\n')
			if err != nil {
				return errors.Is(err, io.EOF) && len(line) == 0 && !started, exits
			}
			field := bytes.TrimRight(line, "\r\n")
			if len(field) == 0 {
				if have {
					break
				}
				if !started {
					continue
				}
				return false, exits
			}
			started = true
			name, value, ok := bytes.Cut(field, []byte(":"))
			if !ok {
				return false, exits
			}
			if bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Length")) {
				n, err := strconv.Atoi(string(bytes.TrimSpace(value)))
				if err != nil || n < 0 || n > maxFrameBytes {
					return false, exits
				}
				length, have = n, true
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return false, exits
		}
		if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '[' {
			if msgs, err := jsonrpc2.ParseRequests(body); err == nil {
				for _, m := range msgs {
					if m.Err == nil && m.Msg.Method() == "exit" {
						exits = true
					}
				}
			}
		} else if msg, err := jsonrpc2.DecodeMessage(body); err == nil {
			if req, ok := msg.(jsonrpc2.RequestMessage); ok && req.Method() == "exit" {
				exits = true
			}
		}
	}
}

const probeID = "probe-3f9c"

// FuzzMessageReader feeds arbitrary bytes to a server over pipes, then a well-formed
// request, then end of input. The server must never panic or hang: when the bytes
// were whole, well-formed frames (whatever their bodies: garbled JSON, wrong types,
// batches, unknown methods), it answers the request; otherwise it may end the
// connection; and at end of input Serve returns.
func FuzzMessageReader(f *testing.F) {
	seeds := [][]byte{
		lspFrame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`),
		append(lspFrame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"textDocument":{"diagnostic":{}}}}}`),
			lspFrame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:a.js","languageId":"javascript","version":1,"text":"app.get('/', (req, res) => fs.readFileSync('a'))"}}}`)...),
		lspFrame(`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:a.js"},"position":{"line":0,"character":30}}}`),
		lspFrame(`{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":5}`),
		lspFrame(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:a.js","version":"x"}}}`),
		lspFrame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":true}}`),
		lspFrame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":[1]}}`),
		lspFrame(`{"jsonrpc":"2.0","id":4,"method":"nodecoach/unknown"}`),
		lspFrame(`{"jsonrpc":"2.0","method":"$/unknownNotification","params":{}}`),
		lspFrame(`{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}`),
		lspFrame(`{"jsonrpc":"1.0","id":5,"method":"shutdown"}`),
		lspFrame(`{"jsonrpc":"2.0","id":6,"result":{}}`),
		lspFrame(`{"jsonrpc":"2.0","id":7,"method":"x","result":1}`),
		lspFrame(`{"jsonrpc":"2.0","id":8,"method":`),
		lspFrame(`not json at all`),
		lspFrame(`[]`),
		lspFrame(`[1, {"jsonrpc":"2.0","id":9,"method":"shutdown"}]`),
		lspFrame(`[{"jsonrpc":"2.0","method":"initialized","params":{}}`),
		lspFrame(`{"jsonrpc":"2.0","method":"exit"}`),
		lspFrame(""),
		[]byte("Content-Length: 0\r\n\r\n"),
		[]byte("\r\n\r\nContent-Length: 2\r\n\r\n{}"),
		[]byte("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}"),
		[]byte("content-length:2\n\n{}"),
		[]byte("Content-Length: abc\r\n\r\n{}"),
		[]byte("Content-Length: -1\r\n\r\n"),
		[]byte("Content-Length: 999999999\r\n\r\n{"),
		[]byte("Content-Length: 99999999999999999999\r\n\r\n"),
		[]byte("Content-Type: text/plain\r\n\r\n{}"),
		[]byte("Content-Length 12\r\n\r\n"),
		[]byte("Content-Length: 5\r\n\r\n{"),
		[]byte("Content-Length: 5\r\n"),
		[]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
		[]byte("\x00\xff\xfe\x01garbage\n"),
		bytes.Repeat([]byte("A"), 70000),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		defer watchdog(40 * time.Second)()
		// Keep the disk out of it: a file: workspace folder would be indexed.
		if bytes.Contains(bytes.ToLower(input), []byte("file")) || bytes.Contains(input, []byte(`\u`)) {
			return
		}
		wellFramed, exits := frames(input)
		expectAnswer := wellFramed && !exits
		r := startRaw(New(Options{Name: "nodecoach", Version: "fuzz", Logger: zap.NewNop()}))

		answered := make(chan wireMessage, 1)
		readerDone := make(chan struct{})
		go func() {
			defer close(readerDone)
			out := bufio.NewReader(r.out)
			for {
				msgs, err := readMessages(out)
				if err != nil {
					return
				}
				for _, m := range msgs {
					if m.ID != nil && string(*m.ID) == `"`+probeID+`"` {
						answered <- m
					}
				}
			}
		}()
		go func() {
			// Writes fail once the server has closed its end; that is allowed.
			if _, err := r.in.Write(input); err == nil {
				_, _ = r.in.Write(lspFrame(`{"jsonrpc":"2.0","id":"` + probeID + `","method":"shutdown"}`))
			}
		}()

		if expectAnswer {
			select {
			case <-answered:
			case code := <-r.done:
				r.done <- code
				t.Errorf("the server ended (code %d) after well-formed frames instead of answering", code)
			case <-time.After(10 * time.Second):
				t.Errorf("no answer within 10s after well-formed frames")
			}
		}
		r.in.Close() // end of input
		select {
		case <-r.done:
		case <-time.After(10 * time.Second):
			t.Fatalf("the server did not end within 10s of the end of its input")
		}
		r.out.Close()
		<-readerDone
		if t.Failed() {
			t.Logf("input %q", input)
		}
	})
}

// wireMessage is any JSON-RPC message, as the test reads the server's output.
type wireMessage struct {
	ID     *json.RawMessage `json:"id"`
	Method string           `json:"method"`
	Params json.RawMessage  `json:"params"`
	Result json.RawMessage  `json:"result"`
	Error  *struct {
		Code    int64  `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// readMessages reads the next frame the server wrote: one message, or a batch of
// responses.
func readMessages(r *bufio.Reader) ([]wireMessage, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			if length, err = strconv.Atoi(v); err != nil {
				return nil, err
			}
		}
	}
	if length < 0 {
		return nil, errors.New("no Content-Length from the server")
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	if len(body) > 0 && body[0] == '[' {
		var batch []wireMessage
		err := json.Unmarshal(body, &batch)
		return batch, err
	}
	var m wireMessage
	err := json.Unmarshal(body, &m)
	return []wireMessage{m}, err
}
