package server

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// Lifecycle states, in order.
const (
	stateNew int32 = iota
	stateInitialized
	stateShutdown
)

// errNotInitialized is LSP's ServerNotInitialized (-32002).
var errNotInitialized = jsonrpc2.NewError(-32002, "server not initialized")

// handler wraps protocol's dispatcher with what the LSP lifecycle and an editor's
// safety need:
//   - requests before initialize and after shutdown get the errors the spec names,
//     and a second initialize is an InvalidRequest; notifications then are dropped
//     (exit excepted);
//   - notifications run inline, in arrival order (a didChange must never overtake the
//     one before it), while requests run concurrently, so a slow one cannot hold up
//     hover or the next edit;
//   - a request cancelled by $/cancelRequest is answered RequestCancelled (-32800)
//     as soon as its handler notices (parsing stops at once);
//   - a panic anywhere below, $/cancelRequest handling included, is answered as an
//     internal error and logged, and the server keeps serving;
//   - a notification never returns an error: jsonrpc2 would end the connection.
func (s *Server) handler(impl protocol.Server) jsonrpc2.Handler {
	inner := protocol.ServerHandler(impl, jsonrpc2.MethodNotFoundHandler)
	gated := protocol.CancelHandler(func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		call := req.IsCall()
		switch state := s.state.Load(); {
		case req.Method() == protocol.MethodExit:
		case req.Method() == protocol.MethodInitialize && state != stateNew:
			// A second initialize would renegotiate the position encoding under the
			// documents already open; the spec allows initialize once.
			if call {
				return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was already received")
			}
			return nil, nil
		case state == stateNew && req.Method() != protocol.MethodInitialize:
			if call {
				return nil, errNotInitialized
			}
			return nil, nil // notifications before initialize are dropped, as the spec says
		case state == stateShutdown:
			if call {
				return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is shut down")
			}
			return nil, nil
		}
		result, err := inner(ctx, req)
		if call && ctx.Err() != nil {
			return nil, protocol.ErrRequestCancelled
		}
		return result, err
	})
	return func(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
		call := req.IsCall()
		// initialize and shutdown change what every later message means (the position
		// encoding, the lifecycle state): they hold the lifecycle lock, taken here on
		// the read loop before the request is released, and every other message waits
		// for it. A client that does not wait for the answer to initialize before its
		// next messages (the spec says it must) then still has them applied in order,
		// not dropped as "before initialize".
		serial := req.Method() == protocol.MethodInitialize || req.Method() == protocol.MethodShutdown
		if serial {
			s.lifecycle.Lock()
			defer s.lifecycle.Unlock()
		}
		if call {
			// Release every call before anything else: the cancel wrapper's context
			// watches the request's context from another goroutine, and only a
			// released request is kept alive (not recycled) until that goroutine ends.
			jsonrpc2.Async(ctx)
		}
		method := string(append([]byte(nil), req.Method()...)) // the borrowed method dies with the frame
		if !serial {
			s.lifecycle.RLock() // wait for an initialize or shutdown in progress
			s.lifecycle.RUnlock()
		}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("recovered from a panic; the server keeps serving",
					zap.String("method", method), zap.Any("panic", p), zap.ByteString("stack", debug.Stack()))
				result, err = nil, jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("nodecoach: internal error in %s", method))
				if !call {
					err = nil // a notification error would close the connection
				}
			}
		}()
		result, err = gated(ctx, req)
		if err != nil && !call {
			var rpcErr *jsonrpc2.Error
			if errors.As(err, &rpcErr) && rpcErr.Code == jsonrpc2.MethodNotFound {
				s.log.Debug("ignored a notification nodecoach does not handle", zap.String("method", method))
			} else {
				s.log.Warn("notification failed", zap.String("method", method), zap.Error(err))
			}
			return nil, nil
		}
		return result, err
	}
}
