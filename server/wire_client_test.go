package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// wireClient drives a raw session the way an editor does and reads what the server
// writes in the order it wrote it: it writes messages without waiting, answers the
// server's requests (work-done progress tokens), and keeps the $/progress kinds and
// the responses by id.
type wireClient struct {
	t         *testing.T
	r         *rawSession
	mu        sync.Mutex
	progress  []string // begin, report, end, in wire order
	responses map[string]wireMessage
	more      chan struct{} // a message arrived
	err       error         // the server's output ended
}

func newWireClient(t *testing.T, r *rawSession) *wireClient {
	c := &wireClient{t: t, r: r, responses: map[string]wireMessage{}, more: make(chan struct{}, 1)}
	out := bufio.NewReader(r.out)
	go func() {
		for {
			msgs, err := readMessages(out)
			c.mu.Lock()
			c.err = err
			for _, m := range msgs {
				switch {
				case m.ID != nil && m.Method != "":
					go r.in.Write(lspFrame(`{"jsonrpc":"2.0","id":` + string(*m.ID) + `,"result":null}`))
				case m.Method == "$/progress":
					var p struct{ Value struct{ Kind string } }
					json.Unmarshal(m.Params, &p)
					c.progress = append(c.progress, p.Value.Kind)
				case m.ID != nil:
					c.responses[strings.Trim(string(*m.ID), `"`)] = m
				}
			}
			c.mu.Unlock()
			select {
			case c.more <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
	return c
}

// send writes one message; the server must read it within 20 s (a read loop stuck
// in a handler would block the write forever).
func (c *wireClient) send(body string) {
	c.t.Helper()
	written := make(chan error, 1)
	go func() {
		_, err := c.r.in.Write(lspFrame(body))
		written <- err
	}()
	select {
	case err := <-written:
		if err != nil {
			c.t.Fatalf("the server stopped reading: %v", err)
		}
	case <-time.After(20 * time.Second):
		buf := make([]byte, 1<<20)
		c.t.Fatalf("the server did not read a message for 20 s; goroutines:\n%s", buf[:runtime.Stack(buf, true)])
	}
}

// wait returns the response to id, failing when the server's output ends or 20 s
// pass.
func (c *wireClient) wait(id string) wireMessage {
	c.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		c.mu.Lock()
		m, ok := c.responses[id]
		err := c.err
		c.mu.Unlock()
		if ok {
			return m
		}
		if err != nil {
			c.t.Fatalf("no response %s: the server's output ended (%v)", id, err)
		}
		select {
		case <-c.more:
		case <-deadline:
			c.t.Fatalf("no response %s within 20 s", id)
		}
	}
}

// call sends a request and waits for its response.
func (c *wireClient) call(id, method, params string) wireMessage {
	c.t.Helper()
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%q,"method":%q,"params":%s}`, id, method, params))
	return c.wait(id)
}

// kinds are the $/progress kinds seen so far, in wire order.
func (c *wireClient) kinds() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.progress...)
}
