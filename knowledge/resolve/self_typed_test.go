package resolve

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// A parameter annotated with its own name used to recurse until the stack overflowed
// (found by FuzzCheck): the lookup of the type found the parameter, whose type is
// looked up again. A stack overflow is fatal in Go, so it took the server down.
func TestParameterTypedByItsOwnName(t *testing.T) {
	for _, src := range []string{
		"export const get = async (e: e<d>) => nd(e);",
		"function h(req: req, res: res) { res.send(req.body); }",
		"app.get('/', (req: req.Request, res) => res.send(1));",
	} {
		r, tree := parse(t, syntax.TypeScript, src)
		r.Lookup("e", uint(len(src)-3))
		for _, fn := range r.Functions() {
			for _, p := range syntax.Params(fn) {
				r.At(tree.RootNode(), p.StartByte())
			}
		}
	}
}
