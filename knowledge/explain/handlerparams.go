package explain

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// NextAPI is the canonical name of an Express handler's next parameter. The resolver
// names the request and response parameters (express.request, express.response) but
// leaves next a local; its type is exported by express as NextFunction, so that is the
// name knowledge entries list and a TypeScript `NextFunction` import resolves to.
const NextAPI = "express.NextFunction"

// IsHandlerNext reports whether the identifier id is, or refers to, the last of three
// or four parameters of a function the resolver knows as an Express handler:
// `(req, res, next)` or `(err, req, res, next)`. The innermost function that declares
// the name decides, so a nested callback's own `next` parameter shadows it.
func IsHandlerNext(r *resolve.Resolver, id *sitter.Node) bool {
	name := syntax.Text(id, r.Source())
	for fn := syntax.EnclosingFunction(id); fn != nil; fn = syntax.EnclosingFunction(fn) {
		params := syntax.Params(fn)
		for i, p := range params {
			if syntax.ParamName(p, r.Source()) != name {
				continue
			}
			h := r.Handler(fn)
			return h != nil && h.Framework == "express" && i == len(params)-1 && (len(params) == 3 || len(params) == 4)
		}
	}
	return false
}
