package server

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

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
//   - a message without params (JSON-RPC makes them optional) is MethodNotFound for a
//     method nodecoach does not know, InvalidParams for one that needs params, and
//     params of the wrong shape are InvalidParams too (see withoutParams);
//   - a notification never returns an error: jsonrpc2 would end the connection.
func (s *Server) handler(impl protocol.Server) jsonrpc2.Handler {
	inner := protocol.ServerHandler(impl, jsonrpc2.MethodNotFoundHandler)
	gated := protocol.CancelHandler(func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		call := req.IsCall()
		if call {
			// Release every call before anything else, but only once the cancel
			// wrapper has registered it, on the read loop: a $/cancelRequest right
			// behind the request then finds it (released first, the request could
			// still be on its way to the wrapper when the read loop handled the cancel,
			// which was lost). The wrapper's context watches the request's context from
			// another goroutine, and only a released request is kept alive (not
			// recycled) until that goroutine ends: it is released before this handler
			// can return.
			jsonrpc2.Async(ctx)
		}
		if !serialMethod(req) {
			s.lifecycle.RLock() // wait for an initialize or shutdown in progress
			s.lifecycle.RUnlock()
		}
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
		if len(req.Params()) == 0 {
			if result, answered, err := s.withoutParams(ctx, impl, req); answered {
				return result, err
			}
		}
		result, err := inner(ctx, req)
		if call && ctx.Err() != nil {
			return nil, protocol.ErrRequestCancelled
		}
		if errors.Is(err, jsonrpc2.ErrParse) {
			// The message itself was JSON (the stream answers ParseError for what is
			// not): the dispatcher's parse error means params of the wrong shape.
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("invalid params for %s: %s",
				req.Method(), strings.TrimPrefix(err.Error(), jsonrpc2.ErrParse.Error()+": ")))
		}
		return result, err
	})
	return func(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
		call := req.IsCall()
		if serialMethod(req) {
			s.lifecycle.Lock()
			defer s.lifecycle.Unlock()
		}
		method := string(append([]byte(nil), req.Method()...)) // the borrowed method dies with the frame
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

// serialMethod: initialize and shutdown change what every later message means (the
// position encoding, the lifecycle state). They hold the lifecycle lock, taken on the
// read loop before the request is released, and every other message waits for it. A
// client that does not wait for the answer to initialize before its next messages
// (the spec says it must) then still has them applied in order, not dropped as
// "before initialize".
func serialMethod(req *jsonrpc2.Request) bool {
	return req.Method() == protocol.MethodInitialize || req.Method() == protocol.MethodShutdown
}

// paramsTypes maps each method a client may send to the type of its params ("" when it
// takes none, as shutdown and exit), from the protocol's registry.
var paramsTypes = func() map[string]string {
	out := map[string]string{}
	for _, m := range protocol.Methods {
		if m.Direction != protocol.DirectionServerToClient {
			out[m.Method] = m.ParamsType
		}
	}
	return out
}()

// withoutParams answers a message that has no params, or null ones, which protocol's
// dispatcher would answer ParseError ("unexpected EOF") whatever the method: an
// unknown method is MethodNotFound, a method that needs params InvalidParams, and
// initialized, whose params carry nothing, runs as if they were {}. answered is false
// for a method that takes no params (shutdown, exit): the dispatcher handles it.
func (s *Server) withoutParams(ctx context.Context, impl protocol.Server, req *jsonrpc2.Request) (result any, answered bool, err error) {
	method := req.Method()
	paramsType, known := paramsTypes[method]
	switch {
	case customMethods[method]:
		result, err := s.Request(ctx, method, nil) // nodecoach's own: params are optional
		return result, true, err
	case !known:
		return nil, true, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "method not found: "+method)
	case paramsType == "":
		return nil, false, nil
	case method == protocol.MethodInitialized:
		return nil, true, impl.Initialized(ctx, &protocol.InitializedParams{})
	}
	return nil, true, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("%s needs params (%s)", method, paramsType))
}
