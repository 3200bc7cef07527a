package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// stream is the LSP base protocol (Content-Length frames) over the editor's pipes,
// with two differences from jsonrpc2's own header stream, both about surviving a
// misbehaving peer:
//
//   - Reading. jsonrpc2 ends the connection on a frame whose body is not a JSON-RPC
//     message (the read loop stops at the decode error), and allocates a frame's
//     declared Content-Length before the bytes arrive. Here a well-framed body that is
//     not valid JSON, or not a valid JSON-RPC message, is answered with a null-id
//     ParseError (-32700) or InvalidRequest (-32600) response, as JSON-RPC 2.0
//     specifies, and skipped; the connection goes on. A broken header (no
//     Content-Length, a line without a colon, a length that is not a number or is over
//     maxFrameBytes, a header line over the buffer size) leaves no way to find the next
//     frame, so it ends the connection, as does end of input inside a frame. The body
//     buffer grows as bytes arrive, so a header that declares a gigabyte costs nothing
//     until a gigabyte is sent.
//
//   - Writing. jsonrpc2 writes each message on the caller's goroutine, so a client
//     that stops reading its pipe blocks every writer, including the read loop when a
//     notification handler publishes (didClose clears diagnostics), and then exit is
//     never read. Here Write only queues the frame; one goroutine writes the queue in
//     order. A publishDiagnostics still waiting in the queue is replaced by a newer one
//     for the same document (stale diagnostics are dropped, never reordered after a
//     newer one). Past maxQueuedBytes waiting, the client is taken for gone: writes
//     fail, jsonrpc2 shuts the connection down and the server exits.
type stream struct {
	rwc   io.ReadWriteCloser
	log   *zap.Logger
	spell spelling // what the client wrote that the connection cannot carry as is

	// Reading: used by the connection's reader only, one goroutine at a time.
	in   *bufio.Reader
	body bytes.Buffer

	mu      sync.Mutex
	cond    sync.Cond
	queue   []*frame
	pending map[string]*frame // queued publishDiagnostics by document URI
	queued  int               // bytes in queue
	err     error             // writes fail with it once set
	closed  bool
	dropped int // stale diagnostics replaced while queued, for the log
}

type frame struct {
	key  string // the document URI of a publishDiagnostics, else ""
	data []byte // header and body
}

const (
	// maxFrameBytes bounds one incoming message, as jsonrpc2 does (1 GiB).
	maxFrameBytes = 1 << 30
	// readBufferBytes is the read buffer, and so the longest header line accepted.
	readBufferBytes = 64 << 10
)

// maxQueuedBytes bounds the output waiting for a client that does not read (a
// variable for tests).
var maxQueuedBytes = 64 << 20

// errClientNotReading fails writes once maxQueuedBytes wait for the client.
var errClientNotReading = errors.New("the client has stopped reading what the server writes")

func newStream(rwc io.ReadWriteCloser, log *zap.Logger) *stream {
	s := &stream{rwc: rwc, log: log, in: bufio.NewReaderSize(rwc, readBufferBytes), pending: map[string]*frame{}}
	s.cond.L = &s.mu
	go s.writeLoop()
	return s
}

// Read implements jsonrpc2.Stream; the connection prefers ReadFrame.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	body, n, err := s.ReadFrame(ctx)
	if err != nil {
		return nil, 0, err
	}
	msg, err := jsonrpc2.DecodeMessage(body)
	return msg, n, err
}

// ReadFrame returns the body of the next frame that holds a JSON-RPC message (or a
// batch), answering and skipping the others. The body is valid until the next read.
func (s *stream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		length, header, err := s.readHeader()
		if err != nil {
			return nil, 0, err
		}
		if s.body.Cap() > 16<<20 && length < 1<<20 {
			s.body = bytes.Buffer{} // let a past huge document's buffer go
		}
		s.body.Reset()
		if _, err := io.CopyN(&s.body, s.in, int64(length)); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, 0, err
		}
		body := s.body.Bytes()
		body, bad := s.spell.incoming(body, invalidMessage(body))
		if bad != nil {
			s.log.Warn("answered a malformed message with an error and skipped it",
				zap.Int64("code", int64(bad.Code)), zap.String("error", bad.Message), zap.Int("bytes", length))
			_, _ = s.enqueue("", jsonrpc2.AppendResponse(nil, jsonrpc2.ID{}, nil, bad))
			continue
		}
		return body, int64(header + length), nil
	}
}

// readHeader reads one header block and returns the Content-Length it declares and
// the header's size. Other fields are ignored; blank lines before a header are
// skipped.
func (s *stream) readHeader() (length, consumed int, err error) {
	have := false
	for {
		line, err := s.in.ReadSlice('\n')
		if err != nil {
			switch {
			case errors.Is(err, io.EOF) && consumed == 0 && len(line) == 0:
				return 0, 0, io.EOF
			case errors.Is(err, io.EOF):
				return 0, 0, io.ErrUnexpectedEOF
			case errors.Is(err, bufio.ErrBufferFull):
				return 0, 0, fmt.Errorf("%w: a header line longer than %d bytes", jsonrpc2.ErrInvalidHeader, readBufferBytes)
			}
			return 0, 0, err
		}
		consumed += len(line)
		field := bytes.TrimRight(line, "\r\n")
		if len(field) == 0 {
			if have {
				return length, consumed, nil
			}
			if consumed == len(line) {
				consumed = 0 // a stray line break between frames
				continue
			}
			return 0, 0, fmt.Errorf("%w: no Content-Length", jsonrpc2.ErrInvalidHeader)
		}
		name, value, ok := bytes.Cut(field, []byte(":"))
		if !ok {
			return 0, 0, fmt.Errorf("%w: %q", jsonrpc2.ErrInvalidHeader, truncate(field))
		}
		if !bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Length")) {
			continue
		}
		n, err := strconv.Atoi(string(bytes.TrimSpace(value)))
		if err != nil || n < 0 || n > maxFrameBytes {
			return 0, 0, fmt.Errorf("%w: Content-Length %q", jsonrpc2.ErrInvalidHeader, truncate(value))
		}
		length, have = n, true
	}
}

func truncate(b []byte) []byte {
	if len(b) > 64 {
		return b[:64]
	}
	return b
}

// invalidMessage returns the error to answer body with, nil when it is a message (or
// a batch) the connection can take.
func invalidMessage(body []byte) *jsonrpc2.Error {
	var err error
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		_, err = jsonrpc2.ParseRequests(body)
	} else {
		_, err = jsonrpc2.DecodeMessage(body)
	}
	if err == nil {
		return nil
	}
	var e *jsonrpc2.Error
	if errors.As(err, &e) {
		return e
	}
	return jsonrpc2.NewError(jsonrpc2.ParseError, err.Error())
}

// Write implements jsonrpc2.Stream: it queues msg and returns.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	body, err := jsonrpc2.EncodeMessage(msg)
	if err != nil {
		return 0, err
	}
	body = s.spell.restore(body)
	return s.enqueue(diagnosticsURI(body), body)
}

// WriteFrame queues an encoded body (the connection's batch responses).
func (s *stream) WriteFrame(ctx context.Context, body []byte) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return s.enqueue("", s.spell.restore(bytes.Clone(body)))
}

const publishPrefix = `{"jsonrpc":"2.0","method":"` + protocol.MethodTextDocumentPublishDiagnostics + `","params":`

// diagnosticsURI returns the document of a publishDiagnostics notification, "" for
// any other message.
func diagnosticsURI(body []byte) string {
	if !bytes.HasPrefix(body, []byte(publishPrefix)) {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(body[len(publishPrefix):]))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return ""
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return ""
		}
		if key == "uri" {
			var uri string
			if dec.Decode(&uri) != nil {
				return ""
			}
			return uri
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return ""
		}
	}
	return ""
}

func (s *stream) enqueue(key string, body []byte) (int64, error) {
	data := make([]byte, 0, len(body)+32)
	data = append(data, "Content-Length: "...)
	data = strconv.AppendInt(data, int64(len(body)), 10)
	data = append(data, "\r\n\r\n"...)
	data = append(data, body...)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.err != nil:
		return 0, s.err
	case s.closed:
		return 0, io.ErrClosedPipe
	}
	if f := s.pending[key]; key != "" && f != nil {
		s.queued += len(data) - len(f.data)
		f.data = data
		s.dropped++
		return int64(len(data)), nil
	}
	if s.queued+len(data) > maxQueuedBytes {
		s.err = errClientNotReading
		s.log.Error("closing the connection", zap.Error(s.err), zap.Int("queuedMessages", len(s.queue)),
			zap.Int("queuedBytes", s.queued), zap.Int("staleDiagnosticsDropped", s.dropped))
		return 0, s.err
	}
	f := &frame{key: key, data: data}
	s.queue = append(s.queue, f)
	if key != "" {
		s.pending[key] = f
	}
	s.queued += len(data)
	s.cond.Signal()
	return int64(len(data)), nil
}

// writeLoop writes the queue in order until the stream is closed and drained, or a
// write fails.
func (s *stream) writeLoop() {
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.cond.Wait()
		}
		if len(s.queue) == 0 || s.err != nil {
			s.mu.Unlock()
			return
		}
		f := s.queue[0]
		s.queue[0] = nil
		s.queue = s.queue[1:]
		if s.pending[f.key] == f {
			delete(s.pending, f.key)
		}
		s.queued -= len(f.data)
		s.mu.Unlock()
		if _, err := s.rwc.Write(f.data); err != nil {
			s.mu.Lock()
			if s.err == nil {
				s.err = err
			}
			s.queue, s.queued = nil, 0
			clear(s.pending)
			s.mu.Unlock()
			return
		}
	}
}

// Close closes the pipes; the writer stops at its next frame (or its blocked write
// fails, when closing the pipes interrupts it).
func (s *stream) Close() error {
	s.mu.Lock()
	s.closed = true
	s.cond.Broadcast()
	s.mu.Unlock()
	return s.rwc.Close()
}
