package resolve

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Routers handed to a function that mounts them. `function create(env, apiv1) {
// const app = express(); app.use('/', apiv1); return app }`, called as
// `create(env, api)`, mounts api at '/' on its app: the routes of the router a call
// hands a parameter get the prefixes of each use of that parameter, as if the use
// named the router. What is handed is an app or router of the calling file, or the
// router a factory call returns (`const api = require('./api')(env, ctx)`, the same
// the mount of that call follows). The use of a parameter is also kept as a use row
// (its argument may be a middleware function), and a parameter no call hands a
// router adds nothing.

// paramMount is the mount of a use argument that is a parameter of the enclosing
// function, named as its receiver is (routetable_owners.go).
func (t *tableBuilder) paramMount(arg *sitter.Node) (Mount, bool) {
	if syntax.Kind(arg) != syntax.Identifier {
		return Mount{}, false
	}
	_, b := t.r.binding(syntax.Text(arg, t.r.src), arg.StartByte())
	if b == nil || b.kind != bindParam {
		return Mount{}, false
	}
	t.passedParams = append(t.passedParams, arg) // its function's parameters, for the calls
	return Mount{Router: t.ownerName(arg), Target: t.target(arg)}, true
}

// handedRouters adds, for each call that hands a router to a parameter some use
// mounts, that use's mount above the router handed (see above).
func handedRouters(files []FileRoutes, byKey map[string][]int, parents map[routeOwner][]mountEdge) {
	for i, f := range files {
		for _, p := range f.Passes {
			if p.Prop != "" {
				continue // an options property: no parameter of its own
			}
			var uses []mountEdge
			collect := func(j int, name string) bool {
				params, ok := files[j].Params[name]
				if !ok || p.Arg >= len(params) || params[p.Arg] == "" {
					return ok
				}
				for _, m := range files[j].Mounts {
					if m.Router == params[p.Arg] && (m.Method == "" || m.Method == "USE") {
						uses = append(uses, mountEdge{parent: routeOwner{j, m.Receiver}, prefix: m.Prefix, middleware: m.Middleware})
					}
				}
				return ok
			}
			switch {
			case p.Method:
				continue // a method matched by name hands apps, not routers to mount
			case p.Key == "":
				collect(i, p.Name)
			default:
				exportedBy(files, byKey, p.Key, p.Name, collect)
			}
			if len(uses) == 0 {
				continue
			}
			for _, child := range handedOwners(files, byKey, i, p) {
				parents[child] = append(parents[child], uses...)
			}
		}
	}
}

// handedOwners are the receivers a pass hands: its own, the router a function of
// the file returns, or the one another module's factory returns.
func handedOwners(files []FileRoutes, byKey map[string][]int, i int, p Pass) []routeOwner {
	switch {
	case p.Factory == nil:
		return []routeOwner{{i, p.Receiver}}
	case p.Factory.Router != "":
		return []routeOwner{{i, p.Factory.Router}}
	}
	var out []routeOwner
	exportedBy(files, byKey, p.Factory.Key, p.Factory.Name, func(j int, name string) bool {
		held := files[j].Exports
		if p.Factory.Call {
			held = files[j].Returns
		}
		recv, ok := held[name]
		if ok && j != i {
			out = append(out, routeOwner{j, recv})
		}
		return ok
	})
	return out
}
