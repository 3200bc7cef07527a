package resolve

import (
	"strconv"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Receivers follow their binding. The table names each app or router a file
// registers on by the expression written (`app`, `this.app`, `args.app`), and the
// join reaches each such name through the mounts and calls above it. Two functions
// of one file whose parameters share a name (`function users(app)`, `function
// admin(app)`) hold two apps, one per call that hands each its own: a receiver that
// starts at a parameter is named with the function it belongs to after an @
// (`app@120`, the function's offset), in every place a receiver is named (routes,
// mounts, the calls that hand it on, the parameters a call reaches, what a function
// returns or the file exports), so that each function's routes get the prefixes of
// its own calls only. ReceiverText gives back the name as written.

// ownerName is the table's name of the receiver expression n (above).
func (t *tableBuilder) ownerName(n *sitter.Node) string {
	text := syntax.Text(n, t.r.src)
	root := n
	for syntax.Kind(root) == syntax.MemberExpression {
		root = syntax.Unwrap(syntax.Field(root, syntax.FieldObject))
	}
	if syntax.Kind(root) != syntax.Identifier {
		return text
	}
	_, b := t.r.binding(syntax.Text(root, t.r.src), root.StartByte())
	if b == nil || b.kind != bindParam || b.fn == nil {
		return text
	}
	return text + paramMark(b.fn)
}

// paramMark is the suffix of the receivers that start at a parameter of fn.
func paramMark(fn *sitter.Node) string {
	return "@" + strconv.FormatUint(uint64(fn.StartByte()), 10)
}

// ownerParams are fn's parameter names as the table names the receivers they are
// ("" for a pattern), nil without any.
func ownerParams(fn *sitter.Node, src []byte) []string {
	names := paramNames(fn, src)
	for i, name := range names {
		if name != "" {
			names[i] = name + paramMark(fn)
		}
	}
	return names
}

// ReceiverText is a receiver's name as the source writes it: `app` of `app@120`.
func ReceiverText(receiver string) string {
	if at := strings.LastIndexByte(receiver, '@'); at > 0 {
		if _, err := strconv.ParseUint(receiver[at+1:], 10, 64); err == nil {
			return receiver[:at]
		}
	}
	return receiver
}
