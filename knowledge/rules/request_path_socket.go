package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// servesRequest reports whether n runs while one client's request or message is
// answered: in a request handler, a method of a framework-managed controller, or a
// listener of a connection's messages (see inConnectionListener).
func servesRequest(pass *analysis.Pass, n *sitter.Node) bool {
	fn := syntax.EnclosingFunction(n)
	if fn == nil {
		return false
	}
	// The answer is the same for every node of fn's body: ask once per function.
	return askNode(pass, "serves a request", fn, func() bool {
		inside := syntax.Field(fn, syntax.FieldBody)
		if inside == nil {
			return false
		}
		return requestHandler(pass, inside) != nil || inManagedController(pass, inside) || inConnectionListener(pass, inside)
	})
}

// inConnectionListener reports whether n runs in a listener that a connection
// callback registers on its connection: `io.on('connection', socket => {
// socket.on('install', name => …) })` (socket.io, ws, net). The listener answers one
// client's message on the event loop every HTTP request shares: it is on the request
// path as much as an HTTP handler. The connection callback's own body is not: it runs
// once per connection.
func inConnectionListener(pass *analysis.Pass, n *sitter.Node) bool {
	for f := syntax.EnclosingFunction(n); f != nil; f = syntax.EnclosingFunction(f) {
		if askNode(pass, "connection listener", f, func() bool { return isConnectionListener(pass, f) }) {
			return true
		}
	}
	return false
}

// isConnectionListener: fn is the listener of `conn.on(event, fn)` (or once), where
// conn is the first parameter of a `server.on('connection' | 'connect', conn => …)`
// callback.
func isConnectionListener(pass *analysis.Pass, fn *sitter.Node) bool {
	conn, ok := listenerOf(pass, fn, 1)
	if !ok || syntax.Kind(conn) != syntax.Identifier {
		return false
	}
	callback := syntax.EnclosingFunction(fn)
	if callback == nil {
		return false
	}
	if params := syntax.Params(callback); len(params) == 0 || syntax.ParamName(params[0], pass.File.Src) != pass.Text(conn) {
		return false
	}
	call := listenerCall(callback, 1)
	if call == nil {
		return false
	}
	name, _ := syntax.StringValue(syntax.Field(call, syntax.FieldArguments).NamedChild(0), pass.File.Src)
	return name == "connection" || name == "connect"
}

// listenerOf is the receiver of `recv.on(event, fn)` or `recv.once(event, fn)` when fn
// is the argument at index i.
func listenerOf(pass *analysis.Pass, fn *sitter.Node, i uint) (*sitter.Node, bool) {
	call := listenerCall(fn, i)
	if call == nil {
		return nil, false
	}
	callee := syntax.Field(call, syntax.FieldFunction)
	if m := pass.Text(syntax.Field(callee, syntax.FieldProperty)); m != "on" && m != "once" {
		return nil, false
	}
	return syntax.Field(callee, syntax.FieldObject), true
}

// listenerCall is the `x.method(a, fn)` call fn is the argument at index i of, with a
// member callee; nil otherwise.
func listenerCall(fn *sitter.Node, i uint) *sitter.Node {
	args := syntax.Parent(fn)
	if args == nil || syntax.Kind(args) != syntax.Arguments || args.NamedChildCount() <= i || args.NamedChild(i).Id() != fn.Id() {
		return nil
	}
	call := syntax.Parent(args)
	if call == nil || syntax.Kind(call) != syntax.CallExpression || syntax.Kind(syntax.Field(call, syntax.FieldFunction)) != syntax.MemberExpression {
		return nil
	}
	return call
}
