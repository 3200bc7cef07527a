package rules

import (
	"sort"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// secFindDeclarator finds the declarator that binds the name id uses, searching the
// enclosing functions and then the module top level for the last declaration before
// id. It is a syntactic search for the cases the resolver's Initializer does not
// cover (destructuring, shorthand properties); nil when the name is not declared.
// Each region is indexed once per check (see regionDeclarators): a rule asks this of
// every name a query is passed by, and a walk per question was quadratic in the file.
func secFindDeclarator(pass *analysis.Pass, id *sitter.Node) *sitter.Node {
	name := pass.Text(id)
	if !pass.Resolver.Bound(name, id.StartByte()) {
		return nil
	}
	at := id.StartByte()
	for fn := syntax.EnclosingFunction(id); fn != nil; fn = syntax.EnclosingFunction(fn) {
		if d := lastDeclaratorBefore(regionDeclarators(pass, syntax.Field(fn, syntax.FieldBody))[name], at); d != nil {
			return d
		}
	}
	return lastDeclaratorBefore(regionDeclarators(pass, pass.File.Tree.RootNode())[name], at)
}

// regionDeclarators lists the variable declarators of a region, a function's body or
// the module, leaving out the functions written inside it (each is a region of its
// own), by every name their pattern holds: an identifier or a shorthand property
// anywhere in it, a default value's names included. The lists are in source order.
func regionDeclarators(pass *analysis.Pass, region *sitter.Node) map[string][]*sitter.Node {
	if region == nil {
		return nil
	}
	return askNode(pass, "declarators by name", region, func() map[string][]*sitter.Node {
		out := map[string][]*sitter.Node{}
		walkNamed(region, true, func(n *sitter.Node) bool {
			if syntax.Kind(n) != syntax.VariableDeclarator {
				return true
			}
			seen := map[string]bool{}
			walkNamed(syntax.Field(n, syntax.FieldName), true, func(p *sitter.Node) bool {
				if k := syntax.Kind(p); k == syntax.Identifier || k == syntax.ShorthandPropertyIdentifierPattern {
					if name := pass.Text(p); !seen[name] {
						seen[name] = true
						out[name] = append(out[name], n)
					}
				}
				return true
			})
			return true
		})
		return out
	})
}

// lastDeclaratorBefore is the last of decls (in source order) that starts before
// offset at, nil when none does.
func lastDeclaratorBefore(decls []*sitter.Node, at uint) *sitter.Node {
	i := sort.Search(len(decls), func(i int) bool { return decls[i].StartByte() >= at })
	if i == 0 {
		return nil
	}
	return decls[i-1]
}
